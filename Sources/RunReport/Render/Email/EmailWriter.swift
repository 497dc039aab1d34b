import Foundation

/// Writes one run's email as an `.eml` file (`sendmail -t < FILE.eml` sends it as it is).
public struct EmailWriter {
    public enum EmailError: Error, CustomStringConvertible {
        case noRun
        case severalRuns([String])

        public var description: String {
            switch self {
            case .noRun: return "no run in the inputs"
            case let .severalRuns(ids):
                return "\(ids.count) runs in the inputs (\(ids.prefix(5).joined(separator: ", "))\(ids.count > 5 ? ", …" : "")); "
                    + "a message is about one: choose it with --task"
            }
        }
    }

    public var options: EmailOptions

    public init(options: EmailOptions = EmailOptions()) { self.options = options }

    public func write(_ result: LoadResult, to path: String) throws {
        guard let run = result.runs.first else { throw EmailError.noRun }
        guard result.runs.count == 1 else { throw EmailError.severalRuns(result.runs.map(\.id)) }
        // The attached page and log are the report's own, made in a scratch folder.
        let scratch = try Self.scratchFolder()
        Staging.shared.add(scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch); Staging.shared.remove(scratch) }
        try ReportWriter(options: options.report).write(result, to: scratch + "/report", locked: false)
        let page = try Self.contents(scratch + "/report/index.html")
        let log = try Self.contents(scratch + "/report/log.txt")
        try AtomicFile.write(EmailBuilder(options: options).message(for: run, report: page, log: log), to: path)
    }

    /// A new folder only this user can read (mkdtemp, 0700), `runreport-email-PID-XXXXXX`,
    /// removed when the message is written, on an error, and on SIGINT or SIGTERM
    /// (`Staging.removeUnfinished`); one a killed process left is removed by the next.
    static func scratchFolder() throws -> String {
        var base = NSTemporaryDirectory()
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        removeAbandonedScratch(in: base)
        var template = Array((base + "/runreport-email-\(getpid())-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw OutputError.cannotWrite(path: base, reason: String(cString: strerror(errno)))
        }
        return String(cString: made)
    }

    /// Removes `runreport-email-PID-XXXXXX` folders of this user whose process is gone (never
    /// a symbolic link, never another user's).
    static func removeAbandonedScratch(in base: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix("runreport-email-") {
            let parts = name.dropFirst("runreport-email-".count).split(separator: "-")
            guard parts.count == 2, parts[1].count == 6, let pid = Int32(parts[0]), pid > 0, pid != getpid() else { continue }
            var info = stat()
            guard lstat(base + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: base + "/" + name) }
        }
    }

    static func contents(_ path: String) throws -> [UInt8] {
        let file = try OpenFile(path: path)
        return try file.bytes(at: 0, count: file.size)
    }
}
