import Foundation

/// What a pull fetched.
public struct PullOutcome: Sendable {
    /// Runs written anew (new, or changed on the server since the last pull).
    public var fetched: [String] = []
    /// Runs already in the output as the server has them: not fetched again.
    public var unchanged: [String] = []
    /// Things skipped: unsafe names, answers over the caps, runs that failed.
    public var problems: [String] = []
    public var cancelled = false
    public init() {}
}

/// How a pull runs.
public struct PullOptions: Sendable {
    /// Experiments (MLflow: names or ids; empty: every active one).
    public var experiments: [String] = []
    /// Runs fetched at once.
    public var jobs = 4
    /// The largest artifact file fetched, and the most a run's artifacts may take in all.
    public var maxArtifactBytes = 64 << 20
    public var maxRunArtifactBytes = 256 << 20
    /// Called as runs finish: how many of how many.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Asked before each run: once true, no new run is started.
    public var isCancelled: (@Sendable () -> Bool)?
    public init() {}
}

/// Pulls runs from an MLflow tracking server's REST API (`/api/2.0/mlflow/…`) into a folder in
/// MLflow's file-store layout (`DIR/<experiment id>/meta.yaml`, `DIR/<experiment id>/<run id>/…`),
/// which every command reads as a file store. A run is written into a staging folder and moved
/// into place whole, with a fingerprint of the server's run record: a later pull fetches only the
/// runs whose record changed (new metrics, tags, status), and one stopped midway goes on where it
/// stopped. Ids become folder names only when they are `SafeName`s; metric keys and artifact
/// paths only as `PullPath`s; nothing is written outside the folder.
public struct MLflowPull {
    public let fetcher: HTTPFetcher
    public var options: PullOptions

    public init(fetcher: HTTPFetcher, options: PullOptions = PullOptions()) {
        self.fetcher = fetcher
        self.options = options
    }

    static let api = "api/2.0/mlflow/"

    public func pull(into path: String) throws -> PullOutcome {
        try PullOutput.pull(into: path, options: options, list: { output, problems in
            var work: [(experiment: String, run: JSONValue)] = []
            for experiment in try experiments() {
                guard let id = experiment["experiment_id"]?.stringValue, let folder = SafeName(validating: id) else {
                    problems.append(PullError.unsafeName("experiment \(experiment["experiment_id"]?.serialized() ?? "?")").description)
                    continue
                }
                let meta = "experiment_id: '\(Self.quoted(id))'\nname: '\(Self.quoted(experiment["name"]?.stringValue ?? id))'\nlifecycle_stage: active\n"
                try FileManager.default.createDirectory(atPath: output + "/" + folder.text, withIntermediateDirectories: true)
                try AtomicFile.write(meta, to: output + "/" + folder.text + "/meta.yaml")
                for run in try runs(of: id) { work.append((folder.text, run)) }
            }
            return work
        }, write: { item, output in write(item.run, into: output + "/" + item.experiment) })
    }

    // MARK: Listing

    private func experiments() throws -> [JSONValue] {
        if !options.experiments.isEmpty {
            return try options.experiments.map { name in
                let byID = name.allSatisfy(\.isNumber)
                let answer = try fetcher.json(Self.api + (byID ? "experiments/get" : "experiments/get-by-name"),
                                              query: [(byID ? "experiment_id" : "experiment_name", name)])
                guard let experiment = answer["experiment"] else { throw PullError.badResponse(path: "experiments/get", reason: "no experiment") }
                return experiment
            }
        }
        return try pages(Self.api + "experiments/search", body: [("max_results", .int(1000)), ("view_type", .string("ACTIVE_ONLY"))], items: "experiments")
    }

    private func runs(of experiment: String) throws -> [JSONValue] {
        try pages(Self.api + "runs/search", body: [("experiment_ids", .array([.string(experiment)])), ("max_results", .int(1000)),
                                                   ("run_view_type", .string("ACTIVE_ONLY"))], items: "runs")
    }

    /// Every page of a search: `items` of each answer, following `next_page_token` (at most 100,000 pages).
    private func pages(_ path: String, body: [(String, JSONValue)], items: String) throws -> [JSONValue] {
        var result: [JSONValue] = [], token: String?
        for _ in 0..<100_000 {
            let answer = try fetcher.json(path, post: .object(body + (token.map { [("page_token", .string($0))] } ?? [])))
            result += answer[items]?.arrayValue ?? []
            token = answer["next_page_token"]?.stringValue
            if token?.isEmpty ?? true { break }
        }
        return result
    }

    // MARK: One run

    private func write(_ run: JSONValue, into experimentFolder: String) -> PullOutput.RunResult {
        guard let info = run["info"], let id = info["run_id"]?.stringValue ?? info["run_uuid"]?.stringValue else {
            return .failed("a run without an id; skipped")
        }
        return PullOutput.writeRun(id, kind: "run", record: run.serialized(), into: experimentFolder) { staging, problems in
            try AtomicFile.write(Self.meta(info), to: staging + "/meta.yaml")
            let data = run["data"]
            try writeTexts(data?["params"]?.arrayValue ?? [], into: staging + "/params", problems: &problems)
            try writeTexts(data?["tags"]?.arrayValue ?? [], into: staging + "/tags", problems: &problems)
            for metric in data?["metrics"]?.arrayValue ?? [] {
                guard let key = metric["key"]?.stringValue else { continue }
                guard let safe = PullPath(validating: key) else { problems.append(PullError.unsafeName("metric \(key)").description); continue }
                try PullOutput.write(Array(history(run: id, key: key).utf8), to: staging + "/metrics", safe)
            }
            try MLflowArtifactPull(fetcher: fetcher, run: id, options: options).fetch(into: staging + "/artifacts", problems: &problems)
        }
    }

    /// The metric's history as the file store writes it: `timestamp value step` a line, in the
    /// server's order (it pages by 25,000).
    private func history(run: String, key: String) throws -> String {
        var lines = "", token: String?
        for _ in 0..<100_000 {
            var query = [("run_id", run), ("metric_key", key), ("max_results", "25000")]
            if let token { query.append(("page_token", token)) }
            let answer = try fetcher.json(Self.api + "metrics/get-history", query: query)
            for point in answer["metrics"]?.arrayValue ?? [] {
                // The SQL store answers ±1.7976931348623157e308 for the infinities it stored as such.
                guard let value = point["value"]?.numberValue.map({ MLflowDatabase.value($0, isNaN: false) }) else { continue }
                let time = point["timestamp"]?.numberValue.map { Int64(saturating: $0) } ?? 0
                let step = point["step"]?.numberValue.map { Int64(saturating: $0) } ?? 0
                lines += "\(time) \(Self.text(value)) \(step)\n"
            }
            token = answer["next_page_token"]?.stringValue
            if token?.isEmpty ?? true { break }
        }
        return lines
    }

    private func writeTexts(_ items: [JSONValue], into folder: String, problems: inout [String]) throws {
        for item in items {
            guard let key = item["key"]?.stringValue else { continue }
            guard let safe = PullPath(validating: key) else { problems.append(PullError.unsafeName(key).description); continue }
            try PullOutput.write(Array((item["value"]?.stringValue ?? "").utf8), to: folder, safe)
        }
    }

    /// The run's meta.yaml in the file store's fields (no artifact URI: it is the server's).
    static func meta(_ info: JSONValue) -> String {
        let status = ["RUNNING": "1", "SCHEDULED": "2", "FINISHED": "3", "FAILED": "4", "KILLED": "5"]
        var lines: [String] = []
        let id = info["run_id"]?.stringValue ?? info["run_uuid"]?.stringValue ?? ""
        lines.append("run_id: '\(quoted(id))'")
        lines.append("run_uuid: '\(quoted(id))'")
        if let name = info["run_name"]?.stringValue { lines.append("run_name: '\(quoted(name))'") }
        if let experiment = info["experiment_id"]?.stringValue { lines.append("experiment_id: '\(quoted(experiment))'") }
        if let user = info["user_id"]?.stringValue { lines.append("user_id: '\(quoted(user))'") }
        if let value = info["status"]?.stringValue { lines.append("status: \(status[value] ?? "'\(quoted(value))'")") }
        for key in ["start_time", "end_time"] {
            if let time = info[key]?.numberValue, time.isFinite { lines.append("\(key): \(Int64(saturating: time))") }
        }
        lines.append("lifecycle_stage: \(info["lifecycle_stage"]?.stringValue == "deleted" ? "deleted" : "active")")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A single-quoted YAML scalar's inside: quotes doubled, line breaks as spaces.
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// A value as Python's `str(float)` writes it, which the file store's reader takes back.
    static func text(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }
}
