/// A stream of bytes: a file or a range of one, a gzip stream, a zip entry.
public protocol ByteSource {
    /// Fills the front of `buffer` and returns how many bytes were written; 0 at the end.
    /// Throws `InputError` when the bytes cannot be read or do not decode.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads everything that is left, up to `limit` bytes.
    mutating func readAll(limit: Int = Int.max) throws -> [UInt8] {
        var result: [UInt8] = []
        try append(upTo: limit, into: &result)
        return result
    }

    /// Reads up to `limit` bytes, keeping what came before an error (for sniffing a damaged input).
    mutating func readPrefix(limit: Int) -> [UInt8] {
        var result: [UInt8] = []
        try? append(upTo: limit, into: &result)
        return result
    }

    /// Appends to `result` until the source ends or `result` holds `limit` bytes; what was read
    /// before an error stays in `result`.
    private mutating func append(upTo limit: Int, into result: inout [UInt8]) throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while result.count < limit {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<min(n, limit - result.count)])
        }
    }
}

/// What can go wrong while reading the bytes of an input.
public enum InputError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case truncatedGzip
    case corruptGzip(String)
    case corruptZip(String)
    case truncatedZipEntry(String)
    case unsafeZipEntry(String)
    case zipEntryTooLarge(name: String, limit: Int)
    case unsupportedZipMethod(name: String, method: Int)
    /// A file of an input folder that is refused: its name or a link on its way leaves the folder.
    case outsideInput(name: String, reason: String)
    /// A zip entry that is a symbolic link: never followed, never read as content.
    case zipSymlinkEntry(String)
    /// A line longer than `LoadOptions.maxLineBytes`.
    case lineTooLong(limit: Int)
    /// An input whose distinct scalar series, with `before` of the inputs read before it, pass
    /// `LoadOptions.maxSeries` (`limit`): refused whole.
    case tooManySeries(limit: Int, before: Int)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "cannot open \(path): \(reason)"
        case let .readFailed(path, reason): return "cannot read \(path): \(reason)"
        case .truncatedGzip: return "gzip stream is truncated"
        case let .corruptGzip(reason): return "gzip stream is corrupt (\(reason))"
        case let .corruptZip(reason): return "zip archive is corrupt (\(reason))"
        case let .truncatedZipEntry(name): return "zip entry \(name) is truncated"
        case let .unsafeZipEntry(name): return "zip entry name \(name) leaves its folder; entry skipped"
        case let .zipEntryTooLarge(name, limit): return "zip entry \(name) is larger than the limit of \(limit) bytes"
        case let .unsupportedZipMethod(name, method): return "zip entry \(name) uses compression method \(method)"
        case let .outsideInput(name, reason): return "\(name): \(reason); not read"
        case let .zipSymlinkEntry(name): return "zip entry \(name) is a symbolic link; not followed"
        case let .lineTooLong(limit): return "line longer than \(limit) bytes (--max-line-bytes); skipped"
        case let .tooManySeries(limit, before) where before == 0:
            return "more than \(limit) scalar series (--max-series); the input is not read"
        case let .tooManySeries(limit, before):
            return "more than \(limit) scalar series with the \(before) of the inputs before it (--max-series); the input is not read"
        }
    }
}
