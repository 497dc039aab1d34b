/// Cuts a byte stream into runs of whole lines inside a padded buffer, for the event scan.
/// A line longer than the buffer grows it, up to `maxLineBytes`: a longer line is passed over
/// to its end without being held, and its number kept in `skippedLines`. A byte-order mark at
/// the start is dropped.
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
    /// The longest line handed on whole.
    let maxLineBytes: Int
    /// Lines longer than `maxLineBytes`, passed over: their numbers.
    private(set) var skippedLines: [UInt64] = []
    /// Bytes at the front of the buffer known to hold no newline.
    private var searched = 0

    init(source: ByteSource, chunkSize: Int = 4 << 20, atStreamStart: Bool = true, maxLineBytes: Int = LoadOptions.defaultMaxLineBytes) {
        self.init(source: source, buffer: PaddedBuffer(capacity: chunkSize), atStreamStart: atStreamStart, maxLineBytes: maxLineBytes)
    }

    /// Cuts into `buffer`, emptied first: a worker reading several parts of a file keeps one.
    init(source: ByteSource, buffer: PaddedBuffer, atStreamStart: Bool = true, maxLineBytes: Int = LoadOptions.defaultMaxLineBytes) {
        self.source = source
        self.buffer = buffer
        self.maxLineBytes = max(1, maxLineBytes)
        buffer.count = 0
        atStart = atStreamStart
    }

    /// Hands every chunk to `body`, which returns how many lines it held. An error of the
    /// source is thrown after the bytes read before it have been handed on.
    mutating func forEachChunk(_ body: (Chunk) throws -> UInt64) throws {
        var sourceError: Error?
        while true {
            if buffer.free.count < buffer.capacity / 4 { buffer.grow(to: buffer.capacity * 2) }
            let searchFrom = searched
            var n = 0
            // Never more than the cap past the start of the partial line the buffer ends with: a
            // line that the read completes, or one wholly inside it, is then at most the cap.
            do { n = try source.read(into: readWindow(after: buffer.count)) } catch { sourceError = error }
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
            guard let lastNewline = lastNewline(from: searchFrom) else {
                searched = buffer.count
                if buffer.count > maxLineBytes, try !passOverLine() { return }
                continue
            }
            let lines = UnsafeRawBufferPointer(rebasing: buffer.bytes[0...lastNewline])
            nextLine += try body(Chunk(bytes: lines, readable: buffer.readable, firstLine: nextLine, endsInput: false))
            buffer.keepTail(from: lastNewline + 1)
            searched = buffer.count
        }
    }

    /// Drops the line the buffer holds the start of, reading on to its newline; the buffer
    /// keeps what follows it. False when the input ended inside the line.
    private mutating func passOverLine() throws -> Bool {
        skippedLines.append(nextLine)
        nextLine += 1
        while true {
            buffer.count = 0
            let n = try source.read(into: readWindow(after: 0))
            guard n > 0 else { return false }
            buffer.count = n
            if let newline = buffer.bytes.firstIndex(of: 0x0A) {
                buffer.keepTail(from: newline + 1)
                searched = 0  // what follows the newline is not searched yet
                return true
            }
        }
    }

    /// The free space to read into, no more than `maxLineBytes + 1` bytes past the start of the
    /// buffer, whose first `held` bytes are a line's start (at least one byte).
    private func readWindow(after held: Int) -> UnsafeMutableRawBufferPointer {
        let free = buffer.free
        let room = max(1, maxLineBytes - held + 1)
        return room >= free.count ? free : UnsafeMutableRawBufferPointer(rebasing: free[0..<room])
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
