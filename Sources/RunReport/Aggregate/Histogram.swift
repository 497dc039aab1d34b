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
    public private(set) var series: [SeriesKey: HistogramSeries] = [:]

    /// Buckets every series of `run` into about `samples` points; 0 keeps every point.
    public init(run: Run, key: ScalarKey, samples: Int = defaultSamples) {
        self.key = key
        var inputs: [(key: SeriesKey, points: KeyedPoints, interval: Int64, size: Int)] = []
        for seriesKey in run.series.keys.sorted() {
            let points = KeyedPoints(run.series[seriesKey]!, key: key)
            guard points.count > 0 else { continue }
            let (interval, size) = Self.interval(of: points, samples: samples)
            inputs.append((seriesKey, points, interval, size))
        }
        for group in Self.groups(inputs.map { ($0.interval, $0.size) }) {
            let interval = group.interval
            for index in group.members {
                let input = inputs[index]
                let buckets = Self.buckets(input.points, interval: interval)
                let averaged = buckets.x.count < input.points.count
                series[input.key] = HistogramSeries(x: buckets.x, y: buckets.y, low: averaged ? buckets.low : [],
                                                    high: averaged ? buckets.high : [], interval: interval,
                                                    xAxisLabel: run.series[input.key]?.xAxisLabel)
            }
        }
    }

    /// `_build_metric_interval`: under `samples` points, interval 1 and the count as size;
    /// else the range split into `samples` (rounded up) and the buckets that makes.
    static func interval(of points: KeyedPoints, samples: Int) -> (interval: Int64, size: Int) {
        let count = points.count
        if samples <= 0 || count < samples { return (1, count) }
        let minimum = points.x.first!, maximum = points.x.last!
        let range = Double(maximum) - Double(minimum) + 1
        let interval = max(1, Int64((range / Double(samples)).rounded(.up)))
        let buckets = Int((range / Double(interval)).rounded(.up))
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
                upperBound = interval + Int64(Double(interval) * 0.1)
                groupSize = 0
            }
            members.append(index)
            groupSize += size
            groupMax = max(groupMax, interval)
        }
        if !members.isEmpty { result.append((groupMax, members)) }
        return result
    }

    /// Elasticsearch's `histogram` / `date_histogram` with `min_doc_count: 1`: key =
    /// floor(x / interval) * interval, ascending; y = the average of the bucket's values; low
    /// and high its extremes.
    static func buckets(_ points: KeyedPoints, interval: Int64) -> (x: [Int64], y: [Double], low: [Double], high: [Double]) {
        var xs: [Int64] = [], ys: [Double] = [], lows: [Double] = [], highs: [Double] = []
        var current = Int64.min, sum = 0.0, finite = 0, low = Double.infinity, high = -Double.infinity
        func close() {
            guard current != Int64.min else { return }
            xs.append(current)
            ys.append(finite > 0 ? sum / Double(finite) : .nan)
            lows.append(finite > 0 ? low : .nan)
            highs.append(finite > 0 ? high : .nan)
        }
        for (x, value) in zip(points.x, points.value) {
            let bucket = floorDivide(x, interval) * interval
            if bucket != current {
                close()
                current = bucket
                sum = 0
                finite = 0
                low = .infinity
                high = -.infinity
            }
            if value.isFinite {
                sum += value
                finite += 1
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
        }
        close()
        return (xs, ys, lows, highs)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
