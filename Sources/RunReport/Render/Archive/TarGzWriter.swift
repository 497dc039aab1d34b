import CZlib
import Foundation

/// A deterministic `.tar.gz` of a folder: entries in code-point order of their paths, every
/// time, owner and group zero, modes 0644 / 0755, ustar headers, gzip by zlib with no name and
/// no time in its header. The same folder gives the same bytes.
public struct TarGzWriter {
    public enum TarError: Error, CustomStringConvertible {
        case nameTooLong(String)
        case compression(Int32)

        public var description: String {
            switch self {
            case let .nameTooLong(name): return "a path too long for a tar header: \(name)"
            case let .compression(code): return "zlib deflate failed (\(code))"
            }
        }
    }

    public init() {}

    /// Writes `folder`'s files (below a top folder named `root`) to `path`, atomically,
    /// streaming: a file at a time in memory.
    public func write(folder: String, root: String, to path: String) throws {
        let output = try OutputStream(path: path)
        let gzip = try GzipStream { try output.write($0) }
        var tar: [UInt8] = []
        // Dot files (the archive's stat cache, staging) are the tool's, not the site's.
        let names = try ContentHash.files(under: folder).filter { !OutputFolder.isOwn($0) }
        var folders = Set<String>()
        for name in names {
            var parts = name.split(separator: "/").dropLast()
            var prefixes: [String] = []
            while !parts.isEmpty { prefixes.append(parts.joined(separator: "/")); parts = parts.dropLast() }
            folders.formUnion(prefixes)
        }
        let entries = (folders.map { ($0 + "/", true) } + names.map { ($0, false) })
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        try tar += header(name: root + "/", size: 0, isFolder: true)
        for (name, isFolder) in entries {
            if isFolder {
                try tar += header(name: root + "/" + name, size: 0, isFolder: true)
                continue
            }
            let file = try OpenFile(path: folder + "/" + name)
            let bytes = try file.bytes(at: 0, count: file.size)
            try tar += header(name: root + "/" + name, size: bytes.count, isFolder: false)
            tar += bytes
            tar += [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
            try gzip.write(tar)
            tar.removeAll(keepingCapacity: true)
        }
        tar += [UInt8](repeating: 0, count: 1024)
        try gzip.write(tar)
        try gzip.finish()
        try output.finish()
    }

    /// A ustar header; names over 100 bytes go into the prefix field, split at a slash.
    func header(name: String, size: Int, isFolder: Bool) throws -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        var nameBytes = Array(name.utf8), prefix: [UInt8] = []
        if nameBytes.count > 100 {
            guard let cut = nameBytes.indices.last(where: { nameBytes[$0] == UInt8(ascii: "/") && $0 <= 155 && nameBytes.count - $0 - 1 <= 100 })
            else { throw TarError.nameTooLong(name) }
            prefix = Array(nameBytes[..<cut])
            nameBytes = Array(nameBytes[(cut + 1)...])
        }
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { block[offset + i] = b } }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(isFolder ? 0o755 : 0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array("        ".utf8), at: 148)
        block[156] = isFolder ? UInt8(ascii: "5") : UInt8(ascii: "0")
        put(Array("ustar\u{0}00".utf8), at: 257)
        put(prefix, at: 345)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        return block
    }
}

/// gzip (RFC 1952) by zlib, streamed to `sink` a piece at a time: its header carries no name
/// and time 0. A class: zlib keeps the address of its stream, which must not move.
final class GzipStream {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let sink: ([UInt8]) throws -> Void
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var open = false

    init(level: Int32 = 9, sink: @escaping ([UInt8]) throws -> Void) throws {
        self.sink = sink
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw TarGzWriter.TarError.compression(status) }
        open = true
    }

    deinit {
        if open { deflateEnd(stream) }
        stream.deallocate()
    }

    func write(_ bytes: [UInt8]) throws { try run(bytes, flush: Z_NO_FLUSH) }

    func finish() throws {
        try run([], flush: Z_FINISH)
        deflateEnd(stream)
        open = false
    }

    private func run(_ input: [UInt8], flush: Int32) throws {
        var source = input
        try source.withUnsafeMutableBufferPointer { inBuffer in
            stream.pointee.next_in = inBuffer.baseAddress
            stream.pointee.avail_in = uInt(inBuffer.count)
            while true {
                let (status, produced) = buffer.withUnsafeMutableBufferPointer { outBuffer -> (Int32, Int) in
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = uInt(outBuffer.count)
                    let status = deflate(stream, flush)
                    return (status, outBuffer.count - Int(stream.pointee.avail_out))
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw TarGzWriter.TarError.compression(status)
                }
                if produced > 0 { try sink(Array(buffer[..<produced])) }
                if flush == Z_FINISH ? status == Z_STREAM_END : (stream.pointee.avail_in == 0 && produced < buffer.count) { break }
            }
        }
    }
}

extension GzipStream {
    /// gzip of bytes held in memory.
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        let stream = try GzipStream { out += $0 }
        try stream.write(bytes)
        try stream.finish()
        return out
    }
}
