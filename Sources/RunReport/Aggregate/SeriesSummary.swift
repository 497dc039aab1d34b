/// A series' `last_metrics` entry as clearml-server keeps it (seeds/002, tasks.last_metrics_event),
/// plus `last_100_value` as `get_task_latest_scalar_values` documents it.
public struct SeriesSummary: Sendable {
    public var count = 0
    public var firstValue = Double.nan
    public var firstIteration: Int64 = 0
    /// The value of the event with the largest (iteration, timestamp).
    public var lastValue = Double.nan
    public var lastIteration: Int64 = 0
    public var lastTimestamp: Int64?
    public var minValue = Double.nan
    public var minIteration: Int64?
    public var maxValue = Double.nan
    public var maxIteration: Int64?
    /// The total of the finite values over their count; NaN when there are none.
    public var meanValue = Double.nan
    /// The average of the finite values among the last 100 iterations.
    public var last100Value = Double.nan
    public var nonFiniteCount = 0
    public var xAxisLabel: String?

    /// Every event counts, duplicates included, as clearml-server updates `last_metrics` on
    /// each one; min, max and mean are over finite values (the first iteration reaching each
    /// extreme is kept); single values are left out (see `SingleValue`).
    public init(_ series: ScalarSeries) {
        if series.order.iterationsRise && series.order.count > 0 {
            self.init(rising: series)
        } else {
            self.init(anyOrder: series)
        }
    }

    /// Any series: every point is compared with what came before it.
    init(anyOrder series: ScalarSeries) {
        xAxisLabel = series.xAxisLabel
        var extremes = Extremes()
        // The largest (iteration, timestamp) so far; a missing timestamp sorts first.
        var lastKeyIteration = Int64.min, lastKeyTime = Int64.min
        // The last 100 values as they came, enough for last_100_value when iterations only rise.
        let recent = UnsafeMutablePointer<Double>.allocate(capacity: 100)
        recent.initialize(repeating: .nan, count: 100)
        defer { recent.deallocate() }
        var recentIndex = 0, ordered = true, previous = Int64.min
        var lastTimed = false
        var count = 0, firstValue = Double.nan, firstIteration = Int64(0), lastValue = Double.nan
        // Plain loops over the packed chunks, the running values in locals and wrapping arithmetic
        // (offsets were checked when the points were packed).
        for chunk in series.chunks {
            let baseIteration = chunk.baseIteration, baseTimestamp = chunk.baseTimestamp
            for packed in chunk.points {
                let iteration = baseIteration &+ Int64(packed.iterationOffset)
                guard iteration > Run.singleValueIteration else { continue }
                let value = packed.value
                if iteration <= previous { ordered = false }
                previous = iteration
                recent[recentIndex] = value
                recentIndex = recentIndex == 99 ? 0 : recentIndex &+ 1
                count &+= 1
                if count == 1 || iteration < firstIteration {
                    firstValue = value
                    firstIteration = iteration
                }
                let timed = packed.timestampOffset != Int32.min
                let time = timed ? baseTimestamp &+ Int64(packed.timestampOffset) : Int64.min
                if iteration > lastKeyIteration || (iteration == lastKeyIteration && time >= lastKeyTime) {
                    lastKeyIteration = iteration
                    lastKeyTime = time
                    lastValue = value
                    lastTimed = timed
                }
                extremes.add(value, at: iteration)
            }
        }
        self.count = count
        self.firstValue = firstValue
        self.firstIteration = firstIteration
        self.lastValue = lastValue
        lastTimestamp = count > 0 && lastTimed ? lastKeyTime : nil
        lastIteration = count > 0 ? lastKeyIteration : 0
        take(extremes)
        if ordered {
            last100Value = FiniteSum.meanOfFinite(UnsafeBufferPointer(start: recent, count: min(count, 100)))
        } else {
            last100Value = FiniteSum.meanOfFinite(KeyedPoints(series, key: .iter).value.suffix(100))
        }
    }
}

extension SeriesSummary {
    /// The non-finite count, and min, max and mean of the finite values, from `extremes`.
    private mutating func take(_ extremes: Extremes) {
        nonFiniteCount = extremes.nonFinite
        guard extremes.finite > 0 else { return }
        (minValue, minIteration, maxValue, maxIteration) = (extremes.minimum, extremes.minimumAt, extremes.maximum, extremes.maximumAt)
        meanValue = extremes.total.mean(count: extremes.finite)
    }

    /// The total (a `FiniteSum`: no overflow), count and extremes of a series' finite values, and
    /// its non-finite count, as its plain points pass in arrival order. Start values every first
    /// point passes, so no count is tested; the first of equal extremes stays.
    struct Extremes {
        var total = FiniteSum(), finite = 0, nonFinite = 0
        var minimum = Double.infinity, maximum = -Double.infinity, minimumAt = Int64(0), maximumAt = Int64(0)

        @inline(__always) mutating func add(_ value: Double, at iteration: Int64) {
            guard value.isFinite else {
                nonFinite &+= 1
                return
            }
            total.add(value)
            if value < minimum { minimum = value; minimumAt = iteration }
            if value > maximum { maximum = value; maximumAt = iteration }
            finite &+= 1
        }
    }

    /// A series whose plain points' iterations only rise (the common case): first and last are
    /// its first and last plain points, kept as it was filled, so one lean pass takes the rest.
    /// The same numbers, to the bit, as `init(anyOrder:)`.
    init(rising series: ScalarSeries) {
        var extremes = Extremes()
        series.forEachPlainPoint { iteration, _, value in extremes.add(value, at: iteration) }
        self.init(rising: series, extremes: extremes)
    }

    /// A rising series whose plain points were added up into `extremes` by another pass over
    /// them in arrival order (the histogram's, which reads them anyway).
    init(rising series: ScalarSeries, extremes: Extremes) {
        xAxisLabel = series.xAxisLabel
        let order = series.order
        guard let first = order.first, let last = order.last else { return }
        count = order.count
        (firstValue, firstIteration) = (first.value, first.iteration)
        (lastValue, lastIteration, lastTimestamp) = (last.value, last.iteration, last.timestamp)
        take(extremes)
        last100Value = FiniteSum.meanOfFinite(Self.lastHundred(series, count: count))
    }

    /// The last 100 plain values in the order `init(anyOrder:)` adds them up: the k-th plain
    /// point of the series in slot k % 100 of its ring.
    static func lastHundred(_ series: ScalarSeries, count: Int) -> [Double] {
        var newestFirst: [Double] = []
        newestFirst.reserveCapacity(100)
        search: for chunk in series.chunks.reversed() {
            for packed in chunk.points.reversed() where chunk.baseIteration &+ Int64(packed.iterationOffset) > Run.singleValueIteration {
                newestFirst.append(packed.value)
                if newestFirst.count == 100 { break search }
            }
        }
        let arrival = Array(newestFirst.reversed())
        guard count > 100 else { return arrival }
        var ring = arrival
        for (index, value) in arrival.enumerated() { ring[(count - 100 + index) % 100] = value }
        return ring
    }
}

/// A value reported with `report_single_value` (iteration -2^31): shown as a table.
public struct SingleValue: Sendable {
    public var metric: String
    public var variant: String
    /// The last one reported.
    public var value: Double
    public var timestamp: Int64?

    /// The run's single values, by metric and variant.
    public static func of(_ run: Run) -> [SingleValue] {
        run.series.keys.sorted().compactMap { key in
            run.series[key]?.lastSingleValue.map {
                SingleValue(metric: key.metric, variant: key.variant, value: $0.value, timestamp: $0.timestamp)
            }
        }
    }
}
