/// How a series' points came in batches (`events.add_batch` calls: an input line each), for
/// the server's `last_metrics` and for what it never stored.
extension ScalarSeries {
    /// Consecutive points of one batch.
    public struct BatchSpan: Sendable, Equatable {
        /// The first point's place in arrival order, and how many there are.
        public var start: Int
        public var count: Int
        /// The batch held a value clearml-server's Elasticsearch refuses: the server skips its
        /// `last_metrics` update.
        public var refused: Bool
        /// The last points of the span the server never sent: past the bulk chunk of 500 events
        /// in which a refused value came.
        public var lost = 0
    }

    /// Notes that the last `count` points came in one batch.
    mutating func noteBatch(count: Int, refused: Bool, lost: Int) {
        batchSpans.append(BatchSpan(start: self.count - count, count: count, refused: refused, lost: lost))
        lostCount += lost
    }

    /// The places (arrival order) of the points never sent to the server's Elasticsearch.
    func lostIndices() -> Set<Int> {
        var result = Set<Int>()
        for span in batchSpans where span.lost > 0 { result.formUnion((span.start + span.count - span.lost)..<(span.start + span.count)) }
        return result
    }
}
