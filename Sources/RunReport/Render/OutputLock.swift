import Foundation

/// An advisory lock on an output: `flock` on `PARENT/.NAME.lock`, a file kept beside the output
/// (the output itself is swapped by a rename, so it cannot hold the lock). A second runreport
/// writing the same output does not wait: it stops at once with `OutputRefusal.busy`.
final class OutputLock {
    private var descriptor: Int32
    let file: String

    init(for output: String) throws {
        try OutputFolder.refuseUnnamed(output)
        let url = URL(fileURLWithPath: output)
        let parent = url.deletingLastPathComponent().path
        file = parent + "/." + url.lastPathComponent + ".lock"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        descriptor = open(file, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw OutputError.cannotWrite(path: file, reason: String(cString: strerror(errno)))
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            descriptor = -1
            if busy { throw OutputRefusal.busy(path: output, lock: file) }
            throw OutputError.cannotWrite(path: file, reason: reason)
        }
    }

    /// Lets the lock go (also when the process ends).
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
