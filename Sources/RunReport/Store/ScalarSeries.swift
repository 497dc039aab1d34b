/// One point of a scalar series.
public struct ScalarPoint: Hashable, Sendable {
    public var iteration: Int64
    /// Epoch milliseconds; nil when the event carried none.
    public var timestamp: Int64?
    public var value: Double

    public init(iteration: Int64, timestamp: Int64?, value: Double) {
        self.iteration = iteration
        self.timestamp = timestamp
        self.value = value
    }
}

/// The points of one (metric, variant) in arrival order, duplicates and all, in 16 bytes a
/// point: chunks of up to 4096 points store iteration and timestamp as 32-bit offsets from the
/// chunk's first point. A point whose offsets do not fit starts a new chunk.
public struct ScalarSeries: Sendable {
    struct PackedPoint {
        var iterationOffset: Int32
        var timestampOffset: Int32  // Int32.min: no timestamp
        var value: Double
    }

    struct Chunk {
        let baseIteration: Int64
        let baseTimestamp: Int64
        var points: ContiguousArray<PackedPoint>

        static let capacity = 4096
    }

    /// The series' state, boxed: a table of a million series holds a pointer each, not ~200
    /// bytes laid out at a load factor of a half. Copied on the first write to a shared box.
    private final class Storage: @unchecked Sendable {  // mutated only through a unique reference
        /// Full chunks; the one being filled is kept apart (`open…`) so that appending a point
        /// touches one array, not an array inside an array (two uniqueness checks and a reload).
        var closed: [Chunk] = []
        var openPoints = ContiguousArray<PackedPoint>()
        var openBaseIteration: Int64 = 0
        var openBaseTimestamp: Int64 = 0
        var count = 0
        var nonFiniteCount = 0
        var lastSingleValue: ScalarPoint?
        var xAxisLabel: String?
        var order = Order()
        var refusedCount = 0
        var refusedPlainCount = 0
        var missingIterationCount = 0
        var batchSpans: [BatchSpan] = []
        var firstCounted: (line: UInt64, rank: Int64)?
        var lostCount = 0

        init() {}

        func copy() -> Storage {
            let copy = Storage()
            (copy.closed, copy.openPoints, copy.openBaseIteration, copy.openBaseTimestamp) =
                (closed, openPoints, openBaseIteration, openBaseTimestamp)
            (copy.count, copy.nonFiniteCount, copy.lastSingleValue, copy.xAxisLabel, copy.order) =
                (count, nonFiniteCount, lastSingleValue, xAxisLabel, order)
            (copy.refusedCount, copy.refusedPlainCount, copy.missingIterationCount) = (refusedCount, refusedPlainCount, missingIterationCount)
            (copy.batchSpans, copy.firstCounted, copy.lostCount) = (batchSpans, firstCounted, lostCount)
            return copy
        }

        /// Every chunk in order, the one being filled last.
        var chunks: [Chunk] {
            guard !openPoints.isEmpty else { return closed }
            return closed + [Chunk(baseIteration: openBaseIteration, baseTimestamp: openBaseTimestamp, points: openPoints)]
        }

        /// Closes the chunk being filled and opens one based at this point.
        func startChunk(iteration: Int64, timestamp: Int64?, value: Double) {
            if !openPoints.isEmpty {
                closed.append(Chunk(baseIteration: openBaseIteration, baseTimestamp: openBaseTimestamp, points: openPoints))
            }
            openBaseIteration = iteration
            openBaseTimestamp = timestamp ?? 0
            openPoints = []
            // A series' first chunk grows from one point: a run of a million one-point series
            // holds a million of them.
            openPoints.reserveCapacity(closed.isEmpty ? 1 : Chunk.capacity)
            openPoints.append(PackedPoint(iterationOffset: 0, timestampOffset: timestamp == nil ? Int32.min : 0, value: value))
        }
    }

    private var storage = Storage()

    /// The storage, copied first if another value shares it.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    public var count: Int { storage.count }
    public var nonFiniteCount: Int { storage.nonFiniteCount }
    /// The last point reported with `report_single_value` (at `Run.singleValueIteration`), kept
    /// here so that finding a run's single values needs no pass over its points.
    public var lastSingleValue: ScalarPoint? { storage.lastSingleValue }
    /// The `x_axis_label` the series was reported with, if any.
    public var xAxisLabel: String? {
        get { storage.xAxisLabel }
        set { unique.xAxisLabel = newValue }
    }
    /// What the histogram and the summaries would otherwise learn from a pass over the points,
    /// kept as they are appended: the order of the plain points (all but single values).
    public var order: Order { storage.order }
    /// Points whose value clearml-server's Elasticsearch refuses (NaN, ±infinity, beyond
    /// float32's range): never stored there, so in no server histogram.
    public var refusedCount: Int { storage.refusedCount }
    /// Of `refusedCount`, the plain points' (neither single values nor without `iter`).
    public var refusedPlainCount: Int { storage.refusedPlainCount }
    /// Points of events without `iter` (kept at `Run.missingIteration`).
    public var missingIterationCount: Int { storage.missingIterationCount }
    /// The batches (`events.add_batch` calls: an input line) that held two or more of this
    /// series' points, or that clearml-server would not have counted in `last_metrics` (it held
    /// a refused value, of any series). Other points are each a batch of their own.
    public internal(set) var batchSpans: [BatchSpan] {
        get { storage.batchSpans }
        set { unique.batchSpans = newValue }
    }
    /// Where the series first came in a batch the server counts (no refused value): the batch's
    /// line and the series' rank in it (its metric's first place, then its own). clearml-server
    /// keeps `last_metrics` for the first 2,000 series in this order.
    public internal(set) var firstCounted: (line: UInt64, rank: Int64)? {
        get { storage.firstCounted }
        set { unique.firstCounted = newValue }
    }
    /// Points clearml-server never stores because they came after a refused value's bulk chunk.
    public internal(set) var lostCount: Int {
        get { storage.lostCount }
        set { unique.lostCount = newValue }
    }

    /// The plain points' count, first and last in arrival order, and whether their iterations
    /// and times only rise.
    public struct Order: Sendable {
        public private(set) var count = 0
        public private(set) var first: ScalarPoint?
        /// Every plain point's iteration above the one before it.
        public private(set) var iterationsRise = true
        /// Every plain point timed, and no time below the one before it.
        public private(set) var timesRise = true
        // The last point, as plain values: what every append compares with.
        private var lastIteration: Int64 = 0
        private var lastTimestamp: Int64 = 0
        private var lastTimed = false
        private var lastValue = 0.0

        public var last: ScalarPoint? {
            count == 0 ? nil : ScalarPoint(iteration: lastIteration, timestamp: lastTimed ? lastTimestamp : nil, value: lastValue)
        }

        @inline(__always)
        mutating func note(iteration: Int64, timestamp: Int64?, value: Double) {
            guard iteration > Run.singleValueIteration else { return }
            if count > 0 {
                if iteration <= lastIteration { iterationsRise = false }
                if let time = timestamp, lastTimed {
                    if time < lastTimestamp { timesRise = false }
                } else {
                    timesRise = false
                }
            } else {
                first = ScalarPoint(iteration: iteration, timestamp: timestamp, value: value)
                if timestamp == nil { timesRise = false }
            }
            setLast(iteration: iteration, timestamp: timestamp, value: value)
            count += 1
        }

        @inline(__always)
        private mutating func setLast(iteration: Int64, timestamp: Int64?, value: Double) {
            lastIteration = iteration
            lastTimestamp = timestamp ?? 0
            lastTimed = timestamp != nil
            lastValue = value
        }

        /// This order followed by `other`'s.
        func followed(by other: Order) -> Order {
            guard let last, let next = other.first else { return count == 0 ? other : self }
            var joined = self
            joined.count += other.count
            (joined.lastIteration, joined.lastTimestamp, joined.lastTimed, joined.lastValue) =
                (other.lastIteration, other.lastTimestamp, other.lastTimed, other.lastValue)
            joined.iterationsRise = iterationsRise && other.iterationsRise && next.iteration > last.iteration
            joined.timesRise = timesRise && other.timesRise && (next.timestamp ?? Int64.min) >= (last.timestamp ?? Int64.max)
            return joined
        }
    }

    /// Every chunk in order, the one being filled last.
    var chunks: [Chunk] { storage.chunks }

    public init() {}

    public init<S: Sequence>(_ points: S) where S.Element == ScalarPoint {
        for point in points { append(point) }
    }

    public mutating func append(_ point: ScalarPoint) {
        append(iteration: point.iteration, timestamp: point.timestamp, value: point.value)
    }

    @inline(__always)
    public mutating func append(iteration: Int64, timestamp: Int64?, value: Double) {
        let s = unique
        s.count += 1
        if !value.isFinite { s.nonFiniteCount += 1 }
        if StoredValue.isRefused(value) {
            s.refusedCount += 1
            if iteration > Run.singleValueIteration { s.refusedPlainCount += 1 }
        }
        if iteration == Run.missingIteration { s.missingIterationCount += 1 }
        if iteration == Run.singleValueIteration {
            s.lastSingleValue = ScalarPoint(iteration: iteration, timestamp: timestamp, value: value)
        }
        s.order.note(iteration: iteration, timestamp: timestamp, value: value)
        if !s.openPoints.isEmpty, s.openPoints.count < Chunk.capacity,
           let packed = Self.pack(iteration, timestamp, value, baseIteration: s.openBaseIteration,
                                  baseTimestamp: s.openBaseTimestamp) {
            s.openPoints.append(packed)
            return
        }
        s.startChunk(iteration: iteration, timestamp: timestamp, value: value)
    }

    @inline(__always)
    private static func pack(_ iteration: Int64, _ timestamp: Int64?, _ value: Double, baseIteration: Int64,
                             baseTimestamp: Int64) -> PackedPoint? {
        let (iterationOffset, overflow) = iteration.subtractingReportingOverflow(baseIteration)
        guard !overflow, let iterationOffset32 = Int32(exactly: iterationOffset) else { return nil }
        var timestampOffset32 = Int32.min
        if let timestamp {
            let (offset, overflow) = timestamp.subtractingReportingOverflow(baseTimestamp)
            guard !overflow, let offset32 = Int32(exactly: offset), offset32 != Int32.min else { return nil }
            timestampOffset32 = offset32
        }
        return PackedPoint(iterationOffset: iterationOffset32, timestampOffset: timestampOffset32, value: value)
    }

    /// Calls `body` with each plain point's (all but single values) iteration, time and value in
    /// arrival order, read in place: the pass the histogram's buckets and the summaries share.
    /// The time is meaningless for a point reported without one.
    @inline(__always)
    func forEachPlainPoint(_ body: (_ iteration: Int64, _ time: Int64, _ value: Double) -> Void) {
        for chunk in chunks {
            let baseIteration = chunk.baseIteration, baseTimestamp = chunk.baseTimestamp
            chunk.points.withUnsafeBufferPointer { points in
                for packed in points {
                    // Offsets fitted 32 bits when the points were packed: no overflow.
                    let iteration = baseIteration &+ Int64(packed.iterationOffset)
                    guard iteration > Run.singleValueIteration else { continue }
                    body(iteration, baseTimestamp &+ Int64(packed.timestampOffset), packed.value)
                }
            }
        }
    }

    /// Calls `body` with every point in arrival order.
    @inline(__always)
    public func forEach(_ body: (ScalarPoint) throws -> Void) rethrows {
        for chunk in chunks {
            for packed in chunk.points {
                try body(ScalarPoint(
                    iteration: chunk.baseIteration + Int64(packed.iterationOffset),
                    timestamp: packed.timestampOffset == Int32.min ? nil : chunk.baseTimestamp + Int64(packed.timestampOffset),
                    value: packed.value))
            }
        }
    }

    /// Every point in arrival order.
    public var points: [ScalarPoint] {
        var result: [ScalarPoint] = []
        result.reserveCapacity(count)
        forEach { result.append($0) }
        return result
    }

    /// Appends another series' points after this one's.
    public mutating func append(contentsOf other: ScalarSeries) {
        if storage.closed.isEmpty && storage.openPoints.isEmpty {
            let label = xAxisLabel ?? other.xAxisLabel
            self = other  // the box shared until either is written to
            if xAxisLabel != label { xAxisLabel = label }
            return
        }
        let s = unique
        s.closed = s.chunks + other.chunks  // this one's open chunk closed; a later point opens another
        s.openPoints = []
        s.count += other.count
        s.order = s.order.followed(by: other.order)
        s.nonFiniteCount += other.nonFiniteCount
        if let single = other.lastSingleValue { s.lastSingleValue = single }
        if s.xAxisLabel == nil { s.xAxisLabel = other.xAxisLabel }
        s.refusedCount += other.refusedCount
        s.refusedPlainCount += other.refusedPlainCount
        s.missingIterationCount += other.missingIterationCount
        let shift = s.count - other.count
        s.batchSpans += other.batchSpans.map { BatchSpan(start: $0.start + shift, count: $0.count, refused: $0.refused, lost: $0.lost) }
        s.lostCount += other.lostCount
        if s.firstCounted == nil { s.firstCounted = other.firstCounted }
    }

    /// Bytes held by the points, slack included.
    public var storageBytes: Int {
        chunks.reduce(0) { $0 + $1.points.capacity * MemoryLayout<PackedPoint>.stride + MemoryLayout<Chunk>.stride }
    }
}
