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
        try Self.makeFolders(parent, for: output)
        descriptor = open(file, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        // Errors name the output the user asked for; the system's reason says what went wrong.
        guard descriptor >= 0 else { throw OutputError.cannotWrite(path: output, reason: SystemReason.text(errno)) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(descriptor)
            descriptor = -1
            if code == EWOULDBLOCK { throw OutputRefusal.busy(path: output, lock: file) }
            throw OutputError.cannotWrite(path: output, reason: SystemReason.text(code))
        }
    }

    /// `mkdir -p` of `folder` with the system's own reason when it fails: a path through a
    /// plain file is left to fail at the open with ENOTDIR.
    private static func makeFolders(_ folder: String, for output: String) throws {
        guard !folder.isEmpty, access(folder, F_OK) != 0 else { return }
        let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        if parent != folder { try makeFolders(parent, for: output) }
        if mkdir(folder, 0o777) != 0 && errno != EEXIST && errno != ENOTDIR {
            throw OutputError.cannotWrite(path: output, reason: SystemReason.text(errno))
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
