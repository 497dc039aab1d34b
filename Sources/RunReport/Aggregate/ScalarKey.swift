/// What a scalar histogram's x axis is, as `events.scalar_metrics_iter_histogram`'s `key`.
public enum ScalarKey: String, CaseIterable, Sendable {
    /// The iteration.
    case iter
    /// The event's time, epoch milliseconds.
    case timestamp
    /// The event's time, bucketed like `timestamp`, written as ISO-8601 UTC strings.
    case isoTime = "iso_time"

    /// Whether x comes from the event's timestamp.
    public var isTime: Bool { self != .iter }
}

/// The points of one series as clearml-server keeps them: one per iteration (a later event at
/// the same iteration replaces the earlier, as the event id hashes task, iteration, metric and
/// variant), single values left out, and x taken by the key.
struct KeyedPoints {
    /// x by the key, ascending.
    var x: [Int64] = []
    var value: [Double] = []
    /// With `server`, when the points are not in arrival order: each one's place in arrival
    /// order (the order Elasticsearch holds the stored documents in and sums a bucket in).
    var arrival: [Int] = []

    var count: Int { x.count }

    /// Keeps the last event of each iteration; with a time key, points without a timestamp
    /// are left out (clearml-server would have stamped them on arrival). With `server`, values
    /// Elasticsearch refuses, and those never sent (`ScalarSeries.lostIndices`), are left out
    /// first: they were never stored, so replace nothing.
    init(_ series: ScalarSeries, key: ScalarKey, server: Bool = false) {
        if !server || series.refusedCount + series.lostCount == 0, let fast = Self.inOrder(series, key: key) {
            self = fast
            return
        }
        let lost = server ? series.lostIndices() : []
        var points: [(offset: Int, element: ScalarPoint)] = series.points.enumerated().filter {
            $0.element.iteration > Run.singleValueIteration && !(server && (StoredValue.isRefused($0.element.value) || lost.contains($0.offset)))
        }
        if !Self.isStrictlyIncreasing(points.lazy.map(\.element.iteration)) {
            // Stable by arrival: the last of equal iterations is the one kept.
            points.sort { ($0.element.iteration, $0.offset) < ($1.element.iteration, $1.offset) }
            var unique: [(offset: Int, element: ScalarPoint)] = []
            unique.reserveCapacity(points.count)
            for point in points {
                if let last = unique.last, last.element.iteration == point.element.iteration {
                    unique[unique.count - 1] = point
                } else {
                    unique.append(point)
                }
            }
            points = unique
        }
        if key.isTime {
            points = points.filter { $0.element.timestamp != nil }
            if !Self.isNonDecreasing(points.lazy.map { $0.element.timestamp ?? 0 }) {
                points = points.enumerated().sorted {
                    ($0.element.element.timestamp ?? 0, $0.offset) < ($1.element.element.timestamp ?? 0, $1.offset)
                }.map(\.element)
            }
        }
        x = points.map { key.isTime ? $0.element.timestamp ?? 0 : $0.element.iteration }
        value = points.map(\.element.value)
        if server && !Self.isStrictlyIncreasing(points.lazy.map { Int64($0.offset) }) { arrival = points.map(\.offset) }
    }

    private init(x: [Int64], value: [Double]) {
        self.x = x
        self.value = value
    }

    /// The common case in one pass: iterations strictly increasing (no replacement) and, for a
    /// time key, every point timed and times not decreasing. Nil when the series is otherwise.
    private static func inOrder(_ series: ScalarSeries, key: ScalarKey) -> KeyedPoints? {
        var x: [Int64] = [], value: [Double] = []
        x.reserveCapacity(series.count)
        value.reserveCapacity(series.count)
        var lastIteration = Int64.min, lastX = Int64.min
        var ordered = true
        series.forEach { point in
            guard ordered, point.iteration > Run.singleValueIteration else { return }
            if point.iteration <= lastIteration && !x.isEmpty { ordered = false; return }
            lastIteration = point.iteration
            let pointX: Int64
            if key == .iter {
                pointX = point.iteration
            } else {
                guard let time = point.timestamp, time >= lastX else { ordered = false; return }
                pointX = time
            }
            lastX = pointX
            x.append(pointX)
            value.append(point.value)
        }
        return ordered ? KeyedPoints(x: x, value: value) : nil
    }

    private static func isStrictlyIncreasing<S: Sequence>(_ values: S) -> Bool where S.Element == Int64 {
        var previous = Int64.min
        var first = true
        for v in values {
            if !first && v <= previous { return false }
            previous = v
            first = false
        }
        return true
    }

    private static func isNonDecreasing<S: Sequence>(_ values: S) -> Bool where S.Element == Int64 {
        var previous = Int64.min
        for v in values {
            if v < previous { return false }
            previous = v
        }
        return true
    }
}
