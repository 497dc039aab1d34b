/// `runreport scalars` output: histograms in clearml-server's response shapes, summaries in
/// `last_metrics`' field names, and CSV.
public struct ScalarsExport {
    public let runs: [Run]
    public let key: ScalarKey
    public let samples: Int
    /// Whose numbers the histograms give (clearml-server's, or runreport's full view).
    public let precision: ValuePrecision

    /// Each run's histogram, computed once for the JSON and the CSV.
    private let histograms: [(run: Run, histogram: ScalarHistogram)]
    var histogramsByRun: [(run: Run, histogram: ScalarHistogram)] { histograms }

    public init(runs: [Run], key: ScalarKey, samples: Int, precision: ValuePrecision = .full) {
        let histograms = runs.map { ScalarHistogram(run: $0, key: key, samples: samples, precision: precision, keepingSummaries: false) }
        self.init(runs: runs, histograms: histograms, samples: samples)
    }

    /// With histograms already made (one per run, in order).
    init(runs: [Run], histograms: [ScalarHistogram], samples: Int) {
        self.runs = runs
        key = histograms.first?.key ?? .iter
        precision = histograms.first?.precision ?? .full
        self.samples = samples
        self.histograms = Array(zip(runs, histograms))
    }

    /// For the summaries alone (`summaryJSON`, `summaryCSV`): no histogram is made.
    public init(summariesOf runs: [Run], precision: ValuePrecision) {
        self.runs = runs
        key = .iter
        samples = ScalarHistogram.defaultSamples
        self.precision = precision
        histograms = []
    }

    /// One run: `{metric: {variant: {name, x, y}}}` (`scalar_metrics_iter_histogram`); several:
    /// `{"metrics": {metric: {variant: {task: {name, x, y}}}}}` (`multi_task_…`).
    public var histogramJSON: JSONValue {
        let all = histograms
        if all.count == 1 {
            return Self.nest(all[0].histogram.series.keys) { key in seriesJSON(all[0].histogram.series[key]!, name: key.variant) }
        }
        var keys = Set<SeriesKey>()
        for entry in all { keys.formUnion(entry.histogram.series.keys) }
        return .object([("metrics", Self.nest(keys) { key in
            .object(all.compactMap { entry in
                entry.histogram.series[key].map { (entry.run.id, seriesJSON($0, name: entry.run.name)) }
            })
        })])
    }

    /// `histogramJSON` serialized, and a newline: written as it goes, without the tree.
    public var histogramJSONBytes: [UInt8] { HistogramJSON(export: self).bytes }

    private func seriesJSON(_ series: HistogramSeries, name: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name))]
        if key == .isoTime {
            members.append(("x", .array(series.x.map { .string(ISOTime.strictDateTime(milliseconds: $0)) })))
        } else {
            members.append(("x", .array(series.x.map { .int($0) })))
        }
        members.append(("y", .array(series.y.map { .double($0) })))
        if let label = series.xAxisLabel { members.append(("x_axis_label", .string(label))) }
        return .object(members)
    }

    /// Metric → variant objects in code-point order.
    static func nest(_ keys: some Collection<SeriesKey>, _ leaf: (SeriesKey) -> JSONValue) -> JSONValue {
        var byMetric: [String: [SeriesKey]] = [:]
        for key in keys { byMetric[key.metric, default: []].append(key) }
        return .object(byMetric.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { metric in
            (metric, .object(byMetric[metric]!.sorted().map { ($0.variant, leaf($0)) }))
        })
    }

    /// `task,metric,variant,x,y`, a row per point.
    public var histogramCSV: String {
        var csv = CSVWriter(header: ["task", "metric", "variant", "x", "y"])
        for (run, histogram) in histograms {
            for key in histogram.series.keys.sorted() {
                guard let series = histogram.series[key] else { continue }
                // The series' own cells are escaped once, not once a row.
                let lead = [CSVWriter.Cell.text(run.id), .text(key.metric), .text(key.variant)].map(CSVWriter.field).joined(separator: ",") + ","
                for (x, y) in zip(series.x, series.y) {
                    let xCell: CSVWriter.Cell = self.key == .isoTime ? .text(ISOTime.strictDateTime(milliseconds: x)) : .integer(x)
                    csv.row(lead: lead, [xCell, .number(y)])
                }
            }
        }
        return csv.text
    }

    /// What clearml-server would not have in these histograms, one sentence per run that
    /// lost something (empty with `.full`): values its Elasticsearch refuses, scalar events
    /// without `iter`, variants past the cap.
    public var serverLosses: [String] {
        guard precision == .server else { return [] }
        return histograms.compactMap { run, histogram in
            var parts: [String] = []
            let refused = run.series.values.reduce(0) { $0 + $1.refusedCount }
            let iterless = run.series.values.reduce(0) { $0 + $1.missingIterationCount }
            let capped = histogram.cappedSeries.count
            if refused > 0 { parts.append("\(refused) value\(refused == 1 ? "" : "s") NaN, infinite or beyond float32 (refused, never stored)") }
            let lost = run.series.values.reduce(0) { $0 + $1.lostCount }
            if lost > 0 { parts.append("\(lost) value\(lost == 1 ? "" : "s") never sent (after a refused value's bulk chunk of 500 in its batch)") }
            if iterless > 0 { parts.append("\(iterless) event\(iterless == 1 ? "" : "s") without iter (in no histogram)") }
            if capped > 0 { parts.append("\(capped) series past its cap on variants per metric") }
            guard !parts.isEmpty else { return nil }
            return "\(run.id): clearml-server would leave out " + parts.joined(separator: ", ") + "; --precision full keeps them"
        }
    }

    // MARK: Summaries

    static let summaryColumns = ["count", "first_value", "first_value_iteration", "value", "last_iteration", "min_value",
                                 "min_value_iteration", "max_value", "max_value_iteration", "mean_value", "last_100_value"]

    private static func summaryFields(_ s: SeriesSummary) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("count", .int(Int64(s.count))), ("first_value", .double(s.firstValue)),
            ("first_value_iteration", .int(s.firstIteration)), ("value", .double(s.lastValue)),
            ("last_iteration", .int(s.lastIteration)), ("min_value", .double(s.minValue)),
            ("min_value_iteration", s.minIteration.map { .int($0) } ?? .null), ("max_value", .double(s.maxValue)),
            ("max_value_iteration", s.maxIteration.map { .int($0) } ?? .null), ("mean_value", .double(s.meanValue)),
            ("last_100_value", .double(s.last100Value)),
        ]
        if s.nonFiniteCount > 0 { fields.append(("non_finite_count", .int(Int64(s.nonFiniteCount)))) }
        if let label = s.xAxisLabel { fields.append(("x_axis_label", .string(label))) }
        return fields
    }

    /// The summary of every series that has points besides single values, each made once.
    static func summaries(of run: Run) -> [SeriesKey: SeriesSummary] {
        run.series.mapValues { SeriesSummary($0) }.filter { $0.value.count > 0 }
    }

    private func summaryJSON(of run: Run) -> [(String, JSONValue)] {
        let metrics: JSONValue
        if precision == .server {
            metrics = serverLastMetricsJSON(of: run)
        } else {
            let summaries = Self.summaries(of: run)
            metrics = Self.nest(summaries.keys) { key in
                .object([("metric", .string(key.metric)), ("variant", .string(key.variant))] + Self.summaryFields(summaries[key]!))
            }
        }
        let singles = JSONValue.array(SingleValue.of(run).map { single in
            .object([("metric", .string(single.metric)), ("variant", .string(single.variant)),
                     ("value", .double(single.value)), ("timestamp", single.timestamp.map { .int($0) } ?? .null)])
        })
        var result: [(String, JSONValue)] = [("last_metrics", metrics), ("single_values", singles)]
        if precision == .server {
            result.append(("latest_scalar_values", latestValuesJSON(of: run)))
            result.append(("skipped_batches", .int(Int64(run.refusedBatchCount))))
        }
        return result
    }

    /// One run: `{last_metrics: {metric: {variant: {...}}}, single_values: [...]}` (with `.server`, the
    /// `last_metrics` entries clearml-server would keep, `ServerSummary`); several:
    /// `{"tasks": [{id, name, last_metrics, single_values}]}`.
    public var summaryJSON: JSONValue {
        if runs.count == 1 { return .object(summaryJSON(of: runs[0])) }
        return .object([("tasks", .array(runs.map { run in
            .object([("id", .string(run.id)), ("name", .string(run.name))] + summaryJSON(of: run))
        }))])
    }

    /// A row per series (`task,metric,variant,` and the summary's fields), then single values
    /// as rows whose `value` is set and iteration fields empty.
    public var summaryCSV: String {
        if precision == .server { return serverSummaryCSV }
        var csv = CSVWriter(header: ["task", "metric", "variant"] + Self.summaryColumns)
        for run in runs {
            let summaries = Self.summaries(of: run)
            for key in summaries.keys.sorted() {
                let s = summaries[key]!
                let optional = { (value: Int64?) -> CSVWriter.Cell in value.map { .integer($0) } ?? .text("") }
                csv.row([.text(run.id), .text(key.metric), .text(key.variant), .integer(Int64(s.count)), .number(s.firstValue),
                         .integer(s.firstIteration), .number(s.lastValue), .integer(s.lastIteration), .number(s.minValue),
                         optional(s.minIteration), .number(s.maxValue), optional(s.maxIteration), .number(s.meanValue),
                         .number(s.last100Value)])
            }
            for single in SingleValue.of(run) {
                csv.row([.text(run.id), .text(single.metric), .text(single.variant), .integer(1), .text(""), .text(""),
                         .number(single.value)] + Array(repeating: .text(""), count: 7))
            }
        }
        return csv.text
    }
}
