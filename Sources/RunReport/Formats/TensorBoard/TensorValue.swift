/// A `TensorProto` (tensorflow/core/framework/tensor.proto) as far as TensorBoard's plugins use
/// it: TF2 writes scalars, text and histograms as tensors.
struct TensorValue {
    /// `DataType` codes read here.
    enum DataType: Int64 {
        case float = 1, double = 2, int32 = 3, string = 7, int64 = 9, bool = 10, half = 19
    }

    var dataType: DataType?
    var shape: [Int64] = []
    var numbers: [Double] = []
    var strings: [String] = []

    init(_ message: ProtoWire) throws {
        var wire = message
        var content: Range<Int>?
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (1, .varint(raw)): dataType = DataType(rawValue: Int64(bitPattern: raw))
            case let (2, .bytes(range)): shape = try Self.shape(wire.message(range))
            case let (4, .bytes(range)): content = range
            case let (5, .bytes(range)): numbers += wire.packedDoubles(range, width: 4)
            case let (5, .fixed32(raw)): numbers.append(Double(Float(bitPattern: raw)))
            case let (6, .bytes(range)): numbers += wire.packedDoubles(range, width: 8)
            case let (6, .fixed64(raw)): numbers.append(Double(bitPattern: raw))
            case let (7, .bytes(range)), let (10, .bytes(range)), let (11, .bytes(range)):
                numbers += try wire.packedVarints(range).map { Double($0) }
            case let (7, .varint(raw)), let (10, .varint(raw)), let (11, .varint(raw)):
                numbers.append(Double(Int64(bitPattern: raw)))
            case let (13, .bytes(range)): numbers += try wire.packedVarints(range).map { Self.half(UInt16(truncatingIfNeeded: $0)) }
            case let (8, .bytes(range)): strings.append(wire.string(range))
            default: break
            }
        }
        if numbers.isEmpty, let content, let dataType { numbers = Self.decode(content, as: dataType, in: wire) }
    }

    /// The elements the shape holds (1 for a scalar).
    var elementCount: Int64 { shape.reduce(1) { $0.multipliedReportingOverflow(by: max(0, $1)).overflow ? .max : $0 * max(0, $1) } }

    /// What the tensor is to the plugin that wrote it.
    func value(plugin: String?) -> TensorBoardEvent.Value {
        switch plugin {
        case "text":
            return strings.isEmpty ? .other : .text(strings.joined(separator: "\n"))
        case "histograms":
            // k × 3: left edge, right edge, count.
            guard shape.count == 2, shape[1] == 3, numbers.count % 3 == 0 else { return .other }
            let rows = stride(from: 0, to: numbers.count, by: 3)
            return .histogram(limits: rows.map { numbers[$0 + 1] }, counts: rows.map { numbers[$0 + 2] })
        case "scalars", nil:
            guard elementCount == 1, numbers.count == 1, dataType != .string else { return .other }
            return .scalar(numbers[0])
        default:
            return .other
        }
    }

    private static func shape(_ message: ProtoWire) throws -> [Int64] {
        var wire = message
        var sizes: [Int64] = []
        while let (number, value) = try wire.next() {
            guard number == 2, let range = value.range else { continue }
            var dim = wire.message(range)
            var size: Int64 = 0
            while let (field, item) = try dim.next() { if field == 1 { size = item.int64 } }
            sizes.append(size)
        }
        return sizes
    }

    /// `tensor_content`: the elements packed little-endian at their type's width.
    private static func decode(_ range: Range<Int>, as type: DataType, in wire: ProtoWire) -> [Double] {
        switch type {
        case .float: return wire.packedDoubles(range, width: 4)
        case .double: return wire.packedDoubles(range, width: 8)
        case .int32, .int64:
            let width = type == .int32 ? 4 : 8
            return stride(from: range.lowerBound, to: range.upperBound - width + 1, by: width).map { offset in
                var raw: UInt64 = 0
                for index in 0..<width { raw |= UInt64(wire.bytes[offset + index]) << (8 * UInt64(index)) }
                return width == 4 ? Double(Int32(truncatingIfNeeded: raw)) : Double(Int64(bitPattern: raw))
            }
        case .half:
            return stride(from: range.lowerBound, to: range.upperBound - 1, by: 2).map {
                half(UInt16(wire.bytes[$0]) | UInt16(wire.bytes[$0 + 1]) << 8)
            }
        case .string, .bool: return []
        }
    }

    /// An IEEE half-precision value's bits as a Double.
    static func half(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10 & 0x1F), fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}

/// The hparams plugin's data (tensorboard/plugins/hparams/plugin_data.proto).
enum HParams {
    /// `HParamsPluginData.session_start_info` (3) → `SessionStartInfo.hparams` (1): a map of
    /// name to `google.protobuf.Value` (number 2, string 3, bool 4), in name order.
    static func sessionStart(_ message: ProtoWire) throws -> [(name: String, value: String)] {
        var wire = message
        var result: [(name: String, value: String)] = []
        while let (number, value) = try wire.next() {
            guard number == 3, let range = value.range else { continue }
            var start = wire.message(range)
            while let (field, item) = try start.next() {
                guard field == 1, let range = item.range else { continue }
                if let entry = try mapEntry(wire.message(range)) { result.append(entry) }
            }
        }
        return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    private static func mapEntry(_ message: ProtoWire) throws -> (name: String, value: String)? {
        var wire = message
        var name: String?, text: String?
        while let (number, value) = try wire.next() {
            if number == 1, let range = value.range { name = wire.string(range) }
            if number == 2, let range = value.range {
                var inner = wire.message(range)
                while let (field, item) = try inner.next() {
                    switch (field, item) {
                    case let (2, .fixed64(raw)): text = HParams.number(Double(bitPattern: raw))
                    case let (3, .bytes(range)): text = wire.string(range)
                    case let (4, .varint(raw)): text = raw == 0 ? "false" : "true"
                    default: break
                    }
                }
            }
        }
        guard let name else { return nil }
        return (name, text ?? "")
    }

    /// A number as a user typed it: `32`, not `32.0`; Swift's shortest round-trip digits otherwise.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
