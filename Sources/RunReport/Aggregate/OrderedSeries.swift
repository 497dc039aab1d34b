/// A series that is already what `KeyedPoints` would make of it (iterations strictly
/// increasing; for a time key, every point timed and times not decreasing), visited in place:
/// the common case costs the histogram no copy of the points.
struct OrderedSeries {
    let series: ScalarSeries
    let key: ScalarKey
    let count: Int
    let first: Int64
    let last: Int64

    /// Nil when the series has no points besides single values, or is not in order.
    init?(_ series: ScalarSeries, key: ScalarKey) {
        var count = 0, first = Int64.min, lastX = Int64.min, lastIteration = Int64.min
        let byTime = key != .iter
        for chunk in series.chunks {
            for packed in chunk.points {
                let iteration = chunk.baseIteration + Int64(packed.iterationOffset)
                guard iteration > Run.singleValueIteration else { continue }
                if count > 0 && iteration <= lastIteration { return nil }
                lastIteration = iteration
                var x = iteration
                if byTime {
                    guard packed.timestampOffset != Int32.min else { return nil }
                    x = chunk.baseTimestamp + Int64(packed.timestampOffset)
                    if count > 0 && x < lastX { return nil }
                }
                if count == 0 { first = x }
                lastX = x
                count += 1
            }
        }
        guard count > 0 else { return nil }
        self.series = series
        self.key = key
        self.count = count
        self.first = first
        last = lastX
    }

    /// Each point's x by the key and its value, in order, into `buckets`.
    func fill(_ buckets: inout Buckets) {
        let byTime = key != .iter
        for chunk in series.chunks {
            let baseIteration = chunk.baseIteration, baseTimestamp = chunk.baseTimestamp
            for packed in chunk.points {
                let iteration = baseIteration + Int64(packed.iterationOffset)
                guard iteration > Run.singleValueIteration else { continue }
                buckets.add(byTime ? baseTimestamp + Int64(packed.timestampOffset) : iteration, packed.value)
            }
        }
    }
}
