/// The rules the tracker formats share, so that their runs meet in one comparison: how a key
/// names a series, wall times as milliseconds, a file's folder, a problem at a byte offset.
enum FormatRules {
    /// `acc/top1/train` → metric `acc`, variant `top1/train` (TensorBoard groups its charts by the
    /// first part); a key without `/` is both.
    static func seriesKey(_ key: String) -> SeriesKey {
        guard let slash = key.firstIndex(of: "/") else { return SeriesKey(metric: key, variant: key) }
        return SeriesKey(metric: String(key[..<slash]), variant: String(key[key.index(after: slash)...]))
    }

    /// Seconds since the epoch as whole milliseconds (floored); nil when not a time.
    static func milliseconds(_ seconds: Double) -> Int64? {
        let value = (seconds * 1000).rounded(.down)
        guard value.isFinite, value > 0, value < 9.2e18 else { return nil }
        return Int64(value)
    }

    /// A file's folder and name.
    static func split(_ path: String) -> (String, [String]) {
        guard let slash = path.lastIndex(of: "/") else { return (".", [path]) }
        return (slash == path.startIndex ? "/" : String(path[..<slash]), [String(path[path.index(after: slash)...])])
    }

    /// Something wrong at byte `offset` of a binary file, reported as `FILE @OFFSET: reason`.
    static func problem(_ source: String, _ offset: Int, _ reason: String) -> InputProblem {
        InputProblem(source: source + " @\(offset)", reason: .unreadable(reason))
    }
}
