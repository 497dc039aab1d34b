import Dispatch
import Foundation

/// Files written atomically (each synced and renamed into place, as `AtomicFile` does) on
/// threads that wait on the disk, while the caller goes on making the next one: a file's fsync
/// no longer holds up the work after it. `wait` returns once every write is done, and throws
/// the error of the first write asked for that failed; a folder is complete only after it.
final class BackgroundWrites: @unchecked Sendable {
    /// Serial queues each get a thread of their own, even while every core computes.
    private let queues = (0..<4).map { DispatchQueue(label: "runreport.write.\($0)") }
    private let pending = DispatchGroup()
    private let lock = NSLock()
    private var asked = 0
    private var failure: (order: Int, error: Error)?

    /// Writes `bytes` to `path` in the background.
    func write(_ bytes: [UInt8], to path: String) {
        run { try AtomicFile.write(bytes, to: path) }
    }

    func write(_ text: String, to path: String) { write(Array(text.utf8), to: path) }

    /// Flushes, syncs and renames a stream into place in the background; nothing else may
    /// write to it after this.
    func finish(_ stream: OutputStream) {
        run { try stream.finish() }
    }

    /// Waits for every write asked for so far.
    func wait() throws {
        pending.wait()
        if let failure = lock.withLock({ failure }) { throw failure.error }
    }

    private func run(_ work: @escaping () throws -> Void) {
        let order = lock.withLock { () -> Int in
            defer { asked += 1 }
            return asked
        }
        pending.enter()
        queues[order % queues.count].async {
            do { try work() } catch { self.fail(order, error) }
            self.pending.leave()
        }
    }

    private func fail(_ order: Int, _ error: Error) {
        lock.withLock {
            if let earlier = failure, earlier.order < order { return }
            failure = (order, error)
        }
    }
}
