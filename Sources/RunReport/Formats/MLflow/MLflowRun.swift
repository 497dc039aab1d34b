/// One MLflow run as either store holds it, built into a `Run`: metric histories as series (key
/// `a/b` is metric `a`, variant `b`, as TensorBoard tags are read), params as hyperparameters
/// (section `params`), tags as properties (MLflow's own `mlflow.*` tags fill the run's name,
/// user, source and note), times in epoch milliseconds.
struct MLflowRun {
    var id: String
    var name: String?
    var experiment: String?
    var status: String?
    var user: String?
    var started: Int64?
    var ended: Int64?
    var params: [(key: String, value: String)] = []
    var tags: [(key: String, value: String)] = []
    private(set) var series: [SeriesKey: ScalarSeries] = [:]
    private(set) var points = 0
    private var iterations: ClosedRange<Int64>?
    private var timestamps: ClosedRange<Int64>?

    init(id: String) { self.id = id }

    var seriesCount: Int { series.count }

    mutating func addPoint(key: String, step: Int64, timestamp: Int64, value: Double) {
        series[FormatRules.seriesKey(key), default: ScalarSeries()].append(iteration: step, timestamp: timestamp, value: value)
        points += 1
        iterations = Run.union(iterations, step...step)
        timestamps = Run.union(timestamps, timestamp...timestamp)
    }

    func build(files: RunFiles?) -> Run {
        var run = Run(id: id)
        var metadata = TaskMetadata()
        metadata.id = id
        let tag = { (key: String) in tags.last { $0.key == key }?.value }
        metadata.name = name ?? tag("mlflow.runName")
        metadata.project = experiment
        metadata.type = "mlflow"
        metadata.status = status.map { $0.lowercased() }
        metadata.user = user ?? tag("mlflow.user")
        metadata.comment = tag("mlflow.note.content")
        metadata.started = started.map(ISOTime.strictDateTime(milliseconds:))
        metadata.completed = ended.map(ISOTime.strictDateTime(milliseconds:))
        metadata.parameters = params.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { .init(section: "params", name: $0.key, value: $0.value) }
        run.metadata = metadata
        for (key, value) in tags.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) where !Self.shown.contains(key) {
            run.extras.setProperty(key, value)
        }
        run.series = series
        if points > 0 { run.counts.byKind[.scalar] = points }
        run.iterations = iterations
        run.timestamps = timestamps
        run.files = files
        return run
    }

    /// Tags shown as the run's own fields, not as properties.
    static let shown: Set<String> = ["mlflow.runName", "mlflow.user", "mlflow.note.content"]
}
