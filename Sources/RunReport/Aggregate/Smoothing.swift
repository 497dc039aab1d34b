/// TensorBoard's debiased exponential moving average, as its scalar dashboard draws it:
/// `last = last · w + (1 − w) · value`, divided by `1 − wⁿ` after n finite values; non-finite
/// values pass through unsmoothed (and do not move the average); a constant series stays itself.
public enum Smoothing {
    /// `weight` in [0, 1): 0 returns the values, 0.99 smooths hard.
    public static func debiasedEMA(_ values: [Double], weight: Double) -> [Double] {
        let w = min(max(weight, 0), 1)
        guard let first = values.first else { return [] }
        if values.allSatisfy({ $0 == first }) { return values }
        // Values near the largest Double (1e308) would overflow the average's terms: they are
        // smoothed at a scale of 2⁻⁶⁴ (exact) and scaled back, clamped to the finite Doubles.
        if values.contains(where: { $0.isFinite && abs($0) > 0x1p1000 }) {
            return debiasedEMA(values.map { $0 * 0x1p-64 }, weight: w).map { $0.isFinite ? NumberSpan.finite($0 * 0x1p64) : $0 }
        }
        var last = 0.0
        var accumulated = 0
        return values.map { value in
            guard value.isFinite else { return value }
            last = last * w + (1 - w) * value
            accumulated += 1
            let debias = w == 1 ? 1 : 1 - power(w, accumulated)
            return last / debias
        }
    }

    /// `base` to a whole power, by squaring.
    private static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0, b = base, e = exponent
        while e > 0 {
            if e & 1 == 1 { result *= b }
            b *= b
            e >>= 1
        }
        return result
    }
}
