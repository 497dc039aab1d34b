/// `scalars --summary` with clearml-server's numbers: each series' `last_metrics` entry as the
/// server keeps it after an import (`ServerSummary`), in its field names.
extension ScalarsExport {
    static let serverSummaryColumns = ["count", "first_value", "first_value_iteration", "value", "min_value", "min_value_iteration",
                                       "max_value", "max_value_iteration", "mean_value"]

    /// clearml-server's cap on a task's `last_metrics` entries (`services.tasks.max_last_metrics`).
    static let maxLastMetrics = 2000

    /// Every series the server would have a `last_metrics` entry for, single values included: the
    /// first 2,000 in the order they first came in a counted batch.
    static func serverSummaries(of run: Run) -> [SeriesKey: ServerSummary] {
        var counted = run.series.compactMap { key, series in series.firstCounted.map { (key, $0) } }
        if counted.count > maxLastMetrics {
            counted.sort { ($0.1.line, $0.1.rank) < ($1.1.line, $1.1.rank) }
            counted.removeLast(counted.count - maxLastMetrics)
        }
        var result: [SeriesKey: ServerSummary] = [:]
        for (key, _) in counted { result[key] = run.series[key].flatMap { ServerSummary($0) } }
        return result
    }

    static func serverSummaryFields(_ s: ServerSummary, label: String?) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("count", .int(Int64(s.count))), ("first_value", .double(s.firstValue)), ("first_value_iteration", .int(s.firstIteration)),
            ("value", .double(s.value)), ("min_value", .double(s.minValue)), ("min_value_iteration", .int(s.minIteration)),
            ("max_value", .double(s.maxValue)), ("max_value_iteration", .int(s.maxIteration)), ("mean_value", .double(s.meanValue)),
        ]
        if let label { fields.append(("x_axis_label", .string(label))) }
        return fields
    }

    func serverLastMetricsJSON(of run: Run) -> JSONValue {
        let summaries = Self.serverSummaries(of: run)
        return Self.nest(summaries.keys) { key in
            .object([("metric", .string(key.metric)), ("variant", .string(key.variant))]
                + Self.serverSummaryFields(summaries[key]!, label: run.series[key]?.xAxisLabel))
        }
    }

    /// A row per series: `task,metric,variant,` and the `last_metrics` fields.
    var serverSummaryCSV: String {
        var csv = CSVWriter(header: ["task", "metric", "variant"] + Self.serverSummaryColumns)
        for run in runs {
            let summaries = Self.serverSummaries(of: run)
            for key in summaries.keys.sorted() {
                guard let s = summaries[key] else { continue }
                csv.row([.text(run.id), .text(key.metric), .text(key.variant), .integer(Int64(s.count)), .number(s.firstValue),
                         .integer(s.firstIteration), .number(s.value), .number(s.minValue), .integer(s.minIteration),
                         .number(s.maxValue), .integer(s.maxIteration), .number(s.meanValue)])
            }
        }
        return csv.text
    }

    /// What clearml-server would not count in `last_metrics`, one sentence per run that lost
    /// something: batches skipped for a refused value, series left with no entry, series past
    /// the cap of 2,000.
    public var serverSummaryLosses: [String] {
        guard precision == .server else { return [] }
        return runs.compactMap { run in
            guard run.refusedBatchCount > 0 || run.series.count > Self.maxLastMetrics else { return nil }
            let kept = Self.serverSummaries(of: run).count
            let missing = run.series.count - kept
            var text = "\(run.id): clearml-server would skip the last_metrics update of \(run.refusedBatchCount) "
                + "batch\(run.refusedBatchCount == 1 ? "" : "es") holding a refused value"
            if missing > 0 { text += "; \(missing) series would have no entry" }
            return text + "; --precision full counts every value"
        }
    }
}

extension ScalarsExport {
    /// `events.get_task_latest_scalar_values` (`EventBLL.get_task_latest_scalar_values`): per
    /// series, the stored value (float32, as Elasticsearch's doc values give it) of the document with
    /// the highest iteration among those whose value is > 0 (single values included; an event
    /// without iter only when no other qualifies), variants capped as the histogram's.
    /// `last_10_value` is the same value (the server takes the first of its ten hits).
    static func latestValues(of run: Run) -> [SeriesKey: Double] {
        var found: [SeriesKey: Double] = [:]
        for (key, series) in run.series {
            if let value = latestRising(series) {
                if value > 0 { found[key] = value }
                continue
            }
            let lost = series.lostIndices()
            // The stored document of each iteration: the last accepted event; no iter is one more.
            var byIteration: [Int64: Double] = [:]
            var index = 0
            series.forEach { point in
                defer { index += 1 }
                guard !StoredValue.isRefused(point.value), !lost.contains(index) else { return }
                byIteration[point.iteration] = StoredValue.stored(point.value)
            }
            let positive = byIteration.filter { $0.value > 0 }
            let timed = positive.filter { $0.key != Run.missingIteration }
            if let best = timed.max(by: { $0.key < $1.key }) {
                found[key] = best.value
            } else if let untimed = positive[Run.missingIteration] {
                found[key] = untimed
            }
        }
        let kept = Set(VariantCap.apply(Array(found.keys)))
        return found.filter { kept.contains($0.key) }
    }

    /// `latestValues` of a series whose iterations only rise, nothing lost and no event without
    /// iter (so no iteration repeats): its last stored value above 0, or 0 for none; nil for
    /// other series.
    private static func latestRising(_ series: ScalarSeries) -> Double? {
        guard series.order.iterationsRise, series.lostCount == 0, series.missingIterationCount == 0,
              series.lastSingleValue == nil else { return nil }
        var latest = 0.0
        series.forEachPlainPoint { _, _, value in
            if !StoredValue.isRefused(value) {
                let stored = StoredValue.stored(value)
                if stored > 0 { latest = stored }
            }
        }
        return latest
    }

    func latestValuesJSON(of run: Run) -> JSONValue {
        let values = Self.latestValues(of: run)
        return Self.nest(values.keys) { key in
            .object([("last_value", .double(values[key] ?? .nan)), ("last_10_value", .double(values[key] ?? .nan))])
        }
    }
}
