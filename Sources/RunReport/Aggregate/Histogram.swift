/// One series of a histogram: bucket keys and the average value in each bucket.
public struct HistogramSeries: Sendable {
    public var x: [Int64]
    /// The average of the bucket's finite values; NaN when it held only non-finite ones.
    public var y: [Double]
    /// The smallest and largest finite value in each bucket (NaN when it held none): the
    /// envelope of what averaging hid. Empty when every bucket held one point.
    public var low: [Double] = []
    public var high: [Double] = []
    /// The bucket width the series was averaged with.
    public var interval: Int64
    public var xAxisLabel: String?
}

/// `events.scalar_metrics_iter_histogram` for one run, computed as clearml-server does
/// (`apiserver/bll/event/event_metrics.py`): an interval per series from its count and range,
/// series grouped by interval, every series of a group bucketed with the group's largest
/// interval, buckets aligned to 0, empty ones dropped, y the bucket's average.
public struct ScalarHistogram: Sendable {
    /// clearml-server's bounds on one aggregation: buckets and series.
    static let maxSampleBuckets = 6000
    static let maxSeriesPerGroup = 50
    /// clearml-server's default for `samples`.
    public static let defaultSamples = 2000

    public let key: ScalarKey
    /// Whose numbers: clearml-server's (float32, refusals, its average, the variant cap) or runreport's.
    public let precision: ValuePrecision
    public private(set) var series: [SeriesKey: HistogramSeries] = [:]
    /// With `.server`: the series left out by the variant cap.
    public private(set) var cappedSeries: [SeriesKey] = []
    /// The summaries of the series read in place (already in order), made in the pass that
    /// bucketed them; `summary(of:in:)` makes the others'.
    public private(set) var summaries: [SeriesKey: SeriesSummary] = [:]

    /// Where a series' keyed points come from when it is bucketed.
    private enum Points {
        case ordered(OrderedSeries)
        case kept(KeyedPoints)
        /// Made again at bucketing time (a large unordered run: one series' copy per core at a time).
        case again

        /// The points bucketed by `interval`, in ascending x; for a series read in place, its
        /// summary from the same pass.
        func bucketed(series: ScalarSeries?, key: ScalarKey, interval: Int64, server: Bool) -> (Buckets, SeriesSummary?) {
            var buckets = Buckets(interval: interval, server: server)
            switch self {
            case let .ordered(ordered):
                var extremes = SeriesSummary.Extremes()
                ordered.fill(&buckets, &extremes)
                return (buckets.finish(), SeriesSummary(rising: ordered.series, extremes: extremes))
            case let .kept(points): Self.fill(&buckets, points)
            case .again:
                guard let series else { break }
                Self.fill(&buckets, KeyedPoints(series, key: key, server: server))
            }
            return (buckets.finish(), nil)
        }

        /// Each bucket's points in arrival order when the points carry it (Elasticsearch sums
        /// a bucket's documents in the order it holds them), else in x order.
        private static func fill(_ buckets: inout Buckets, _ points: KeyedPoints) {
            guard !points.arrival.isEmpty else {
                for (x, value) in zip(points.x, points.value) { buckets.add(x, value) }
                return
            }
            var start = 0
            while start < points.count {
                let bucket = Buckets.floorDivide(points.x[start], buckets.interval)
                var end = start + 1
                while end < points.count && Buckets.floorDivide(points.x[end], buckets.interval) == bucket { end += 1 }
                for index in (start..<end).sorted(by: { points.arrival[$0] < points.arrival[$1] }) {
                    buckets.add(points.x[index], points.value[index])
                }
                start = end
            }
        }
    }

    /// Buckets every series of `run` into about `samples` points; 0 keeps every point. Series
    /// already in order are read in place; others are keyed (sorted, deduplicated), and past
    /// `keptPoints` points in all keyed again when bucketed rather than kept from the first pass.
    /// `precision` `.server` gives clearml-server's numbers (see `ValuePrecision`). Without
    /// `keepingSummaries` the summaries made on the way are dropped: a million series'
    /// summaries are the largest table a histogram would hold.
    public init(run: Run, key: ScalarKey, samples: Int = defaultSamples, precision: ValuePrecision = .full,
                keptPoints: Int = 4_000_000, keepingSummaries: Bool = true) {
        self.key = key
        self.precision = precision
        let server = precision == .server
        let keepAll = run.series.values.reduce(0) { $0 + $1.count } <= keptPoints
        // Series are keyed, and later bucketed, on every core at once: each is read by one job.
        var inputs = run.series.keys.sorted().concurrentMap { seriesKey -> Input? in
            guard let source = run.series[seriesKey] else { return nil }
            let points: Points, count: Int, first: Int64, last: Int64
            if !server || Self.refusalsSpareTheEnds(source), let ordered = OrderedSeries(source, key: key) {
                // Refused values are passed over as they are bucketed; they are not counted.
                let stored = ordered.count - (server ? source.refusedPlainCount : 0)
                (points, count, first, last) = (.ordered(ordered), stored, ordered.first, ordered.last)
            } else {
                let keyed = KeyedPoints(source, key: key, server: server)
                guard let low = keyed.x.first, let high = keyed.x.last else { return nil }
                (points, count, first, last) = (keepAll ? .kept(keyed) : .again, keyed.count, low, high)
            }
            let (interval, size) = Self.interval(count: count, first: first, last: last, samples: samples)
            return Input(key: seriesKey, points: points, count: count, interval: interval, size: size)
        }.compactMap { $0 }
        if server {
            let kept = Set(VariantCap.apply(inputs.map(\.key)))
            if kept.count < inputs.count {
                cappedSeries = inputs.map(\.key).filter { !kept.contains($0) }
                inputs = inputs.filter { kept.contains($0.key) }
            }
        }
        let jobs = Self.groups(inputs.map { ($0.interval, $0.size) }).flatMap { group in
            group.members.map { (input: inputs[$0], interval: group.interval) }
        }
        let bucketed = jobs.concurrentMap { job -> (HistogramSeries, SeriesSummary?) in
            let input = job.input
            let (buckets, summary) = input.points.bucketed(series: run.series[input.key], key: key, interval: job.interval,
                                                                server: server)
            let averaged = buckets.x.count < input.count
            return (HistogramSeries(x: buckets.x, y: buckets.y, low: averaged ? buckets.low : [],
                                    high: averaged ? buckets.high : [], interval: job.interval,
                                    xAxisLabel: run.series[input.key]?.xAxisLabel), summary)
        }
        series.reserveCapacity(jobs.count)  // grown step by step, a million series held two tables at once
        if keepingSummaries { summaries.reserveCapacity(jobs.count) }
        for (job, (result, summary)) in zip(jobs, bucketed) {
            series[job.input.key] = result
            if keepingSummaries { summaries[job.input.key] = summary }
        }
    }

    /// Whether a series read in place gives the server's count and range: nothing lost to a
    /// refused value's bulk chunk, and its first and last plain points stored.
    private static func refusalsSpareTheEnds(_ series: ScalarSeries) -> Bool {
        guard series.lostCount == 0 else { return false }
        guard series.refusedPlainCount > 0 else { return true }
        guard let first = series.order.first, let last = series.order.last else { return true }
        return !StoredValue.isRefused(first.value) && !StoredValue.isRefused(last.value)
    }

    /// The summary of `run`'s series `key`: the one made while bucketing it, else made now.
    public func summary(of key: SeriesKey, in run: Run) -> SeriesSummary? {
        if let made = summaries[key] { return made }
        return run.series[key].map { SeriesSummary($0) }
    }

    /// A series ready to bucket: its points, their count, and its interval and bucket count.
    private struct Input {
        let key: SeriesKey
        let points: Points
        let count: Int
        let interval: Int64
        let size: Int
    }

    /// `_build_metric_interval`: under `samples` points, interval 1 and the count as size;
    /// else the range split into `samples` (rounded up) and the buckets that makes.
    static func interval(count: Int, first minimum: Int64, last maximum: Int64, samples: Int) -> (interval: Int64, size: Int) {
        if samples <= 0 || count < samples { return (1, count) }
        // In Doubles, as the server's Python computes it; an interval past Int64 (iterations 0 and
        // Int64.max with one sample) is held at Int64.max.
        let range = NumberSpan.span(minimum, maximum) + 1
        let interval = max(1, Int64(saturating: (range / Double(samples)).rounded(.up)))
        let buckets = Int(saturating: (range / Double(interval)).rounded(.up))
        return (interval, buckets)
    }

    /// `_group_task_metric_intervals`: series sorted by interval (stable) and cut into groups
    /// when the interval passes the group's first interval + int(10 %), the buckets would pass
    /// 6000, or the group has 50 series. Each group is bucketed with its largest interval.
    static func groups(_ intervals: [(interval: Int64, size: Int)]) -> [(interval: Int64, members: [Int])] {
        let order = intervals.indices.sorted { (intervals[$0].interval, $0) < (intervals[$1].interval, $1) }
        var result: [(interval: Int64, members: [Int])] = []
        var members: [Int] = []
        var upperBound: Int64 = 0, groupMax: Int64 = 0, groupSize = 0
        for index in order {
            let (interval, size) = intervals[index]
            if interval > upperBound || groupSize + size > maxSampleBuckets || members.count >= maxSeriesPerGroup {
                if !members.isEmpty { result.append((groupMax, members)) }
                members = []
                groupMax = interval
                upperBound = interval.saturatingAdd(Int64(saturating: Double(interval) * 0.1))
                groupSize = 0
            }
            members.append(index)
            groupSize += size
            groupMax = max(groupMax, interval)
        }
        if !members.isEmpty { result.append((groupMax, members)) }
        return result
    }
}
