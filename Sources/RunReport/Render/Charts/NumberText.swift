import Foundation

/// How a number reads on a page or a chart axis: up to 6 significant digits (exponent form past
/// 1e6 and under 1e-4), integers without a fraction, NaN and infinities by name.
enum NumberText {
    static func of(_ value: Double) -> String {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `of(value)`'s bytes, appended: a chart writes thousands of these into one buffer.
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN { out += "NaN".utf8; return }
        if value.isInfinite { out += (value > 0 ? "∞" : "−∞").utf8; return }
        if value == value.rounded(), abs(value) < 1e15 { JSONValue.appendInteger(Int64(value), to: &out); return }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { out += String(format: "%.6g", value).utf8; return }
        let digits = max(0, 5 - Int((magnitude.isZero ? 1 : magnitude).exponentAsDecimal))
        let start = out.count
        out += value.roundedTo(digits).description.utf8
        // Trailing zeros after the point (and then the point) go, on the bytes: Character-wise
        // trimming was most of this function's cost, and a chart has thousands of these.
        guard out[start...].contains(UInt8(ascii: ".")) else { return }
        while out.last == UInt8(ascii: "0") { out.removeLast() }
        if out.last == UInt8(ascii: ".") { out.removeLast() }
    }
}

private extension Double {
    var exponentAsDecimal: Double {
        var e = 0.0, m = self
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }

    func roundedTo(_ decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
