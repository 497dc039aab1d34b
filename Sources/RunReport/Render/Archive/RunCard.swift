import Foundation

/// What the archive's index shows of a run, kept beside its report as `run.json` so that the
/// index can be made again (and merged across shards) without reading any input.
public struct RunCard: Codable, Equatable, Sendable {
    public var id: String
    public var folder: String
    public var name: String
    public var project: String
    public var status: String
    public var started: String
    /// Milliseconds from start to completion (or across the run's events).
    public var durationMilliseconds: Int64?
    public var tags: [String]
    /// The last value of each series, by `metric / variant`.
    public var lastValues: [String: Double]

    enum CodingKeys: String, CodingKey {
        case id, folder, name, project, status, started, tags
        case durationMilliseconds = "duration_ms"
        case lastValues = "last_values"
    }

    init(run: Run, folder: String) {
        id = run.id
        self.folder = folder
        name = run.name
        project = run.metadata?.project ?? ""
        status = run.metadata?.status ?? ""
        started = run.metadata?.started ?? run.timestamps.map { ISOTime.strictDateTime(milliseconds: $0.lowerBound) } ?? ""
        durationMilliseconds = run.durationMilliseconds
        tags = run.metadata?.tags ?? []
        var last: [String: Double] = [:]
        for (key, series) in run.series {
            let summary = SeriesSummary(series)
            if summary.count > 0, summary.lastValue.isFinite { last["\(key.metric) / \(key.variant)"] = summary.lastValue }
        }
        lastValues = last
    }

    static func read(_ path: String) -> RunCard? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(RunCard.self, from: data)
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
