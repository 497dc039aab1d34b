#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file, read with `pread` so that several sources can share it.
public final class OpenFile: @unchecked Sendable {
    public let path: String
    let descriptor: Int32
    public let size: Int

    /// Opens a regular file. Anything else is refused without waiting: the open does not block
    /// (a FIFO swapped in for a file would otherwise hang the read), and a FIFO, socket or
    /// device is not read.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw InputError.cannotOpen(path: path, reason: reason)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw InputError.cannotOpen(path: path, reason: "not a regular file")
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    /// Takes over `descriptor`, an open file whose size is `size` (closed with this object).
    init(descriptor: Int32, size: Int, path: String) {
        self.path = path
        self.descriptor = descriptor
        self.size = size
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads `count` bytes at `offset` (fewer at the end of the file).
    public func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let n = try result.withUnsafeMutableBytes { try read(at: offset, into: $0) }
        result.removeLast(count - n)
        return result
    }
}

/// The bytes of a file, or of the range `start..<end` of one.
public struct FileSource: ByteSource {
    let file: OpenFile
    private var position: Int
    private let end: Int

    public init(file: OpenFile, range: Range<Int>? = nil) {
        self.file = file
        position = range?.lowerBound ?? 0
        end = range?.upperBound ?? file.size
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, end - position)
        guard wanted > 0 else { return 0 }
        let n = try file.read(at: position, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        position += n
        return n
    }
}
