import Foundation

/// Tick positions for chart axes: round numbers a reader can add up in their head.
public enum AxisTicks {
    /// About `count` ticks covering `low ... high`, at 1, 2 or 5 × 10ᵏ steps (Heckbert's nice
    /// numbers, rounded), widened to the ticks around the data. Ticks are exact decimals
    /// (0.3, not 0.30000000000000004): k × mantissa scaled by a power of ten.
    public static func linear(low: Double, high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite else { return [] }
        var low = low, high = high
        if low == high {
            // At least 1e-300: a tenth of a value near the subnormals would make a step of no
            // nice decimal (a subnormal one), or 0.
            let pad = low == 0 ? 1 : Swift.max(abs(low) * 0.1, 1e-300)
            low = NumberSpan.finite(low - pad)
            high = NumberSpan.finite(high + pad)
        }
        if low > high { swap(&low, &high) }
        let parts = Double(count > 1 ? count - 1 : 1)
        // Ends more than the largest Double apart (±1e308) are divided at half scale.
        let width = high - low
        let raw = width.isFinite ? width / parts : (high / 2 - low / 2) / parts * 2
        let (mantissa, exponent) = niceStep(parts: raw)
        let scale = power10(abs(exponent))
        // Past 10^22 a power of ten is no longer exact: such ticks are read as decimals.
        let value = { (k: Int64) -> Double in
            abs(exponent) > 22 ? Double("\(k * mantissa)e\(exponent)") ?? .nan
                : exponent >= 0 ? Double(k * mantissa) * scale : Double(k * mantissa) / scale
        }
        let step = value(1)
        let lowSteps = (low / step).rounded(.down), highSteps = (high / step).rounded(.up)
        // Steps too small or too many to count (a subnormal step is not the decimal it stands
        // for, and no nice step fits): the ends only.
        guard step >= Double.leastNormalMagnitude, step.isFinite, lowSteps.isFinite, highSteps.isFinite,
              abs(lowSteps) < 9e14, abs(highSteps) < 9e14 else { return [low, high] }
        let first = Int64(lowSteps), last = Int64(highSteps)
        guard last - first < 1000 else { return [] }
        let ticks = (first...last).map(value)
        guard ticks.contains(where: { !$0.isFinite }) else { return ticks }
        // Steps past the largest Double (±1e308): the axis ends at the data's ends there instead.
        var finite = ticks.filter(\.isFinite)
        if finite.first.map({ $0 > low }) ?? true { finite.insert(low, at: 0) }
        if finite.last.map({ $0 < high }) ?? true { finite.append(high) }
        return finite
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

    /// Powers of ten covering `low ... high` (both > 0), for a log axis, each the Double nearest
    /// its decimal. Below the normal Doubles powers of ten are inexact (and 1e-324 is 0): a
    /// subnormal `low` starts the axis itself, the decades from 1e-308. Past 1e308 `high` ends
    /// it. Over more than 24 decades every k-th is kept (at most 13 ticks, the first and last).
    public static func logarithmic(low: Double, high: Double) -> [Double] {
        guard low > 0, high >= low, high.isFinite else { return [] }
        let start = Swift.max(low, Double.leastNormalMagnitude)
        var exponent = Int(log10(start).rounded(.down))  // -308 ... 308
        while exponent > -308 && decimalPower(exponent) > start { exponent -= 1 }
        while exponent < 308 && decimalPower(exponent + 1) <= start { exponent += 1 }
        var ticks: [Double] = []
        if start > low {
            // A subnormal low starts the axis; the decades follow from the first above it
            // (1e-308 lies below 1.1e-308, a subnormal too).
            ticks.append(low)
            while exponent < 308 && decimalPower(exponent) <= low { exponent += 1 }
        }
        while exponent <= 308 && ticks.count < 400 {
            let tick = decimalPower(exponent)
            if tick >= high * 10 { break }
            ticks.append(tick)
            if tick >= high { break }
            exponent += 1
        }
        if let top = ticks.last, top < high { ticks.append(high) }
        guard ticks.count > 24 else { return ticks }
        let every = (ticks.count + 11) / 12
        return ticks.indices.filter { $0 % every == 0 || $0 == ticks.count - 1 }.map { ticks[$0] }
    }

    /// 10^exponent as the Double nearest it (exact up to 10^22).
    static func decimalPower(_ exponent: Int) -> Double {
        (0...22).contains(exponent) ? power10(exponent) : Double("1e\(exponent)") ?? 0
    }

    /// Time steps a reader knows, in milliseconds: seconds, minutes, hours, days, weeks.
    static let timeSteps: [Int64] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000,
                                     60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
                                     10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000]

    /// About `count` ticks at a round time step over epoch milliseconds `low ... high`, aligned to
    /// UTC (a day step starts at midnight UTC); at most 1000. Spans up to the whole of Int64.
    /// With `calendar` (dates, not durations) ticks more than 20 days apart fall on months.
    public static func time(low: Int64, high: Int64, count: Int = 5, calendar: Bool = true) -> (ticks: [Int64], step: Int64) {
        let span = Swift.max(1, high.saturatingSubtract(low))
        let wanted = span / Int64(count > 1 ? count - 1 : 1)
        if calendar, wanted > 20 * 86_400_000, let months = monthTicks(low: low, high: high, wanted: wanted) { return months }
        let step = timeSteps.first { $0 >= wanted } ?? (wanted / 604_800_000 + 1).saturatingMultiply(604_800_000)
        var ticks: [Int64] = []
        var tick = ceilMultiple(low, step)
        while let current = tick, current <= high, ticks.count < 1000 {
            ticks.append(current)
            let (next, overflow) = current.addingReportingOverflow(step)
            tick = overflow ? nil : next
        }
        return (ticks, step)
    }

    /// Months a tick step may be: a month, a quarter, half a year, years.
    static let monthSteps: [Int64] = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200]

    /// Ticks at the first of a month (every 1, 2, 3 or 6 months, or whole years) for a span of
    /// weeks wanted between ticks, in years 1 to 9999; the step given back is the months' length in
    /// 30-day months, for the labels. Nil outside those years.
    static func monthTicks(low: Int64, high: Int64, wanted: Int64) -> (ticks: [Int64], step: Int64)? {
        let day: Int64 = 86_400_000
        let first = ISOTime.fields(milliseconds: low), last = ISOTime.fields(milliseconds: high)
        guard first.year >= 1, last.year <= 9999 else { return nil }
        let months = Double(wanted) / (30.44 * Double(day))
        let step = monthSteps.first { Double($0) >= months * 0.75 } ?? 1200
        var index = first.year * 12 + Int64(first.month - 1)
        if index % step != 0 || first.day != 1 || low % day != 0 { index = (index / step + 1) * step }
        var ticks: [Int64] = []
        while ticks.count < 1000 {
            let tick = daysFromCivil(year: index / 12, month: Int(index % 12) + 1, day: 1) * day
            if tick > high { break }
            if tick >= low { ticks.append(tick) }
            index += step
        }
        return (ticks, step * 30 * day)
    }

    /// Days from 1970-01-01 to a date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The smallest multiple of `step` (> 0) not below `value`; nil past Int64.max.
    private static func ceilMultiple(_ value: Int64, _ step: Int64) -> Int64? {
        let q = value / step
        let up = value % step != 0 && value > 0 ? q + 1 : q
        let (multiple, overflow) = up.multipliedReportingOverflow(by: step)
        return overflow ? nil : multiple
    }
}
