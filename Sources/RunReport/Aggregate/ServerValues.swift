/// Whose numbers a histogram gives: clearml-server's after an import, or runreport's own.
public enum ValuePrecision: String, CaseIterable, Sendable {
    /// What clearml-server returns: values stored as Elasticsearch `float` (32 bits), values it
    /// refuses (NaN, ±infinity, beyond float32's range) never stored, buckets averaged by
    /// Elasticsearch's `avg` (compensated summation of the widened values), variants per metric
    /// capped by the terms aggregation's size.
    case server
    /// runreport's view: the doubles as sent, non-finite values kept (and left out of averages),
    /// every variant.
    case full
}

/// How clearml-server's Elasticsearch stores a scalar's `value` (the events mapping,
/// `apiserver/elastic/index_templates/events/component_templates/events_common.json`: `float`).
enum StoredValue {
    /// The largest magnitude that parses to a finite float32: the midpoint between float32's
    /// largest finite value and 2^128. Its shortest decimal text, the one the server's client
    /// sends, lies below it and parses to the largest finite float.
    static let largestStored = 0x1.ffffffp127

    /// Whether Elasticsearch refuses the value (`[float] supports only finite values`): NaN,
    /// ±infinity, and magnitudes that round to infinity in float32.
    @inline(__always)
    static func isRefused(_ value: Double) -> Bool { !(value.magnitude <= largestStored) }

    /// The float32 Elasticsearch stores for an accepted `value`, widened back to a double as its
    /// aggregations read it. The server's client sends the double's shortest decimal text and
    /// Elasticsearch parses that text straight to float32: the same as rounding the double,
    /// except for a double exactly halfway between two floats, which goes the way its text does.
    @inline(__always)
    static func stored(_ value: Double) -> Double {
        let rounded = Float(value)
        let widened = Double(rounded)
        if widened == value { return widened }
        if rounded.isFinite {
            let other = Double(widened < value ? rounded.nextUp : rounded.nextDown)
            if (widened + other) * 0.5 != value { return widened }
        }
        return halfway(value)
    }

    private static func halfway(_ value: Double) -> Double {
        guard let parsed = Float(value.description), parsed.isFinite else { return Double(Float(value)) }
        return Double(parsed)
    }
}

/// Elasticsearch's `CompensatedSum` (Kahan summation) as `AvgAggregator` uses it, for finite
/// values: the bucket's average is `value / count`.
struct CompensatedSum {
    private(set) var value = 0.0
    private var delta = 0.0

    @inline(__always)
    mutating func add(_ addend: Double) {
        let corrected = addend + delta
        let updated = value + corrected
        delta = corrected - (updated - value)
        value = updated
    }
}

/// clearml-server's cap on the variants of each metric in a histogram
/// (`get_max_metric_and_variant_counts` in `apiserver/bll/event/event_common.py`, with the
/// default `dynamic_metrics_count: true` and threshold 80 %, then halved in
/// `_get_task_metric_intervals`): `int(int(8000 / metrics) // 2)` variants, the first in key order.
enum VariantCap {
    static let maxBuckets = 8000

    /// The variants each metric keeps when `metrics` distinct metrics have histogram points.
    static func variantsPerMetric(metrics: Int) -> Int {
        guard metrics > 0 else { return Int.max }
        return Int(Double(maxBuckets) / Double(metrics)) / 2
    }

    /// `keys` without the variants past the cap, metric by metric in key order.
    static func apply(_ keys: [SeriesKey]) -> [SeriesKey] {
        var byMetric: [String: [SeriesKey]] = [:]
        for key in keys { byMetric[key.metric, default: []].append(key) }
        let cap = variantsPerMetric(metrics: byMetric.count)
        guard byMetric.values.contains(where: { $0.count > cap }) else { return keys }
        return byMetric.values.flatMap { $0.sorted().prefix(cap) }.sorted()
    }
}
