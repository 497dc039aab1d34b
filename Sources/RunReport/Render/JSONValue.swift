/// A JSON value with object keys in the order they were given, written deterministically.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    /// Written in the shortest form that reads back the same; non-finite as null.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The value as JSON text: compact, or indented by two spaces.
    public func serialized(pretty: Bool = false) -> String {
        var out: [UInt8] = []
        write(to: &out, pretty: pretty, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// The value as Python's `json.dumps` writes what it read: non-finite numbers as `NaN`,
    /// `Infinity` and `-Infinity` (what a pulled event held stays what it was).
    public func serializedKeepingNonFinite() -> String {
        var out: [UInt8] = []
        write(to: &out, pretty: false, depth: 0, nonFinite: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as bytes: a large export (every point of every series) is mostly numbers, and
    /// appending their digits to a byte array costs a fraction of growing a String.
    private func write(to out: inout [UInt8], pretty: Bool, depth: Int, nonFinite: Bool = false) {
        switch self {
        case let .double(value) where nonFinite && !value.isFinite:
            out += (value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity").utf8
        case .null: out += "null".utf8
        case let .bool(value): out += (value ? "true" : "false").utf8
        case let .int(value): JSONValue.appendInteger(value, to: &out)
        case let .double(value): JSONValue.appendDouble(value, to: &out)
        case let .string(value): JSONValue.quote(value, into: &out)
        case let .array(items):
            guard !items.isEmpty else { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, pretty, depth + 1)
                item.write(to: &out, pretty: pretty, depth: depth + 1, nonFinite: nonFinite)
            }
            newline(&out, pretty, depth)
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            guard !members.isEmpty else { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, pretty, depth + 1)
                JSONValue.quote(key, into: &out)
                out += (pretty ? ": " : ":").utf8
                value.write(to: &out, pretty: pretty, depth: depth + 1, nonFinite: nonFinite)
            }
            newline(&out, pretty, depth)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], _ pretty: Bool, _ depth: Int) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// An integer's decimal digits, without a String in between.
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.appendBytes(UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    /// `format(value)`'s bytes.
    static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { out += "null".utf8; return }
        out += value.description.utf8
    }

    /// Shortest round-trip form, as Python's `repr` writes floats (`0.1`, `100.0`, `1e-05`,
    /// `1e+16`), so numbers read the same as clearml-server's; NaN and infinities as null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return "\(value)"
    }

    /// Appends `text` as a JSON string, escaping quotes, backslashes and control characters.
    public static func quote(_ text: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(text, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// `quote` into bytes: runs of plain bytes copied as they are.
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var plain = 0
            var index = 0
            func flush() { out.append(contentsOf: bytes[plain..<index]) }
            while index < bytes.count {
                let byte = bytes[index]
                let escape: String?
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: escape = nil
                }
                guard let escape else { index += 1; continue }
                flush()
                out += escape.utf8
                index += byte == 0xE2 ? 3 : 1
                plain = index
            }
            flush()
        }
        out.append(UInt8(ascii: "\""))
    }
}
