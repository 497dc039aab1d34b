/// Arithmetic on numbers that come from the input (iterations, timestamps, values) on their way
/// to buckets, summaries, axes, ticks and time text: it never traps. Integers saturate at the
/// ends of Int64; conversions from Double clamp; spans and sums of finite doubles that would
/// overflow are taken at half or a 2⁻⁶⁴ scale. For every input where the plain operation is
/// exact these give the plain operation's result, to the bit.
extension Int64 {
    /// `self + other`, Int64.min or Int64.max where it would overflow.
    @inline(__always)
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, Int64.min or Int64.max where it would overflow.
    @inline(__always)
    func saturatingSubtract(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }

    /// `self * other`, Int64.min or Int64.max where it would overflow.
    @inline(__always)
    func saturatingMultiply(_ other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }

    /// `value` truncated toward zero, clamped to Int64's range; NaN is 0. (`Int64(Double)` traps
    /// at 2⁶³, which is `Double(Int64.max)`.)
    @inline(__always)
    init(saturating value: Double) {
        if value >= 9_223_372_036_854_775_807.0 {
            self = .max
        } else if value > -9_223_372_036_854_775_808.0 {
            self = Int64(value)
        } else {
            self = value.isNaN ? 0 : .min
        }
    }
}

extension Int {
    /// `value` truncated toward zero, clamped to Int's range; NaN is 0.
    @inline(__always)
    init(saturating value: Double) {
        self = Int(Int64(saturating: value))
    }
}

/// Where numbers sit between two ends, when the ends are as far apart as Doubles go.
enum NumberSpan {
    /// `high - low` as a Double, never overflowing (Int64.max - Int64.min is 2⁶⁴).
    @inline(__always)
    static func span(_ low: Int64, _ high: Int64) -> Double { Double(high) - Double(low) }

    /// Where `value` lies from `low` (0) to `high` (1): `(value - low) / (high - low)`, or the same
    /// at half scale when `high - low` passes the largest Double (±1e308 on one axis). NaN when
    /// `low == high`.
    @inline(__always)
    static func fraction(_ value: Double, low: Double, high: Double) -> Double {
        let width = high - low
        if width.isFinite { return (value - low) / width }
        return (value / 2 - low / 2) / (high / 2 - low / 2)
    }

    /// `value` limited to the finite Doubles (infinities become the largest finite magnitude).
    @inline(__always)
    static func finite(_ value: Double) -> Double {
        min(max(value, -Double.greatestFiniteMagnitude), Double.greatestFiniteMagnitude)
    }
}

/// A sum of finite values from which their mean can be taken without overflow: the plain sum
/// while it stays finite (so the mean is the plain one, to the bit), and from the point where it
/// would overflow (values of 1e308) the sum at a scale of 2⁻⁶⁴, exact for all but subnormal parts.
struct FiniteSum {
    private(set) var plain = 0.0
    private var scaled = 0.0
    private var overflowed = false

    private static let down = 0x1p-64, up = 0x1p64

    /// Adds a finite value (callers leave out the others).
    @inline(__always)
    mutating func add(_ value: Double) {
        let next = plain + value
        if next.isFinite && !overflowed {
            plain = next
        } else {
            addScaled(value)
        }
    }

    private mutating func addScaled(_ value: Double) {
        if !overflowed {
            scaled = plain * Self.down
            overflowed = true
        }
        scaled += value * Self.down
    }

    /// The mean of `count` values added; NaN for none.
    func mean(count: Int) -> Double {
        guard count > 0 else { return .nan }
        guard overflowed else { return plain / Double(count) }
        return NumberSpan.finite(scaled / Double(count) * Self.up)
    }

    /// The mean of the finite values among `values`; NaN when there are none.
    static func meanOfFinite<S: Sequence>(_ values: S) -> Double where S.Element == Double {
        var sum = FiniteSum(), count = 0
        for value in values where value.isFinite {
            sum.add(value)
            count += 1
        }
        return sum.mean(count: count)
    }
}
