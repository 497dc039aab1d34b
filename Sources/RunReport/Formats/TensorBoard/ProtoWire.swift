/// Reads protocol buffer wire format from bytes, field by field, never past its buffer: the few
/// TensorBoard and W&B messages runreport reads, without generated code. Every length and varint is
/// checked; a malformed message ends the walk with `ProtoWire.Error`.
struct ProtoWire {
    enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case truncated
        case badVarint
        case badWireType(UInt8)

        var description: String {
            switch self {
            case .truncated: return "a protobuf field runs past its message"
            case .badVarint: return "a protobuf varint longer than 10 bytes"
            case let .badWireType(type): return "a protobuf field of wire type \(type)"
            }
        }
    }

    /// One field's value as the wire gives it.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        /// Bytes of a string, bytes, embedded message or packed repeated field: `range` in the buffer.
        case bytes(Range<Int>)

        var int64: Int64 { if case let .varint(raw) = self { return Int64(bitPattern: raw) } else { return 0 } }
        var double: Double? { if case let .fixed64(raw) = self { return Double(bitPattern: raw) } else { return nil } }
        var float: Float? { if case let .fixed32(raw) = self { return Float(bitPattern: raw) } else { return nil } }
        var range: Range<Int>? { if case let .bytes(range) = self { return range } else { return nil } }
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>? = nil) {
        self.bytes = bytes
        position = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    /// The same buffer, limited to an embedded message's bytes.
    func message(_ range: Range<Int>) -> ProtoWire { ProtoWire(bytes, range: range) }

    /// The next field's number and value; nil at the message's end.
    mutating func next() throws -> (number: UInt64, value: Value)? {
        guard position < end else { return nil }
        let key = try varint()
        let number = key >> 3
        switch UInt8(key & 7) {
        case 0: return (number, .varint(try varint()))
        case 1: return (number, .fixed64(try fixed(8)))
        case 5: return (number, .fixed32(UInt32(truncatingIfNeeded: try fixed(4))))
        case 2:
            let length = try varint()
            guard length <= UInt64(end - position) else { throw Error.truncated }
            let start = position
            position += Int(length)
            return (number, .bytes(start..<position))
        case let type: throw Error.badWireType(type)
        }
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw Error.truncated }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw Error.badVarint }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func fixed(_ size: Int) throws -> UInt64 {
        guard end - position >= size else { throw Error.truncated }
        var result: UInt64 = 0
        for index in 0..<size { result |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += size
        return result
    }

    /// A string field's text (invalid UTF-8 repaired).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The values of a packed repeated fixed-width field (`float`: 4 bytes, `double`: 8).
    func packedDoubles(_ range: Range<Int>, width: Int) -> [Double] {
        stride(from: range.lowerBound, to: range.upperBound - width + 1, by: width).map { offset in
            var raw: UInt64 = 0
            for index in 0..<width { raw |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
            return width == 4 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw))) : Double(bitPattern: raw)
        }
    }

    /// The values of a packed repeated varint field.
    func packedVarints(_ range: Range<Int>) throws -> [Int64] {
        var inner = message(range)
        var result: [Int64] = []
        while inner.position < inner.end { result.append(Int64(bitPattern: try inner.varint())) }
        return result
    }
}
