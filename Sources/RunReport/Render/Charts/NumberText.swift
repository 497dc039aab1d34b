import Foundation

/// How a number reads on a page or a chart axis: up to 6 significant digits (exponent form past
/// 1e6 and under 1e-4), integers without a fraction, NaN and infinities by name.
enum NumberText {
    static func of(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return String(format: "%.6g", value) }
        let digits = max(0, 5 - Int((magnitude.isZero ? 1 : magnitude).exponentAsDecimal))
        let text = String(value.roundedTo(digits))
        // Trailing zeros after the point (and then the point) go, on the bytes: Character-wise
        // trimming was most of this function's cost, and a chart has thousands of these.
        var utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: ".")) else { return text }
        while utf8.last == UInt8(ascii: "0") { utf8.removeLast() }
        if utf8.last == UInt8(ascii: ".") { utf8.removeLast() }
        return utf8.count == text.utf8.count ? text : String(decoding: utf8, as: UTF8.self)
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
