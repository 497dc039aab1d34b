#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see the old content or the whole new one, never a part:
/// a temporary file beside the target, flushed, then renamed over it.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var template = Array(((folder.isEmpty ? "/" : folder) + "/.runreport-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            var written = 0
            try bytes.withUnsafeBytes { raw in
                while written < raw.count {
                    let n = systemWrite(fd, raw.baseAddress! + written, raw.count - written)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
                    }
                    written += n
                }
            }
            fchmod(fd, 0o644)
            guard fsync(fd) == 0 else { throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            close(fd)
            guard rename(temporary, path) == 0 else {
                throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
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

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
