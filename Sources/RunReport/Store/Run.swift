/// Events counted by kind; unknown types by their name.
public struct EventCounts: Hashable, Sendable {
    public var byKind: [EventKind: Int] = [:]
    public var unknown: [String: Int] = [:]

    public init() {}

    public var total: Int { byKind.values.reduce(0, +) + unknown.values.reduce(0, +) }

    public mutating func add(_ other: EventCounts) {
        byKind.merge(other.byKind, uniquingKeysWith: +)
        unknown.merge(other.unknown, uniquingKeysWith: +)
    }
}

/// Where the files a run refers to (debug images) can be found.
public enum RunFiles: Hashable, Sendable {
    /// An offline session folder: `key` resolves under `folder/data/`.
    case sessionFolder(String)
    /// An offline session zip: `key` resolves to the entry `data/<key>`.
    case sessionZip(String)
    /// An unpacked Comet offline archive: `key` is a file at the folder's top.
    case cometFolder(String)
    /// A Comet offline archive zip: `key` is an entry at the top.
    case cometZip(String)
    /// A TensorBoard run's folder: `key` is `FILE@OFFSET+LENGTH`, an image's bytes inside one of
    /// its event files.
    case tensorBoardFolder(String)
    /// A run's own folder (an MLflow file-store run): `key` is a file below it.
    case runFolder(String)
}

/// One run (a ClearML task): its series, plots, images, vectors, log and metadata.
public struct Run: Sendable {
    public var id: String
    public var metadata: TaskMetadata?
    public var series: [SeriesKey: ScalarSeries] = [:]
    public var vectors: [VectorEvent] = []
    public var debugImages: [DebugImageEvent] = []
    public var plots: [PlotEvent] = []
    /// Log segments in arrival order.
    public var logs: [LogSpool] = []
    public var counts = EventCounts()
    /// The iterations of the run's events, single values left out.
    public var iterations: ClosedRange<Int64>?
    public var timestamps: ClosedRange<Int64>?
    public var files: RunFiles?
    /// Comet's properties, environment, HTML, text samples, source files and assets.
    public var extras = RunExtras()

    /// The last batch line that counted for a series' `firstCounted`: a part read after this
    /// one has its lines moved past it when absorbed.
    public internal(set) var lastBatchLine: UInt64 = 0
    /// Batches (input lines) that held a value clearml-server's Elasticsearch refuses: the server
    /// skips their `last_metrics` update.
    public internal(set) var refusedBatchCount = 0

    public init(id: String) { self.id = id }

    /// The iteration `report_single_value` reports at: such values are a table, not a series.
    public static let singleValueIteration = Int64(Int32.min)
    /// The iteration a scalar event without `iter` is kept at: below every histogram and chart,
    /// as clearml-server's histogram query (`iter` greater than the single-value iteration)
    /// leaves such events out.
    public static let missingIteration = Int64.min

    /// The run's name: task.json's, else its id.
    public var name: String { metadata?.name ?? id }

    public var logCount: Int { logs.reduce(0) { $0 + $1.count } }

    /// Adds another part of the same run, read after this one.
    public mutating func absorb(_ other: Run) {
        if metadata == nil { metadata = other.metadata }
        if files == nil { files = other.files }
        if extras.isEmpty { extras = other.extras }
        series.reserveCapacity(series.count + other.series.count)  // at most that many
        let shift = lastBatchLine
        for (key, points) in other.series {
            var moved = points
            if shift != 0, let first = moved.firstCounted { moved.firstCounted = (first.line &+ shift, first.rank) }
            series.append(moved, as: key)
        }
        lastBatchLine &+= other.lastBatchLine
        refusedBatchCount += other.refusedBatchCount
        vectors += other.vectors
        debugImages += other.debugImages
        plots += other.plots
        logs += other.logs
        counts.add(other.counts)
        iterations = Self.union(iterations, other.iterations)
        timestamps = Self.union(timestamps, other.timestamps)
    }

    static func union(_ a: ClosedRange<Int64>?, _ b: ClosedRange<Int64>?) -> ClosedRange<Int64>? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
    }
}

extension [SeriesKey: ScalarSeries] {
    /// Adds `series` under `key`, after the points already there.
    mutating func append(_ series: ScalarSeries, as key: SeriesKey) {
        if let index = index(forKey: key) {
            values[index].append(contentsOf: series)
        } else {
            self[key] = series
        }
    }
}
