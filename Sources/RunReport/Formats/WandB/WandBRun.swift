/// A W&B run's records (wandb's `wandb_internal.proto`) built into a `Run`: `run` (id, project,
/// name, notes, tags, start), `config` (hyperparameters, nested values flattened with `.`),
/// `history` rows (every numeric item a point at the row's `_step`, timed by its `_timestamp`;
/// keys starting with `_` are W&B's own), `summary` (keys never in the history are single
/// values), `output_raw` / `output` (console lines), `stats` (system metrics, as `sys.<key>`),
/// `exit` (status and run time). Other records are passed over.
struct WandBRun {
    private var run: Run
    private var project: String?, name: String?, notes: String?, tags: [String] = [], started: Int64?, host: String?
    private var runtime: Int64?, exitCode: Int64?
    private var config: [String: String] = [:]
    private var summary: [String: Double] = [:]
    private var systemSamples = 0
    private let log = LogSpool()
    private var partial: [Bool: (text: String, timestamp: Int64?)] = [:]
    private var lines = 0

    init(id: String) { run = Run(id: id) }

    var seriesCount: Int { run.series.count }

    mutating func add(record bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var wire = ProtoWire(raw)
            while let (number, value) = try wire.next() {
                guard let range = value.range else { continue }
                let message = wire.message(range)
                switch number {
                case 2: try history(message)
                case 3: try summaryRecord(message)
                case 4, 13: try output(message)
                case 5: try configRecord(message)
                case 7: try stats(message)
                case 17: try runRecord(message)
                case 18: try exitRecord(message)
                default: break
                }
            }
        }
    }

    // MARK: Records

    private mutating func runRecord(_ message: ProtoWire) throws {
        var wire = message
        var entity: String?
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (1, .bytes(range)): run.id = wire.string(range)
            case let (2, .bytes(range)): entity = wire.string(range)
            case let (3, .bytes(range)): project = wire.string(range)
            case let (4, .bytes(range)): try configRecord(wire.message(range))
            case let (8, .bytes(range)): name = wire.string(range)
            case let (9, .bytes(range)): notes = wire.string(range)
            case let (10, .bytes(range)): tags.append(wire.string(range))
            case let (13, .bytes(range)): host = wire.string(range)
            case let (17, .bytes(range)): started = try Self.timestamp(wire.message(range))
            default: break
            }
        }
        if let entity, !entity.isEmpty, let plain = project { project = entity + "/" + plain }
    }

    /// `ConfigRecord.update`: `ConfigItem` key 1 (or nested_key 2), value_json 16.
    private mutating func configRecord(_ message: ProtoWire) throws {
        var wire = message
        while let (number, value) = try wire.next() {
            guard number == 1, let range = value.range, let (key, json) = try Self.item(wire.message(range)), !key.hasPrefix("_") else { continue }
            guard let parsed = try? JSONParser.parse(Array(json.utf8)) else { config[key] = json; continue }
            Self.flatten(parsed, into: &config, prefix: key)
        }
    }

    private mutating func history(_ message: ProtoWire) throws {
        var wire = message
        var items: [(String, String)] = [], stepField: Int64?
        while let (number, value) = try wire.next() {
            guard let range = value.range else { continue }
            if number == 1, let item = try Self.item(wire.message(range)) { items.append(item) }
            if number == 2 {
                var step = wire.message(range)
                while let (field, item) = try step.next() { if field == 1 { stepField = item.int64 } }
            }
        }
        let step = items.first { $0.0 == "_step" }.flatMap { Int64($0.1) } ?? stepField ?? 0
        let time = items.first { $0.0 == "_timestamp" }.flatMap { Double($0.1) }.flatMap { FormatRules.milliseconds($0) }
        for (key, json) in items where !key.hasPrefix("_") {
            guard let number = Self.number(json) else { continue }
            append(key: key, iteration: step, timestamp: time, value: number)
        }
    }

    private mutating func summaryRecord(_ message: ProtoWire) throws {
        var wire = message
        while let (number, value) = try wire.next() {
            guard number == 1, let range = value.range, let (key, json) = try Self.item(wire.message(range)), !key.hasPrefix("_") else { continue }
            if let number = Self.number(json) { summary[key] = number }
        }
    }

    /// `StatsRecord`: timestamp 2, items 3 (`StatsItem` key 1, value_json 16).
    private mutating func stats(_ message: ProtoWire) throws {
        var wire = message
        var time: Int64?, items: [(String, Double)] = []
        while let (number, value) = try wire.next() {
            guard let range = value.range else { continue }
            if number == 2 { time = try Self.timestamp(wire.message(range)) }
            if number == 3, let (key, json) = try Self.item(wire.message(range)), let value = Self.number(json) { items.append((key, value)) }
        }
        for (key, value) in items {
            // As Comet names them (`sys.cpu.percent.avg`): the pages show `sys.` metrics in their own section.
            run.series[SeriesKey(metric: "sys." + key, variant: "sys." + key), default: ScalarSeries()]
                .append(iteration: Int64(systemSamples), timestamp: time, value: value)
            run.counts.byKind[.scalar, default: 0] += 1
        }
        systemSamples += 1
    }

    /// `OutputRecord` / `OutputRawRecord`: output_type 1 (0 stderr, 1 stdout), timestamp 2, line 3:
    /// pieces joined up to each newline.
    private mutating func output(_ message: ProtoWire) throws {
        var wire = message
        var isError = true, time: Int64?, text = ""  // proto3: an absent output_type is 0, STDERR
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (1, .varint(raw)): isError = raw == 0
            case let (2, .bytes(range)): time = try Self.timestamp(wire.message(range))
            case let (3, .bytes(range)): text = wire.string(range)
            default: break
            }
        }
        var pending = partial[isError] ?? ("", time)
        if pending.text.isEmpty { pending.timestamp = time ?? pending.timestamp }
        var rest = Substring(text)
        while let newline = rest.firstIndex(of: "\n") {
            var line = pending.text + rest[..<newline]
            if line.hasSuffix("\r") { line.removeLast() }
            try log.append(LogEvent(task: run.id, timestamp: pending.timestamp, level: isError ? "error" : "info", worker: host, message: line))
            lines += 1
            pending = ("", time)
            rest = rest[rest.index(after: newline)...]
        }
        pending.text += rest
        partial[isError] = pending
    }

    private mutating func exitRecord(_ message: ProtoWire) throws {
        var wire = message
        exitCode = 0  // proto3: absent is 0
        while let (number, value) = try wire.next() {
            if number == 1 { exitCode = value.int64 }
            if number == 2 { runtime = value.int64 }
        }
    }

    // MARK: Values

    private mutating func append(key: String, iteration: Int64, timestamp: Int64?, value: Double) {
        run.series[FormatRules.seriesKey(key), default: ScalarSeries()].append(iteration: iteration, timestamp: timestamp, value: value)
        run.counts.byKind[.scalar, default: 0] += 1
        run.iterations = Run.union(run.iterations, iteration...iteration)
        if let timestamp { run.timestamps = Run.union(run.timestamps, timestamp...timestamp) }
    }

    /// An item's key (or its nested keys joined with `.`) and value_json (16); nil without a key.
    static func item(_ message: ProtoWire) throws -> (String, String)? {
        var wire = message
        var key: String?, nested: [String] = [], json: String?
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (1, .bytes(range)): key = wire.string(range)
            case let (2, .bytes(range)): nested.append(wire.string(range))
            case let (16, .bytes(range)): json = wire.string(range)
            case let (6, .fixed64(raw)): json = String(Double(bitPattern: raw))
            case let (5, .varint(raw)): json = String(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))  // sint64
            default: break
            }
        }
        guard let name = key ?? (nested.isEmpty ? nil : nested.joined(separator: ".")), let json else { return nil }
        return (name, json)
    }

    /// A JSON number (W&B writes `NaN`, `Infinity`, `-Infinity` bare); nil for anything else.
    static func number(_ json: String) -> Double? {
        switch json {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case "true", "false": return nil
        default:
            guard let first = json.utf8.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
            return Double(json)
        }
    }

    /// `google.protobuf.Timestamp`: seconds 1, nanos 2, as epoch milliseconds.
    static func timestamp(_ message: ProtoWire) throws -> Int64? {
        var wire = message
        var seconds: Int64 = 0, nanos: Int64 = 0
        while let (number, value) = try wire.next() {
            if number == 1 { seconds = value.int64 }
            if number == 2 { nanos = value.int64 }
        }
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? nil : milliseconds.addingReportingOverflow(nanos / 1_000_000).partialValue
    }

    /// Nested objects as `a.b` keys; everything else as its JSON text (strings without quotes).
    static func flatten(_ value: JSONValue, into out: inout [String: String], prefix: String) {
        switch value {
        case let .object(members) where !members.isEmpty:
            for (key, member) in members { flatten(member, into: &out, prefix: prefix + "." + key) }
        case let .string(text): out[prefix] = text
        default: out[prefix] = value.serialized()
        }
    }

    // MARK: The run

    func build(files: RunFiles?) -> Run {
        var run = self.run
        var metadata = TaskMetadata()
        metadata.id = run.id
        metadata.name = name ?? run.id
        metadata.project = project
        metadata.type = "wandb"
        metadata.comment = notes
        metadata.tags = tags
        metadata.started = started.map(ISOTime.strictDateTime(milliseconds:))
        if let started, let runtime { metadata.completed = ISOTime.strictDateTime(milliseconds: started.saturatingAdd(runtime.saturatingMultiply(1000))) }
        metadata.status = exitCode.map { $0 == 0 ? "completed" : "failed" }
        metadata.parameters = config.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { .init(section: "config", name: $0, value: config[$0] ?? "") }
        run.metadata = metadata
        // Summary keys the history never had (values set once, such as a best score): single values.
        for (key, value) in summary.sorted(by: { $0.key < $1.key }) where run.series[FormatRules.seriesKey(key)] == nil {
            run.series[FormatRules.seriesKey(key), default: ScalarSeries()].append(iteration: Run.singleValueIteration, timestamp: nil, value: value)
        }
        if lines > 0 {
            run.logs = [log]
            run.counts.byKind[.log] = lines
        }
        run.files = files
        return run
    }
}
