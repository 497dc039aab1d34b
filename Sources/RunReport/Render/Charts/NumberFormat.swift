import Foundation

/// What a metric's values measure, read off its name; how its numbers are written.
public enum MetricUnit: Sendable, Equatable {
    case plain
    /// Bytes, written in binary multiples (KiB, MiB, GiB, …).
    case bytes
    /// Seconds, written as µs, ms, s, min, h or d.
    case seconds
    /// Milliseconds (a name ending `_ms`), written like seconds.
    case milliseconds
    /// Percent (0–100), written with `%`.
    case percent

    /// The unit a metric's name says: `*byte*`, and the memory and disk figures of `sys.*`,
    /// are bytes; `*_time`, `*time*`, `*duration*`, `*latency*` seconds (`*_ms` milliseconds);
    /// `*percent*`, `*utilization*` percent; anything else plain.
    public init(metric: String) {
        let name = metric.lowercased()
        let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        let system = name.hasPrefix("sys.") || name.hasPrefix("sys/") || name.hasPrefix(":monitor:")
        if name.contains("byte") || (system && words.contains(where: { ["ram", "memory", "mem"].contains($0) || $0.hasSuffix("memory") })
            && !words.contains(where: { $0.contains("percent") || $0.contains("util") })) {
            self = .bytes
        } else if name.contains("percent") || name.contains("utilization") || name.hasSuffix("_pct") || name.hasSuffix("%") {
            self = .percent
        } else if words.last == "ms" || name.hasSuffix("_ms") {
            self = .milliseconds
        } else if words.contains(where: { ["time", "duration", "latency", "seconds", "secs", "elapsed"].contains($0) })
                    || name.hasSuffix("_time") || name.hasSuffix("_sec") || name.hasSuffix("_s") {
            self = .seconds
        } else {
            self = .plain
        }
    }
}

/// The one way numbers read on axes, in tables and on cards: SI suffixes (k, M, G, …) past
/// 100,000, exponent form past 10²¹ and under 10⁻⁴, byte and time units where the metric says
/// so, NaN and infinities by name. Labels of an axis share one scale and are as precise as
/// their spacing needs, so no two read the same and none is longer than a dozen characters.
public enum NumberFormat {
    /// `value` in `digits` significant digits (6 in tables and cards) in `unit`.
    public static func text(_ value: Double, unit: MetricUnit = .plain, digits: Int = 6) -> String {
        // The common case, a plain number of ordinary size, on NumberText's fast path (the same
        // text): a page writes tens of thousands of these.
        let magnitude = abs(value)
        if unit == .plain, digits == 6, magnitude < 1e5, magnitude >= 1e-4 || magnitude == 0 { return NumberText.of(value) }
        return text(value, unit: unit, digits: digits, reference: magnitude)
    }

    /// Labels for an axis' ticks: one scale (the largest tick's), the fewest significant digits
    /// (from 3) that tell every tick apart.
    public static func axisLabels(_ ticks: [Double], unit: MetricUnit = .plain) -> [String] {
        let reference = ticks.filter(\.isFinite).map(abs).max() ?? 0
        var labels: [String] = []
        for digits in 3...17 {
            labels = ticks.map { text($0, unit: unit, digits: digits, reference: reference) }
            if Set(labels).count == Set(ticks).count { break }
        }
        return labels
    }

    /// The multiple an axis of `unit` reaching `reference` counts in (1024³ for GiB, 60 for
    /// minutes, 1 for plain numbers), so that its ticks fall on round numbers of what it shows.
    static func scale(of unit: MetricUnit, reference: Double) -> Double {
        switch unit {
        case .plain, .percent: return 1
        case .bytes:
            var scale = 1.0
            while scale < 1024 * 1024 * 1024 * 1024 * 1024 * 1024 && reference >= scale * 1024 { scale *= 1024 }
            return scale
        case .seconds, .milliseconds:
            let seconds = unit == .milliseconds ? reference / 1000 : reference
            let step = times.first { seconds >= $0.0 }?.0 ?? 1
            return unit == .milliseconds ? step * 1000 : step
        }
    }

    static func text(_ value: Double, unit: MetricUnit, digits: Int, reference: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        switch unit {
        case .plain: return plain(value, digits: digits, reference: reference)
        case .percent: return plain(value, digits: digits, reference: reference) + "%"
        case .bytes: return bytes(value, digits: digits, reference: reference)
        case .seconds: return duration(value, digits: digits, reference: reference)
        case .milliseconds: return duration(value / 1000, digits: digits, reference: reference / 1000)
        }
    }

    private static let si: [(Double, String)] = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e5, "k")]

    private static func plain(_ value: Double, digits: Int, reference: Double) -> String {
        if reference >= 1e21 || (reference > 0 && reference < 1e-4) { return exponent(value, digits: digits) }
        if value == 0 { return "0" }
        for (scale, suffix) in si where reference >= scale {
            let shown = suffix == "k" ? 1e3 : scale
            return significant(value / shown, digits: digits, reference: reference / shown) + suffix
        }
        return significant(value, digits: digits, reference: reference)
    }

    private static let binary = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]

    private static func bytes(_ value: Double, digits: Int, reference: Double) -> String {
        var power = 0, scale = 1.0
        while power < binary.count - 1 && reference >= scale * 1024 { scale *= 1024; power += 1 }
        if reference >= scale * 1024 { return exponent(value, digits: digits) + " B" }
        return significant(value / scale, digits: digits, reference: reference / scale) + " " + binary[power]
    }

    private static let times: [(Double, String)] = [(86_400, "d"), (3600, "h"), (60, "min"), (1, "s"), (1e-3, "ms"), (1e-6, "µs")]

    private static func duration(_ value: Double, digits: Int, reference: Double) -> String {
        if value == 0 { return "0 s" }
        if reference >= 1e12 || reference < 1e-9 { return exponent(value, digits: digits) + " s" }
        let (scale, name) = times.first { reference >= $0.0 } ?? (1e-9, "ns")
        return significant(value / scale, digits: digits, reference: reference / scale) + " " + name
    }

    /// `value` with as many decimals as `digits` significant digits of `reference` leave,
    /// trailing zeros dropped; integers in full.
    private static func significant(_ value: Double, digits: Int, reference: Double) -> String {
        let magnitude = reference > 0 ? Int(log10(reference).rounded(.down)) : 0
        let decimals = max(0, min(20, digits - 1 - magnitude))
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    private static func exponent(_ value: Double, digits: Int) -> String {
        var text = String(format: "%.\(max(0, digits - 1))e", value)
        // 1.500000e+21 → 1.5e21
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e]), power = String(text[text.index(after: e)...])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            if power.hasPrefix("+") { power.removeFirst() }
            let negative = power.hasPrefix("-")
            if negative { power.removeFirst() }
            while power.count > 1 && power.hasPrefix("0") { power.removeFirst() }
            text = mantissa + "e" + (negative ? "-" : "") + power
        }
        return text
    }
}
