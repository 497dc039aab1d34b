/// SVG path data (`M x y L x y …`) written as bytes: a chart's lines are thousands of
/// coordinates, and string interpolation per coordinate was most of a chart's cost.
struct PathData {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// `M x y` (a pen moved) or `L x y` (a line drawn).
    mutating func point(_ command: UInt8, _ x: Double, _ y: Double) {
        bytes.append(command)
        Self.append(x, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        Self.append(y, to: &bytes)
    }

    mutating func close() { bytes.append(UInt8(ascii: "Z")) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// A pixel coordinate in at most two decimals, no trailing zeros ("12", "12.5", "12.05",
    /// "-0.5"); anything not finite or past 1e15 (an axis over ±1e308) as 0.
    static func append(_ value: Double, to bytes: inout [UInt8]) {
        guard value.isFinite, abs(value) < 1e15 else { return bytes.append(UInt8(ascii: "0")) }
        let scaled = Int64((value * 100).rounded())
        let whole = scaled / 100, fraction = abs(scaled % 100)
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(abs(whole)), to: &bytes)
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
    }

    private static func appendDigits(_ value: UInt64, to bytes: inout [UInt8]) {
        var digits: (UInt64, UInt64) = (0, 0)  // 20 digits at most, in a fixed buffer
        withUnsafeMutableBytes(of: &digits) { buffer in
            var n = value, count = 0
            repeat {
                buffer[15 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            bytes.append(contentsOf: buffer[(16 - count)...])
        }
    }

    /// One coordinate as text, as `append` writes it.
    static func coordinate(_ value: Double) -> String {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
