#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered output to stdout, or to a file that appears whole or not at all: a temporary file
/// beside the target, synced and renamed into place by `finish`, removed if it never is.
public final class OutputStream {
    private let fd: Int32
    private let path: String?
    /// The temporary file while it is not yet renamed into place.
    private var temporary: String?
    private var buffer: [UInt8] = []
    private static let capacity = 1 << 20

    /// `nil` writes to stdout.
    public init(path: String?) throws {
        self.path = path
        buffer.reserveCapacity(Self.capacity)
        guard let path else {
            fd = STDOUT_FILENO
            return
        }
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var template = Array(((folder.isEmpty ? "" : folder) + "/.runreport-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw OutputError.cannotWrite(path: path, reason: SystemReason.text(errno)) }
        fchmod(descriptor, 0o644)
        fd = descriptor
        temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit {
        guard path != nil else { return }
        close(fd)
        if let temporary { unlink(temporary) }
    }

    @inline(__always)
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > Self.capacity { try flush() }
        if bytes.count > Self.capacity { return try writeFully(bytes) }
        buffer.appendBytes(bytes)
    }

    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Lets `build` append straight to the buffer (no intermediate copy), then flushes when full.
    @inline(__always)
    public func append(_ build: (inout [UInt8]) throws -> Void) throws {
        try build(&buffer)
        if buffer.count >= Self.capacity { try flush() }
    }
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    public func flush() throws {
        try buffer.withUnsafeBytes { try writeFully($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError.cannotWrite(path: path ?? "stdout", reason: SystemReason.text(errno))
            }
            done += n
        }
    }

    /// Flushes; a file is synced and renamed into place.
    public func finish() throws {
        try flush()
        guard let path, let temporary else { return }
        guard fsync(fd) == 0, rename(temporary, path) == 0 else {
            throw OutputError.cannotWrite(path: path, reason: SystemReason.text(errno))
        }
        self.temporary = nil
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Writes a whole file atomically.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let stream = try OutputStream(path: path)
        try stream.write(bytes)
        try stream.finish()
    }

    public static func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }
}

/// What can go wrong writing output.
public enum OutputError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends raw bytes with one copy (`append(contentsOf:)` on a raw buffer goes byte by byte).
    @inline(__always)
    mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        append(contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count))
    }
}
