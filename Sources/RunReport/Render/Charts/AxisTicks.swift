/// Tick positions for chart axes: round numbers a reader can add up in their head.
public enum AxisTicks {
    /// About `count` ticks covering `low ... high`, at 1, 2 or 5 × 10ᵏ steps (Heckbert's nice
    /// numbers, rounded), widened to the ticks around the data. Ticks are exact decimals
    /// (0.3, not 0.30000000000000004): k × mantissa scaled by a power of ten.
    public static func linear(low: Double, high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite else { return [] }
        var low = low, high = high
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        if low > high { swap(&low, &high) }
        let (mantissa, exponent) = niceStep(parts: (high - low) / Double(max(1, count - 1)))
        let scale = power10(abs(exponent))
        let value = { (k: Int64) -> Double in
            exponent >= 0 ? Double(k * mantissa) * scale : Double(k * mantissa) / scale
        }
        let step = value(1)
        let lowSteps = (low / step).rounded(.down), highSteps = (high / step).rounded(.up)
        // Data too far apart for steps to count (±1e308 in one plot): the ends only.
        guard lowSteps.isFinite, highSteps.isFinite, abs(lowSteps) < 9e14, abs(highSteps) < 9e14 else { return [low, high] }
        let first = Int64(lowSteps), last = Int64(highSteps)
        guard last - first < 1000 else { return [] }
        return (first...last).map(value)
    }

    /// The nice step nearest `raw`: 1, 2 or 5 × 10ᵏ.
    public static func niceStep(_ raw: Double) -> Double {
        let (mantissa, exponent) = niceStep(parts: raw)
        return exponent >= 0 ? Double(mantissa) * power10(exponent) : Double(mantissa) / power10(-exponent)
    }

    /// The nice step as mantissa (1, 2, 5 or 10) and power of ten.
    static func niceStep(parts raw: Double) -> (mantissa: Int64, exponent: Int) {
        guard raw > 0, raw.isFinite else { return (1, 0) }
        var exponent = 0
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10; exponent += 1 }
        while magnitude > raw { magnitude /= 10; exponent -= 1 }
        let fraction = raw / magnitude
        let mantissa: Int64 = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return (mantissa, exponent)
    }

    static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// Powers of ten covering `low ... high` (both > 0), for a log axis.
    public static func logarithmic(low: Double, high: Double) -> [Double] {
        guard low > 0, high >= low, high.isFinite else { return [] }
        var tick = 1.0
        while tick > low { tick /= 10 }
        while tick * 10 <= low { tick *= 10 }
        var ticks: [Double] = []
        while tick < high * 10 && ticks.count < 400 {
            ticks.append(tick)
            if tick >= high { break }
            tick *= 10
        }
        return ticks
    }

    /// Time steps a reader knows, in milliseconds: seconds, minutes, hours, days, weeks.
    static let timeSteps: [Int64] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000,
                                     60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
                                     10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000]

    /// About `count` ticks at a round time step over epoch milliseconds `low ... high`, aligned to
    /// UTC (a day step starts at midnight UTC).
    public static func time(low: Int64, high: Int64, count: Int = 5) -> (ticks: [Int64], step: Int64) {
        let span = max(1, high - low)
        let wanted = span / Int64(max(1, count - 1))
        let step = timeSteps.first { $0 >= wanted } ?? (wanted / 604_800_000 + 1) * 604_800_000
        var tick = floorMultiple(low, step)
        var ticks: [Int64] = []
        while tick <= high && ticks.count < 1000 {
            if tick >= low { ticks.append(tick) }
            tick += step
        }
        return (ticks, step)
    }

    private static func floorMultiple(_ value: Int64, _ step: Int64) -> Int64 {
        let q = value / step
        return (value % step != 0 && value < 0 ? q - 1 : q) * step
    }
}
