import Foundation

/// A series' `last_metrics` entry as clearml-server leaves it after importing the events one
/// `events.add_batch` per input line (an offline session's metrics.jsonl line; one event of a
/// flat dump; a response page). Each batch is first summarised as
/// `EventBLL._update_last_scalar_events_for_task` does (count and total; the value with the
/// largest (iter, timestamp), the later of equals; the first value at the smallest iter; strict
/// min and max), then applied as `get_last_metric_updates` (apiserver/bll/task/utils.py) updates
/// MongoDB: `value` set from the batch, `first_value` only when unset, min and max when strictly
/// beyond, `mean_value` = round((mean * count + total) / (count + n), 2) every batch. A batch
/// that held a value Elasticsearch refuses raises before the update: it counts for nothing.
/// Single values and events without `iter` (at iteration 0) are in it, as on the server.
public struct ServerSummary: Sendable, Equatable {
    public var count = 0
    public var firstValue = 0.0
    public var firstIteration: Int64 = 0
    public var value = 0.0
    public var minValue = 0.0
    public var minIteration: Int64 = 0
    public var maxValue = 0.0
    public var maxIteration: Int64 = 0
    public var meanValue = 0.0

    /// The series' entry; nil when no batch of it was counted.
    public init?(_ series: ScalarSeries) {
        var spans = series.batchSpans[...]
        var batch = Batch()
        var remaining = 0, refused = false
        var any = false
        var index = 0
        series.forEach { point in
            defer { index += 1 }
            if remaining == 0 {
                if let span = spans.first, span.start == index {
                    (remaining, refused) = (span.count, span.refused)
                    spans = spans.dropFirst()
                } else {
                    (remaining, refused) = (1, StoredValue.isRefused(point.value))
                }
                batch = Batch()
            }
            let iteration = point.iteration == Run.missingIteration ? 0 : point.iteration
            // A missing timestamp is the moment of import on the server: after every other.
            batch.add(iteration: iteration, time: point.timestamp ?? Int64.max, value: point.value)
            remaining -= 1
            if remaining == 0 && !refused {
                apply(batch, first: !any)
                any = true
            }
        }
        guard any else { return nil }
    }

    /// One batch's `last_events` entry.
    struct Batch {
        var count = 0, total = 0.0
        var last = 0.0, lastIteration = Int64.min, lastTime = Int64.min
        var first = 0.0, firstIteration = Int64.max
        var minimum = Double.infinity, minimumAt: Int64 = 0, maximum = -Double.infinity, maximumAt: Int64 = 0

        mutating func add(iteration: Int64, time: Int64, value: Double) {
            count += 1
            total += value
            if count == 1 || (iteration, time) >= (lastIteration, lastTime) {
                (last, lastIteration, lastTime) = (value, iteration, time)
            }
            if count == 1 || iteration < firstIteration { (first, firstIteration) = (value, iteration) }
            if count == 1 || value < minimum { (minimum, minimumAt) = (value, iteration) }
            if count == 1 || value > maximum { (maximum, maximumAt) = (value, iteration) }
        }
    }

    private mutating func apply(_ batch: Batch, first: Bool) {
        value = batch.last
        if first { (firstValue, firstIteration) = (batch.first, batch.firstIteration) }
        if first || minValue > batch.minimum { (minValue, minIteration) = (batch.minimum, batch.minimumAt) }
        if first || maxValue < batch.maximum { (maxValue, maxIteration) = (batch.maximum, batch.maximumAt) }
        meanValue = Self.roundedToHundredths((meanValue * Double(count) + batch.total) / Double(count + batch.count))
        count += batch.count
    }

    /// MongoDB's `$round` to 2 places: the double's exact decimal value rounded half to even,
    /// back to the nearest double. 100 × value is taken exactly as a double and its rounding error
    /// (a fused multiply-add), so the nearest integer, and a tie, are told exactly; past 1e13
    /// glibc's printf, which rounds the exact value the same way, does it.
    static func roundedToHundredths(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        guard value.magnitude < 1e13 else { return Double(String(format: "%.2f", value)) ?? value }
        let product = value * 100
        let error = (-product).addingProduct(value, 100)  // value × 100 − product, exactly
        let below = product.rounded(.down)
        let beyondHalf = ((product - below) - 0.5) + error  // its sign is the exact one
        var whole = below
        if beyondHalf > 0 || (beyondHalf == 0 && below.truncatingRemainder(dividingBy: 2) != 0) { whole += 1 }
        if whole == 0 { return value.sign == .minus ? -0.0 : 0.0 }
        return whole / 100
    }

    /// The same through glibc's printf, for the tests.
    static func roundedToHundredthsByPrintf(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return Double(String(format: "%.2f", value)) ?? value
    }
}
