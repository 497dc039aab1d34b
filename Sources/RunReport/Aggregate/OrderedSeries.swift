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
        var ordered = true
        series.forEach { point in
            guard ordered, point.iteration > Run.singleValueIteration else { return }
            if count > 0 && point.iteration <= lastIteration { ordered = false; return }
            lastIteration = point.iteration
            let x: Int64
            if key == .iter {
                x = point.iteration
            } else {
                guard let time = point.timestamp, count == 0 || time >= lastX else { ordered = false; return }
                x = time
            }
            if count == 0 { first = x }
            lastX = x
            count += 1
        }
        guard ordered, count > 0 else { return nil }
        self.series = series
        self.key = key
        self.count = count
        self.first = first
        last = lastX
    }

    /// Each point's x by the key and its value, in order.
    func forEach(_ body: (Int64, Double) -> Void) {
        series.forEach { point in
            guard point.iteration > Run.singleValueIteration else { return }
            body(key == .iter ? point.iteration : (point.timestamp ?? 0), point.value)
        }
    }
}
