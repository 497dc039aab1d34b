/// Builds a run from a Comet archive's messages, in order: metrics into series, console output
/// into log lines, parameters and properties into metadata, uploads into plots, images, text
/// samples, source files and assets.
final class CometRunBuilder {
    var run: Run
    var problems: [InputProblem] = []
    let files: SessionContainer
    private var arrivals: [SeriesKey: Int64] = [:]
    private var parameters: [String: (value: String, order: Int, count: Int)] = [:]
    var script = TaskMetadata.Script()
    private var html: [String] = []
    private var log = LogSpool()
    /// Output of each stream (stdout false, stderr true) up to its next newline, and its time.
    private var partial: [Bool: (text: String, timestamp: Int64?)] = [:]
    /// Lines held until system_details names the host (it comes early), then written.
    private var heldLines: [(timestamp: Int64?, isError: Bool, text: String)] = []
    private var hostname: String?
    private var sawSystemDetails = false
    /// Files read into the report (text samples, source, curves) at most this large.
    static let maxFileBytes = 4 << 20
    /// What the files read into the run may add up to, counted once per upload that names one
    /// (64 MiB): past it an upload is listed as an asset with its size, not read.
    static let maxReadBytes = 64 << 20
    /// Files already read, by name: a file that many uploads name is read once and shared.
    var readFiles: [String: ReadFile] = [:]
    /// Bytes charged against `maxReadBytes` so far.
    var chargedBytes = 0
    /// Bytes read from the archive's files (each file once), for tests to observe.
    private(set) var bytesRead = 0

    /// A file of the archive as read once: its bytes and the forms made of them.
    struct ReadFile {
        let bytes: [UInt8]
        var text: String?
        var json: JSONValue?
    }

    /// The file `name` from the cache or, the first time, from the archive.
    func readOnce(_ name: String) throws -> ReadFile? {
        if let file = readFiles[name] { return file }
        guard let bytes = try files.contents(of: name) else { return nil }
        bytesRead += bytes.count
        let file = ReadFile(bytes: bytes)
        readFiles[name] = file
        return file
    }

    init(id: String, files: SessionContainer) {
        run = Run(id: id)
        run.files = files.files
        self.files = files
    }

    /// The run's distinct series so far.
    var seriesCount: Int { run.series.count }

    func apply(_ message: CometMessage, source: String) throws {
        switch message {
        case let .metric(name, context, step, value, timestamp):
            let key = SeriesKey(metric: name, variant: context ?? name)
            let arrival = arrivals[key, default: 0]
            arrivals[key] = arrival + 1
            let iteration = step ?? arrival
            run.series[key, default: ScalarSeries()].append(iteration: iteration, timestamp: timestamp, value: value)
            run.counts.byKind[.scalar, default: 0] += 1
            run.iterations = Run.union(run.iterations, iteration...iteration)
            if let timestamp { run.timestamps = Run.union(run.timestamps, timestamp...timestamp) }
        case let .parameter(name, value, _):
            let order = parameters[name]?.order ?? parameters.count
            parameters[name] = (value, order, (parameters[name]?.count ?? 0) + 1)
        case let .other(key, value):
            if key == "Name" { metadata.name = value } else { run.extras.setProperty(key, value) }
        case let .output(text, isError, timestamp):
            try output(text, isError: isError, timestamp: timestamp)
        case let .systemDetails(fields):
            hostname = fields.first { $0.0 == "hostname" }?.1
            sawSystemDetails = true
            run.extras.environment.insert(.init(title: "System", entries: fields.map { .init(name: $0.0, value: $0.1) }), at: 0)
            try flushHeldLines()
        case let .git(branch, origin, commit, user):
            script.repository = origin
            script.branch = branch.map { $0.hasPrefix("refs/heads/") ? String($0.dropFirst(11)) : $0 }
            script.commit = commit
            if let user { run.extras.environment.append(.init(title: "Git", entries: [.init(name: "user", value: user)])) }
        case let .packages(kind, names):
            if kind == "installed_packages" {
                script.requirements.append(.init(kind: "pip", text: names.joined(separator: "\n")))
            } else {
                run.extras.environment.append(.init(title: "OS packages (\(names.count))", text: names.joined(separator: "\n")))
            }
        case let .fileName(name):
            script.entryPoint = name
        case let .html(text, replaces):
            if replaces { html = [] }
            html.append(text)
        case let .upload(upload):
            record(upload, source: source)
        case let .unknown(type):
            run.counts.unknown[type, default: 0] += 1
        }
    }

    private var metadata: TaskMetadata {
        get { run.metadata ?? TaskMetadata() }
        set { run.metadata = newValue }
    }

    /// experiment.json: project, workspace, tags, start and stop times.
    func applyExperiment(_ json: JSONValue) {
        var meta = metadata
        if let workspace = json["workspace"]?.stringValue, let project = json["project_name"]?.stringValue {
            meta.project = workspace + "/" + project
        } else {
            meta.project = json["project_name"]?.stringValue
        }
        meta.tags = (json["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        if let start = json["start_time"].flatMap(CometMessage.milliseconds) { meta.started = ISOTime.strictDateTime(milliseconds: start) }
        if let stop = json["stop_time"].flatMap(CometMessage.milliseconds) {
            meta.completed = ISOTime.strictDateTime(milliseconds: stop)
            meta.status = "completed"
        }
        meta.type = "Comet experiment"
        run.metadata = meta
    }

    func finish() throws -> Run {
        for stream in [false, true] {
            if let rest = partial[stream], !rest.text.isEmpty { heldLines.append((rest.timestamp, stream, rest.text)) }
        }
        partial = [:]
        readFiles = [:]
        sawSystemDetails = true
        try flushHeldLines()
        var meta = metadata
        meta.id = run.id
        meta.parameters = parameters.sorted { $0.value.order < $1.value.order }.map { name, entry in
            let parts = name.split(separator: "|", maxSplits: 1).map(String.init)
            let section = parts.count == 2 ? parts[0] : "General"
            return TaskMetadata.Parameter(section: section, name: parts.count == 2 ? parts[1] : name, value: entry.value,
                                          type: nil, description: entry.count > 1 ? "logged \(entry.count) times; the last value" : nil)
        }
        if script != TaskMetadata.Script() { meta.script = script }
        run.metadata = meta
        run.extras.html = html
        if log.count > 0 { run.logs = [log] }
        return run
    }

    // MARK: Console

    private func output(_ text: String, isError: Bool, timestamp: Int64?) throws {
        var pending = partial[isError] ?? ("", timestamp)
        if pending.text.isEmpty { pending.timestamp = timestamp ?? pending.timestamp }
        var rest = Substring(text)
        while let newline = rest.firstIndex(of: "\n") {
            var line = pending.text + rest[..<newline]
            if line.hasSuffix("\r") { line.removeLast() }
            heldLines.append((pending.timestamp, isError, line))
            pending = ("", timestamp)
            rest = rest[rest.index(after: newline)...]
        }
        pending.text += rest
        partial[isError] = pending
        if sawSystemDetails || heldLines.count > 10_000 { try flushHeldLines() }
    }

    private func flushHeldLines() throws {
        for line in heldLines {
            try log.append(LogEvent(task: run.id, timestamp: line.timestamp, level: line.isError ? "error" : "info",
                                    worker: hostname, message: line.text))
            run.counts.byKind[.log, default: 0] += 1
            if let timestamp = line.timestamp { run.timestamps = Run.union(run.timestamps, timestamp...timestamp) }
        }
        heldLines.removeAll(keepingCapacity: true)
    }
}
