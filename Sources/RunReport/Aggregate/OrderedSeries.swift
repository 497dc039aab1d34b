/// A series that is already what `KeyedPoints` would make of it (iterations strictly
/// increasing; for a time key, every point timed and times not decreasing), visited in place:
/// the common case costs the histogram no copy of the points.
struct OrderedSeries {
    let series: ScalarSeries
    let key: ScalarKey
    let count: Int
    let first: Int64
    let last: Int64

    /// Nil when the series has no points besides single values, or is not in order; told by
    /// the order the series kept as its points came, with no pass over them.
    init?(_ series: ScalarSeries, key: ScalarKey) {
        let order = series.order
        guard let first = order.first, let last = order.last, order.iterationsRise else { return nil }
        let byTime = key != .iter
        if byTime && !order.timesRise { return nil }
        self.series = series
        self.key = key
        count = order.count
        if byTime, let firstTime = first.timestamp, let lastTime = last.timestamp {
            (self.first, self.last) = (firstTime, lastTime)
        } else {
            (self.first, self.last) = (first.iteration, last.iteration)
        }
    }

    /// Each point's x by the key and its value, in order, into `buckets`; the values, by
    /// iteration, into `extremes` (the series' summary needs no pass of its own).
    func fill(_ buckets: inout Buckets, _ extremes: inout SeriesSummary.Extremes) {
        let byTime = key != .iter
        // Every point is timed when the key is a time (init checked).
        series.forEachPlainPoint { iteration, time, value in
            buckets.add(byTime ? time : iteration, value)
            extremes.add(value, at: iteration)
        }
    }
}
