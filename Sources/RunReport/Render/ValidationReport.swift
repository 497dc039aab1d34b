/// What `validate` tells of a load: per input and per task, counts by event type, the series
/// found, the iteration and time ranges, and every problem with its place.
public struct ValidationReport: Sendable {
    public let result: LoadResult

    public init(_ result: LoadResult) { self.result = result }

    // MARK: JSON

    public var json: JSONValue {
        .object([
            ("inputs", .array(result.inputs.map(inputJSON))),
            ("unusable", .array(result.unusable.map(problemJSON))),
            ("ignored", .array(result.ignored.map { .string($0) })),
            ("summary", .object([
                ("inputs", .int(Int64(result.inputs.count))),
                ("tasks", .int(Int64(result.runs.count))),
                ("events", .int(Int64(result.eventCount))),
                ("problems", .int(Int64(result.problems.count))),
            ])),
        ])
    }

    private func inputJSON(_ input: InputReport) -> JSONValue {
        .object([
            ("path", .string(input.item.path)),
            ("kind", .string(input.item.kind.description)),
            ("bytes", .int(Int64(input.bytes))),
            ("tasks", .array(input.runs.map(taskJSON))),
            ("problems", .array(input.problems.map(problemJSON))),
        ])
    }

    private func taskJSON(_ run: Run) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(run.id))]
        if let name = run.metadata?.name { members.append(("name", .string(name))) }
        if let project = run.metadata?.project { members.append(("project", .string(project))) }
        members.append(("events", .object(EventKind.allCases.compactMap { kind in
            run.counts.byKind[kind].map { (kind.rawValue, .int(Int64($0))) }
        })))
        members.append(("unknown_types", .object(run.counts.unknown.keys.sorted(by: Self.codePointOrder).map {
            ($0, .int(Int64(run.counts.unknown[$0] ?? 0)))
        })))
        if let iterations = run.iterations {
            members.append(("iterations", .object([("min", .int(iterations.lowerBound)), ("max", .int(iterations.upperBound))])))
        }
        if let times = run.timestamps {
            members.append(("time", .object([
                ("min", .int(times.lowerBound)), ("max", .int(times.upperBound)),
                ("min_iso", .string(ISOTime.strictDateTime(milliseconds: times.lowerBound))),
                ("max_iso", .string(ISOTime.strictDateTime(milliseconds: times.upperBound))),
            ])))
        }
        members.append(("scalars", .array(run.series.keys.sorted().map { key in
            let series = run.series[key]!
            return .object([("metric", .string(key.metric)), ("variant", .string(key.variant)),
                            ("points", .int(Int64(series.count))), ("non_finite", .int(Int64(series.nonFiniteCount)))])
        })))
        members.append(("plots", namedCounts(run.plots.map(\.position))))
        members.append(("debug_images", namedCounts(run.debugImages.map(\.position))))
        if let found = Self.imagesFound(in: run) { members.append(("debug_images_found", .int(Int64(found)))) }
        members.append(("vectors", namedCounts(run.vectors.map(\.position))))
        members.append(("log_events", .int(Int64(run.logCount))))
        return .object(members)
    }

    private func namedCounts(_ positions: [EventPosition]) -> JSONValue {
        .array(Self.countByName(positions).map { key, count in
            .object([("metric", .string(key.metric)), ("variant", .string(key.variant)), ("count", .int(Int64(count)))])
        })
    }

    private func problemJSON(_ problem: InputProblem) -> JSONValue {
        var members: [(String, JSONValue)] = [("file", .string(problem.source))]
        members.append(("line", problem.line.map { .int(Int64($0)) } ?? .null))
        if let element = problem.element { members.append(("event", .int(Int64(element)))) }
        members.append(("reason", .string(problem.explanation)))
        return .object(members)
    }

    // MARK: Text

    public var text: String {
        var out = ""
        for input in result.inputs {
            out += "\(input.item.path)  (\(input.item.kind), \(Self.bytes(input.bytes)))\n"
            for run in input.runs { out += taskText(run) }
            if !input.problems.isEmpty {
                out += "  \(input.problems.count) problem\(input.problems.count == 1 ? "" : "s"):\n"
                for problem in input.problems { out += "    \(TerminalText.safe(problem.description))\n" }
            }
        }
        for problem in result.unusable { out += "\(TerminalText.safe(problem.description))\n" }
        let problems = result.problems.count
        out += "\(result.inputs.count) input\(result.inputs.count == 1 ? "" : "s"), \(result.runs.count) task"
            + "\(result.runs.count == 1 ? "" : "s"), \(result.eventCount) events, "
            + "\(problems) problem\(problems == 1 ? "" : "s")\n"
        return out
    }

    private func taskText(_ run: Run) -> String {
        let safe = TerminalText.safe
        var out = "  task \(safe(run.id))"
        if let name = run.metadata?.name { out += "  \"\(safe(name))\"" }
        out += "\n"
        let counts = EventKind.allCases.compactMap { kind in run.counts.byKind[kind].map { "\(kind.rawValue) \($0)" } }
            + run.counts.unknown.keys.sorted(by: Self.codePointOrder).map { "\(safe($0)) \(run.counts.unknown[$0]!) (unknown type)" }
        out += "    events: \(counts.isEmpty ? "none" : counts.joined(separator: ", "))\n"
        if let iterations = run.iterations { out += "    iterations: \(iterations.lowerBound) … \(iterations.upperBound)\n" }
        if let times = run.timestamps {
            out += "    time: \(ISOTime.strictDateTime(milliseconds: times.lowerBound)) … "
                + "\(ISOTime.strictDateTime(milliseconds: times.upperBound))\n"
        }
        for key in run.series.keys.sorted() {
            let series = run.series[key]!
            let nonFinite = series.nonFiniteCount > 0 ? ", \(series.nonFiniteCount) non-finite" : ""
            out += "    scalar \(safe(key.description)): \(series.count) points\(nonFinite)\n"
        }
        for (label, positions) in [("plot", run.plots.map(\.position)), ("debug image", run.debugImages.map(\.position)),
                                   ("vector", run.vectors.map(\.position))] {
            for (key, count) in Self.countByName(positions) { out += "    \(label) \(safe(key.description)): \(count)\n" }
        }
        if let found = Self.imagesFound(in: run), found < run.debugImages.count {
            out += "    debug images in the session: \(found) of \(run.debugImages.count) (the others are not in its data/)\n"
        }
        return out
    }

    // MARK: Helpers

    /// How many debug images the session holds, for runs read from a session.
    static func imagesFound(in run: Run) -> Int? {
        guard run.files != nil, !run.debugImages.isEmpty else { return nil }
        let resolver = ImageResolver(files: run.files)
        return run.debugImages.filter(resolver.contains).count
    }

    static func countByName(_ positions: [EventPosition]) -> [(SeriesKey, Int)] {
        var counts: [SeriesKey: Int] = [:]
        for position in positions { counts[SeriesKey(metric: position.metric, variant: position.variant), default: 0] += 1 }
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }

    static func codePointOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    static func bytes(_ count: Int) -> String {
        if count < 10_000 { return "\(count) bytes" }
        if count < 10_000_000 { return "\(count / 1000) kB" }
        return "\(count / 1_000_000) MB"
    }
}
