import Foundation

/// Pulls experiments from Comet's REST API (v2, read endpoints, the key in the `Authorization`
/// header) into offline-archive folders (`DIR/<experiment key>/experiment.json`,
/// `messages.json` and the fetched asset files), which every command reads as it reads the
/// archive `OfflineExperiment` writes: metrics (`experiment/metrics/summary`, then
/// `get-metric` for each), parameters, others, the output, tags, and assets (images as
/// visualizations, curves, confusion matrices, text samples, the rest listed) saved under
/// names of runreport's own (`asset-N`). Incremental, resumable and walled as `MLflowPull` is.
public struct CometPull {
    public let fetcher: HTTPFetcher
    /// `workspace/project` names.
    public var projects: [String]
    /// Experiment keys.
    public var experiments: [String]
    public var options: PullOptions

    public init(fetcher: HTTPFetcher, projects: [String], experiments: [String], options: PullOptions = PullOptions()) {
        self.fetcher = fetcher
        self.projects = projects
        self.experiments = experiments
        self.options = options
    }

    public func pull(into path: String) throws -> PullOutcome {
        try PullOutput.pull(into: path, options: options, list: { _, _ in try keys() },
                            write: { key, output in write(key, into: output) })
    }

    /// The experiment keys named, and those of the projects named.
    private func keys() throws -> [String] {
        var keys = experiments
        for project in projects {
            let parts = project.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw PullError.configuration("--project takes WORKSPACE/PROJECT, not \(project)") }
            let found = try fetcher.json("projects", query: [("workspaceName", parts[0])])["projects"]?.arrayValue ?? []
            guard let id = found.first(where: { $0["projectName"]?.stringValue == parts[1] })?["projectId"]?.stringValue else {
                throw PullError.configuration("no project \(project) on the server")
            }
            keys += (try fetcher.json("experiments", query: [("projectId", id)])["experiments"]?.arrayValue ?? [])
                .compactMap { $0["experimentKey"]?.stringValue }
        }
        return keys
    }

    private func write(_ key: String, into output: String) -> PullOutput.RunResult {
        let query = [("experimentKey", key)]
        let metadata: JSONValue, summary: JSONValue
        do {
            metadata = try fetcher.json("experiment/metadata", query: query)
            summary = try fetcher.json("experiment/metrics/summary", query: query)
        } catch {
            return .failed("experiment \(key): \(error)")
        }
        return PullOutput.writeRun(key, kind: "experiment", record: metadata.serialized() + summary.serialized(), into: output) { staging, problems in
            let tags = (try? fetcher.json("experiment/tags", query: query))?["tags"]?.arrayValue ?? []
            let experiment = JSONValue.object([
                ("offline_id", .string(key)), ("project_name", metadata["projectName"] ?? .null),
                ("workspace", metadata["workspaceName"] ?? .null), ("start_time", metadata["startTimeMillis"] ?? .null),
                ("stop_time", metadata["endTimeMillis"] ?? .null), ("tags", .array(tags)),
            ])
            try AtomicFile.write(experiment.serialized() + "\n", to: staging + "/experiment.json")
            let messages = try OutputStream(path: staging + "/messages.json")
            func message(_ type: String, _ payload: [(String, JSONValue)]) throws {
                try messages.write(JSONValue.object([("payload", .object(payload)), ("type", .string(type))]).serializedKeepingNonFinite() + "\n")
            }
            if let name = metadata["experimentName"]?.stringValue { try message("log_other", [("key", .string("Name")), ("value", .string(name))]) }
            try writeMetrics(summary, query: query, message: message)
            for parameter in (try fetcher.json("experiment/parameters", query: query))["values"]?.arrayValue ?? [] {
                guard let paramName = parameter["name"]?.stringValue else { continue }
                try message("parameter_msg", [("param", .object([("paramName", .string(paramName)), ("paramValue", parameter["valueCurrent"] ?? .null)]))])
            }
            for other in (try fetcher.json("experiment/log-other", query: query))["values"]?.arrayValue ?? [] {
                guard let otherName = other["name"]?.stringValue, otherName != "Name" else { continue }
                try message("log_other", [("key", .string(otherName)), ("value", other["valueCurrent"] ?? .null)])
            }
            if let text = (try? fetcher.json("experiment/output", query: query))?["output"]?.stringValue, !text.isEmpty {
                try message("standard_output", [("output", .string(text)), ("stderr", .bool(false))])
            }
            try fetchAssets(key, into: staging, message: message, problems: &problems)
            try messages.finish()
        }
    }

    /// Every point of every metric the summary names, a `metric_msg` each.
    private func writeMetrics(_ summary: JSONValue, query: [(String, String)], message: (String, [(String, JSONValue)]) throws -> Void) throws {
        for metric in summary["values"]?.arrayValue ?? [] {
            guard let metricName = metric["name"]?.stringValue else { continue }
            let points = try fetcher.json("experiment/metrics/get-metric", query: query + [("metricName", metricName)])["metrics"]?.arrayValue ?? []
            for point in points {
                var payload: [(String, JSONValue)] = [("metric", .object([
                    ("metricName", .string(metricName)), ("metricValue", point["metricValue"] ?? .null),
                    ("step", point["step"] ?? .null), ("epoch", point["epoch"] ?? .null),
                ]))]
                if let context = point["runContext"], case .string = context { payload.append(("context", context)) }
                if let time = point["timestamp"] { payload.append(("local_timestamp", time)) }
                try message("metric_msg", payload)
            }
        }
    }

    /// Assets runreport shows, fetched under its own names, each announced by a `file_upload`
    /// message as the SDK writes one; the others listed.
    private func fetchAssets(_ key: String, into folder: String, message: (String, [(String, JSONValue)]) throws -> Void,
                             problems: inout [String]) throws {
        let shown: [String: String] = ["image": "visualization", "curve": "curve", "confusion-matrix": "confusion-matrix",
                                       "text-sample": "text-sample"]
        var total = 0
        for (index, asset) in ((try fetcher.json("experiment/asset/list", query: [("experimentKey", key)]))["assets"]?.arrayValue ?? []).enumerated() {
            guard let id = asset["assetId"]?.stringValue else { continue }
            let type = asset["type"]?.stringValue ?? "asset"
            let fileName = asset["fileName"]?.stringValue ?? id
            let size = asset["fileSize"]?.numberValue.map { max(0, Int(saturating: $0)) } ?? 0
            var params: [(String, JSONValue)] = [("fileName", .string(fileName)), ("step", asset["step"] ?? .null), ("type", .string(type))]
            if type == "image" { params += [("figName", .string(fileName))] }
            let local = "asset-\(index)"
            guard let upload = shown[type], size <= options.maxArtifactBytes, total + size <= options.maxRunArtifactBytes else {
                try message("file_upload", [("file_path", .string(local)), ("upload_type", .string("asset")),
                                            ("additional_params", .object(params)), ("size", .int(Int64(size)))])
                continue
            }
            do {
                let bytes = try fetcher.get("experiment/asset/get-asset", query: [("experimentKey", key), ("assetId", id)], limit: options.maxArtifactBytes)
                total += bytes.count
                try AtomicFile.write(bytes, to: folder + "/" + local)
                try message("file_upload", [("file_path", .string(local)), ("upload_type", .string(upload)), ("additional_params", .object(params))])
            } catch {
                problems.append("asset \(fileName): \(error)")
            }
        }
    }
}
