import Foundation

/// Reads another source ahead on a second thread, a few blocks at a time, so that producing the
/// bytes (inflating gzip) and scanning them use two cores. An error of the source is handed on
/// after the bytes read before it.
public final class PrefetchingSource: ByteSource {
    private let condition = NSCondition()
    private var ready: [[UInt8]] = []
    private var current: [UInt8] = []
    private var position = 0
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let depth: Int

    /// Starts reading `source` in blocks of `blockSize`, at most `depth` blocks ahead.
    public init(_ source: ByteSource, blockSize: Int = 4 << 20, depth: Int = 3) {
        self.depth = depth
        let box = SourceBox(source)
        Thread.detachNewThread { [self] in
            while true {
                var block = [UInt8](repeating: 0, count: blockSize)
                var filled = 0
                var error: Error?
                do {
                    while filled < blockSize {
                        let n = try block.withUnsafeMutableBytes {
                            try box.source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
                        }
                        if n == 0 { break }
                        filled += n
                    }
                } catch let caught { error = caught }
                block.removeLast(blockSize - filled)
                condition.lock()
                while ready.count >= depth && !cancelled { condition.wait() }
                if cancelled { condition.unlock(); return }
                if !block.isEmpty { ready.append(block) }
                let done = error != nil || filled < blockSize
                if done {
                    failure = error
                    finished = true
                }
                condition.broadcast()
                condition.unlock()
                if done { return }
            }
        }
    }

    deinit {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if position == current.count {
            condition.lock()
            while ready.isEmpty && !finished { condition.wait() }
            if ready.isEmpty {
                let error = failure
                failure = nil
                condition.unlock()
                if let error { throw error }
                return 0
            }
            current = ready.removeFirst()
            position = 0
            condition.broadcast()
            condition.unlock()
        }
        let n = min(buffer.count, current.count - position)
        current.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}

/// The source, owned by the reading thread alone once it starts.
private final class SourceBox: @unchecked Sendable {
    var source: ByteSource
    init(_ source: ByteSource) { self.source = source }
}
