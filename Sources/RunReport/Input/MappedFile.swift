#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain file mapped into memory for reading, so the scan reads the page cache in place
/// instead of a copy of it (the copy was 7 % of a 1M-event render's CPU time).
///
/// A file that shrinks while mapped makes reading its lost pages raise SIGBUS; a program that
/// maps files should install `MappedFile.failOnTruncation(message:)` first (the command line
/// does), so that such a read ends the process with a clear error and exit status 1 instead of
/// a crash. `LoadOptions.mapFiles` is off by default for that reason.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let size: Int
    /// Bytes readable from `base`: the file's, and the zeros that fill its last page.
    let readable: Int
    private let pageSize: Int

    /// Nil when the file is empty or cannot be mapped (then it is read with pread).
    init?(_ file: OpenFile) {
        guard file.size > 0 else { return nil }
        let mapped = mmap(nil, file.size, PROT_READ, MAP_PRIVATE, file.descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(mapped)
        size = file.size
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        readable = (size + pageSize - 1) / pageSize * pageSize
        madvise(mapped, size, MADV_SEQUENTIAL)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// The bytes of `range`.
    subscript(range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Just after the first newline at or after `offset`, or `limit` when there is none before it.
    func lineEnd(from offset: Int, limit: Int) -> Int {
        guard offset < limit, let found = memchr(base + offset, 0x0A, limit - offset) else { return limit }
        return UnsafeRawPointer(found) - base + 1
    }

    /// Just after the last newline before `offset` and at or after `floor`, else `floor`: where
    /// the line holding `offset` starts.
    func lineStart(before offset: Int, floor: Int) -> Int {
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var i = offset - 1
        while i >= floor {
            if bytes[i] == 0x0A { return i + 1 }
            i -= 1
        }
        return floor
    }

    /// Gives back the pages wholly inside `range` (they stay in the page cache): what has been
    /// scanned no longer counts in the process's memory.
    func release(_ range: Range<Int>) {
        let start = (range.lowerBound + pageSize - 1) / pageSize * pageSize
        let end = range.upperBound / pageSize * pageSize
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    /// Makes a read of a mapped page that the file no longer has (it was truncated meanwhile)
    /// write `message` to stderr and exit with status 1. Once per process; async-signal-safe.
    static func failOnTruncation(message: String) {
        truncationMessage = Array(message.utf8)
        installHandler
    }

    private nonisolated(unsafe) static var truncationMessage: [UInt8] = []
    private static let installHandler: Void = {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in
            MappedFile.truncationMessage.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count) }
            _exit(1)
        }
        #else
        action.__sigaction_u.__sa_handler = { _ in
            MappedFile.truncationMessage.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count) }
            _exit(1)
        }
        #endif
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }()
}
