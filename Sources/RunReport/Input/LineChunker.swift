/// Cuts a byte stream into runs of whole lines inside a padded buffer, for the event scan.
/// A line longer than the buffer grows it; a byte-order mark at the start is dropped.
struct LineChunker {
    /// A run of whole lines: every line but possibly the last of the input ends with a newline.
    struct Chunk {
        let bytes: UnsafeRawBufferPointer
        /// Bytes readable from `bytes.baseAddress`, padding included.
        let readable: Int
        let firstLine: UInt64
        /// The chunk ends the input: its last line may lack a newline.
        let endsInput: Bool
    }

    private var source: ByteSource
    private let buffer: PaddedBuffer
    private var nextLine: UInt64 = 1
    private var atStart: Bool

    init(source: ByteSource, chunkSize: Int = 4 << 20, atStreamStart: Bool = true) {
        self.init(source: source, buffer: PaddedBuffer(capacity: chunkSize), atStreamStart: atStreamStart)
    }

    /// Cuts into `buffer`, emptied first: a worker reading several parts of a file keeps one.
    init(source: ByteSource, buffer: PaddedBuffer, atStreamStart: Bool = true) {
        self.source = source
        self.buffer = buffer
        buffer.count = 0
        atStart = atStreamStart
    }

    /// Hands every chunk to `body`, which returns how many lines it held. An error of the
    /// source is thrown after the bytes read before it have been handed on.
    mutating func forEachChunk(_ body: (Chunk) throws -> UInt64) throws {
        var sourceError: Error?
        while true {
            if buffer.free.count < buffer.capacity / 4 { buffer.grow(to: buffer.capacity * 2) }
            let searchFrom = buffer.count
            var n = 0
            do { n = try source.read(into: buffer.free) } catch { sourceError = error }
            buffer.count += n
            if atStart && (buffer.count >= 3 || n == 0) {
                atStart = false
                let b = buffer.bytes
                if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { buffer.keepTail(from: 3) }
            }
            if n == 0 {
                if buffer.count > 0 {
                    nextLine += try body(Chunk(bytes: buffer.bytes, readable: buffer.readable, firstLine: nextLine, endsInput: true))
                    buffer.count = 0
                }
                if let error = sourceError { throw error }
                return
            }
            guard let lastNewline = lastNewline(from: max(0, searchFrom - 1)) else { continue }
            let lines = UnsafeRawBufferPointer(rebasing: buffer.bytes[0...lastNewline])
            nextLine += try body(Chunk(bytes: lines, readable: buffer.readable, firstLine: nextLine, endsInput: false))
            buffer.keepTail(from: lastNewline + 1)
        }
    }

    private func lastNewline(from start: Int) -> Int? {
        let bytes = buffer.bytes
        var i = bytes.count - 1
        while i >= start {
            if bytes[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }
}
