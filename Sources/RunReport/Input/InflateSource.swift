import CZlib

/// Decompresses a gzip stream (every member of a multi-member file) or a raw deflate stream
/// (a zip entry) from another source, as it is read.
public struct InflateSource: ByteSource {
    public enum Format: Sendable {
        case gzip
        case rawDeflate
    }

    private let state: InflateState
    private var source: ByteSource

    public init(_ source: ByteSource, format: Format) throws {
        self.source = source
        state = try InflateState(format: format)
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try state.inflate(into: buffer, from: &source)
    }
}

/// zlib's stream, which must not move in memory, and the compressed bytes waiting for it.
private final class InflateState {
    var stream = z_stream()
    let format: InflateSource.Format
    var input = [UInt8](repeating: 0, count: 1 << 16)
    var inputStart = 0
    var inputEnd = 0
    var sourceEnded = false
    var finished = false
    /// An error met after some bytes were produced: thrown by the next call, so nothing is lost.
    var pendingError: InputError?

    init(format: InflateSource.Format) throws {
        self.format = format
        let windowBits: Int32 = format == .gzip ? 15 + 16 : -15
        let status = inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw InputError.corruptGzip("zlib init failed: \(status)") }
    }

    deinit { inflateEnd(&stream) }

    func refill(from source: inout ByteSource) throws {
        guard inputStart == inputEnd, !sourceEnded else { return }
        inputStart = 0
        inputEnd = try input.withUnsafeMutableBytes { try source.read(into: $0) }
        if inputEnd == 0 { sourceEnded = true }
    }

    func inflate(into buffer: UnsafeMutableRawBufferPointer, from source: inout ByteSource) throws -> Int {
        if let error = pendingError { throw error }
        var produced = 0
        while produced < buffer.count && !finished {
            try refill(from: &source)
            if inputStart == inputEnd && sourceEnded {
                let error = format == .gzip ? InputError.truncatedGzip : InputError.truncatedZipEntry("deflate stream")
                if produced == 0 { throw error }
                pendingError = error
                return produced
            }
            let status: Int32 = input.withUnsafeMutableBytes { inBytes in
                stream.next_in = inBytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + inputStart
                stream.avail_in = uInt(inputEnd - inputStart)
                stream.next_out = (buffer.baseAddress! + produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count - produced)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                produced = buffer.count - Int(stream.avail_out)
                inputStart = inputEnd - Int(stream.avail_in)
                return status
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                try startNextMember(from: &source)
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                let error: InputError = format == .gzip ? .corruptGzip(message) : .corruptZip("deflate data: \(message)")
                if produced == 0 { throw error }
                pendingError = error
                return produced
            }
        }
        return produced
    }

    /// After a gzip member, another member may follow; anything else ends the stream.
    func startNextMember(from source: inout ByteSource) throws {
        guard format == .gzip else { finished = true; return }
        try refill(from: &source)
        if inputStart == inputEnd && sourceEnded { finished = true; return }
        if inputEnd - inputStart == 1 {
            // Keep the lone byte and fetch the next so that the magic can be checked.
            let first = input[inputStart]
            inputStart = 0
            input[0] = first
            let more = try input.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[1...]))
            }
            inputEnd = 1 + more
        }
        guard inputEnd - inputStart >= 2, input[inputStart] == 0x1f, input[inputStart + 1] == 0x8b else {
            finished = true  // trailing bytes that are not a gzip member are ignored, as gzip does
            return
        }
        inflateReset(&stream)
    }
}
