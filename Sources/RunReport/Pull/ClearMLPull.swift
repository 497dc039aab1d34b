import Foundation

/// Pulls tasks from a ClearML API server into offline-session folders (`DIR/<task id>/task.json`,
/// `metrics.jsonl`, `log.jsonl`, `data/`), which every command reads as it reads an offline
/// session: `auth.login` with the access and secret keys (HTTP Basic), then a bearer token;
/// tasks by id, project name or tag (`tasks.get_all_ex`, `projects.get_all_ex`); events through
/// `events.get_task_events` with its scroll (a page a line of `metrics.jsonl`), the log through
/// `events.get_task_log` (a page a line of `log.jsonl`), debug images from their URLs (with the
/// token only when the URL's host is the files server's). Incremental, resumable and walled as
/// `MLflowPull` is: a task is staged and moved into place whole with a SHA-256 of its task record.
public struct ClearMLPull {
    public struct Selection: Sendable {
        public var tasks: [String] = []
        public var projects: [String] = []
        public var tags: [String] = []
        public init() {}
    }

    public let fetcher: HTTPFetcher
    public var selection: Selection
    public var options: PullOptions
    /// The files server: image URLs on this host get the token.
    public var filesHost: String?

    public init(fetcher: HTTPFetcher, selection: Selection, options: PullOptions = PullOptions(), filesHost: String? = nil) {
        self.fetcher = fetcher
        self.selection = selection
        self.options = options
        self.filesHost = filesHost
    }

    /// Logs in: the token the other calls carry.
    public static func login(host: URL, accessKey: String, secretKey: String) throws -> HTTPFetcher {
        let basic = "Basic " + Data((accessKey + ":" + secretKey).utf8).base64EncodedString()
        let answer = try ClearMLPull.data(HTTPFetcher(base: host, headers: ["Authorization": basic]).json("auth.login", post: .object([])), "auth.login")
        guard let token = answer["token"]?.stringValue, !token.isEmpty else { throw PullError.badResponse(path: "auth.login", reason: "no token") }
        return HTTPFetcher(base: host, headers: ["Authorization": "Bearer " + token])
    }

    /// The `data` member of a ClearML answer.
    static func data(_ answer: JSONValue, _ path: String) throws -> JSONValue {
        guard let data = answer["data"] else { throw PullError.badResponse(path: path, reason: "no data in the answer") }
        return data
    }

    public func pull(into path: String) throws -> PullOutcome {
        try PullOutput.pull(into: path, options: options, list: { _, _ in try tasks() },
                            write: { task, output in write(task, into: output) })
    }

    // MARK: Listing

    private func tasks() throws -> [JSONValue] {
        var filters: [[(String, JSONValue)]] = []
        if !selection.tasks.isEmpty { filters.append([("id", .array(selection.tasks.map { .string($0) }))]) }
        if !selection.tags.isEmpty { filters.append([("tags", .array(selection.tags.map { .string($0) }))]) }
        for project in selection.projects {
            let found = try Self.data(fetcher.json("projects.get_all_ex", post: .object([
                ("name", .string("^" + NSRegularExpression.escapedPattern(for: project) + "$")), ("only_fields", .array([.string("id")])),
            ])), "projects.get_all_ex")["projects"]?.arrayValue ?? []
            let ids = found.compactMap { $0["id"]?.stringValue }
            if ids.isEmpty { throw PullError.configuration("no project named \(project) on the server") }
            filters.append([("project", .array(ids.map { .string($0) }))])
        }
        if filters.isEmpty { throw PullError.configuration("name tasks with --task, --project or --tag") }
        var seen = Set<String>(), result: [JSONValue] = []
        for filter in filters {
            var scroll: String?
            for _ in 0..<10_000 {
                var body = filter + [("size", .int(500))]
                if let scroll { body.append(("scroll_id", .string(scroll))) }
                let data = try Self.data(fetcher.json("tasks.get_all_ex", post: .object(body)), "tasks.get_all_ex")
                let page = data["tasks"]?.arrayValue ?? []
                for task in page { if let id = task["id"]?.stringValue, seen.insert(id).inserted { result.append(task) } }
                scroll = data["scroll_id"]?.stringValue
                if page.count < 500 || scroll == nil { break }
            }
        }
        return result
    }

    // MARK: One task

    private func write(_ task: JSONValue, into output: String) -> PullOutput.RunResult {
        guard let id = task["id"]?.stringValue else { return .failed("a task without an id; skipped") }
        return PullOutput.writeRun(id, kind: "task", record: task.serialized(), into: output) { staging, problems in
            try AtomicFile.write(task.serializedKeepingNonFinite() + "\n", to: staging + "/task.json")
            try writeEvents(task: id, into: staging, problems: &problems)
            try writeLog(task: id, into: staging + "/log.jsonl")
        }
    }

    /// Every event but logs, a scroll page a line; debug images fetched into `data/`.
    private func writeEvents(task: String, into folder: String, problems: inout [String]) throws {
        let stream = try OutputStream(path: folder + "/metrics.jsonl")
        var scroll: String?, imageBytes = 0
        for _ in 0..<1_000_000 {
            var body: [(String, JSONValue)] = [("task", .string(task)), ("batch_size", .int(10_000)), ("order", .string("asc"))]
            if let scroll { body.append(("scroll_id", .string(scroll))) }
            let data = try Self.data(fetcher.json("events.get_task_events", post: .object(body)), "events.get_task_events")
            var events = (data["events"]?.arrayValue ?? []).filter { $0["type"]?.stringValue != "log" }
            if data["events"]?.arrayValue?.isEmpty ?? true { break }
            for index in events.indices where events[index]["type"]?.stringValue == "training_debug_image" {
                events[index] = fetchImage(events[index], into: folder + "/data", total: &imageBytes, problems: &problems)
            }
            if !events.isEmpty { try stream.write(Array((JSONValue.array(events).serializedKeepingNonFinite() + "\n").utf8)) }
            scroll = data["scroll_id"]?.stringValue
            if scroll == nil { break }
        }
        try stream.finish()
    }

    /// The task's log from its first line, a page a line, paged by the last timestamp seen.
    private func writeLog(task: String, into path: String) throws {
        let stream = try OutputStream(path: path)
        var from: Double?
        var seenAtLast = Set<String>()
        for _ in 0..<1_000_000 {
            var body: [(String, JSONValue)] = [("task", .string(task)), ("batch_size", .int(10_000)), ("navigate_earlier", .bool(false))]
            if let from { body.append(("from_timestamp", .double(from))) }
            let data = try Self.data(fetcher.json("events.get_task_log", post: .object(body)), "events.get_task_log")
            // A page may start with the lines at the timestamp the last one ended on: those already written go.
            let page = (data["events"]?.arrayValue ?? []).filter { !seenAtLast.contains($0.serialized()) }
            if page.isEmpty { break }
            try stream.write(Array((JSONValue.array(page).serializedKeepingNonFinite() + "\n").utf8))
            let last = page.last?["timestamp"]?.numberValue
            seenAtLast = Set(page.filter { $0["timestamp"]?.numberValue == last }.map { $0.serialized() })
            guard let last, last != from || data["events"]?.arrayValue?.count ?? 0 >= 10_000 else { break }
            from = last
        }
        try stream.finish()
    }

    /// Fetches an image event's `url` into `data/<key>` (the key the session layout finds it by).
    private func fetchImage(_ event: JSONValue, into folder: String, total: inout Int, problems: inout [String]) -> JSONValue {
        guard let urlText = event["url"]?.stringValue, let url = URL(string: urlText), ["http", "https"].contains(url.scheme ?? "") else { return event }
        let keyText = event["key"]?.stringValue ?? String(url.path.drop(while: { $0 == "/" }))
        guard let key = PullPath(validating: keyText) else {
            problems.append(PullError.unsafeName("image \(keyText)").description)
            return event
        }
        guard total < options.maxRunArtifactBytes else { return event }
        let withToken = filesHost != nil && url.host == filesHost
        let fetcher = withToken ? HTTPFetcher(base: url, headers: self.fetcher.headers) : HTTPFetcher(base: url, headers: [:])
        do {
            let bytes = try fetcher.get("", limit: options.maxArtifactBytes)
            total += bytes.count
            try PullOutput.write(bytes, to: folder, key)
        } catch {
            problems.append("image \(key.text): \(error)")
        }
        guard case let .object(members) = event else { return event }
        return .object(members.filter { $0.0 != "key" } + [("key", .string(key.text))])
    }
}
