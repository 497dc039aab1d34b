import CSimdJSONScan
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer that always keeps `RR_PADDING` zeroed, readable bytes after its
/// capacity, as simdjson requires of every buffer it parses.
final class PaddedBuffer {
    /// Bytes the buffer can hold, not counting the padding.
    private(set) var capacity: Int
    /// Bytes in use, from the start.
    var count: Int = 0
    private(set) var base: UnsafeMutableRawPointer

    static let padding = Int(RR_PADDING)

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = Self.zeroed(byteCount: self.capacity + Self.padding)
    }

    deinit { Self.release(base) }

    private static func release(_ memory: UnsafeMutableRawPointer) {
        #if canImport(Glibc)
        Glibc.free(memory)
        #else
        Darwin.free(memory)
        #endif
    }

    /// Zeroed memory from calloc: a large block comes as fresh pages the kernel zeroes when
    /// they are first written, so a buffer of which a small input uses a few bytes costs no
    /// memset of its whole capacity.
    private static func zeroed(byteCount: Int) -> UnsafeMutableRawPointer {
        guard let memory = calloc(byteCount, 1) else { fatalError("out of memory for a \(byteCount)-byte read buffer") }
        return memory
    }

    /// Bytes that may be read from the start, padding included.
    var readable: Int { capacity + Self.padding }

    /// The free space after `count`.
    var free: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base + count, count: capacity - count)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Grows the capacity to at least `minimum`, keeping the content.
    func grow(to minimum: Int) {
        guard minimum > capacity else { return }
        let newCapacity = max(minimum, capacity * 2)
        let newBase = Self.zeroed(byteCount: newCapacity + Self.padding)
        newBase.copyMemory(from: base, byteCount: count)
        Self.release(base)
        base = newBase
        capacity = newCapacity
    }

    /// Moves bytes `from..<count` to the start. What lies after them stays readable (simdjson
    /// reads the padding but never depends on its content).
    func keepTail(from offset: Int) {
        let tail = max(count - offset, 0)
        if tail > 0 && offset > 0 { base.copyMemory(from: base + offset, byteCount: tail) }
        count = tail
    }
}
