/// The kinds of ClearML event (seeds/001), by their `type`.
public enum EventKind: String, CaseIterable, Sendable, Codable {
    case scalar = "training_stats_scalar"
    case vector = "training_stats_vector"
    case debugImage = "training_debug_image"
    case plot = "plot"
    case log = "log"
}

/// Where a metric event sits: its metric, variant, iteration and time.
public struct EventPosition: Hashable, Sendable {
    public var metric: String
    public var variant: String
    public var iteration: Int64
    /// Epoch milliseconds; nil when the event carried none.
    public var timestamp: Int64?

    public init(metric: String, variant: String, iteration: Int64, timestamp: Int64?) {
        self.metric = metric
        self.variant = variant
        self.iteration = iteration
        self.timestamp = timestamp
    }
}

/// `training_stats_scalar`: one value of a (metric, variant) series.
public struct ScalarEvent: Hashable, Sendable {
    public var task: String?
    public var position: EventPosition
    /// Kept as read: NaN and the infinities stay what they were.
    public var value: Double
    public var xAxisLabel: String?
}

/// `training_stats_vector`: a list of values at one iteration.
public struct VectorEvent: Hashable, Sendable {
    public var task: String?
    public var position: EventPosition
    public var values: [Double]
}

/// `training_debug_image`: an image, by `url` and (offline sessions) `key` under `data/`.
public struct DebugImageEvent: Hashable, Sendable {
    public var task: String?
    public var position: EventPosition
    public var key: String?
    public var url: String?
}

/// `plot`: Plotly JSON, kept raw until it is rendered.
public struct PlotEvent: Hashable, Sendable {
    public var task: String?
    public var position: EventPosition
    public var plotJSON: String
}

/// `log`: console output.
public struct LogEvent: Hashable, Sendable {
    public var task: String?
    public var timestamp: Int64?
    public var level: String?
    public var worker: String?
    public var message: String

    public init(task: String?, timestamp: Int64?, level: String?, worker: String?, message: String) {
        self.task = task
        self.timestamp = timestamp
        self.level = level
        self.worker = worker
        self.message = message
    }
}

/// One decoded event.
public enum Event: Hashable, Sendable {
    case scalar(ScalarEvent)
    case vector(VectorEvent)
    case debugImage(DebugImageEvent)
    case plot(PlotEvent)
    case log(LogEvent)
    /// An event of a type runreport does not know: counted, not fatal.
    case unknown(type: String, task: String?)
}
