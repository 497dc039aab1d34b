import Foundation

/// A progress line on stderr, shown only when stderr is a terminal and the work has taken
/// over a second; redrawn at most ten times a second.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let label: String
    private let start = Date()
    private let lock = NSLock()
    private var bytes = 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool, label: String) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.label = label
    }

    func advance(by count: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        bytes += count
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        drawn = true
        let seconds = now.timeIntervalSince(start)
        let megabytes = Double(bytes) / 1e6
        FileHandle.standardError.write(String(format: "\r%@ %.0f MB (%.0f MB/s)\u{1B}[K", label, megabytes,
                                              megabytes / seconds).data(using: .utf8)!)
    }

    /// Shows a count of finished items, as `label done/total`.
    func count(_ done: Int, of total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write("\r\(label) \(done)/\(total)\u{1B}[K".data(using: .utf8)!)
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
    }
}
