import Foundation

/// Writes a comparison: `DIR/index.html`, `DIR/scalars.json` (the shape of
/// `events.multi_task_scalar_metrics_iter_histogram`), `DIR/scalars.csv` and `DIR/charts/*.svg`,
/// staged beside `DIR` and moved into place like a report.
public struct CompareWriter {
    public let options: ReportOptions
    /// Only metrics matching this shell pattern, when set.
    public var metricPattern: String?

    public init(options: ReportOptions = ReportOptions(), metricPattern: String? = nil) {
        self.options = options
        self.metricPattern = metricPattern
    }

    /// Writes the comparison into `folder` (missing, empty or runreport's own; locked meanwhile).
    public func write(_ result: LoadResult, to folder: String) throws {
        try write(result, to: folder, locked: true)
    }

    /// `--metrics` matched no metric of the runs: nothing is written.
    public struct NoMatchingMetric: Error, CustomStringConvertible {
        /// The `--metrics` pattern.
        public let pattern: String
        /// Every metric the runs have, in code-point order.
        public let metrics: [String]
        /// The sentence the command prints: the pattern and up to a dozen of the metrics.
        public var description: String {
            let shown = metrics.prefix(12).map { "'" + TerminalText.safe($0) + "'" }.joined(separator: ", ")
            let more = metrics.count > 12 ? ", … and \(metrics.count - 12) more" : ""
            return "--metrics '\(TerminalText.safe(pattern))' matches no metric of the runs"
                + (metrics.isEmpty ? "; they have no scalars" : "; they have: " + shown + more)
        }
    }

    /// `locked: false` for a folder inside an output this process already holds.
    func write(_ result: LoadResult, to folder: String, locked: Bool) throws {
        if let metricPattern {
            // Metrics with points to draw (single values are not charts).
            let metrics = Set(result.runs.flatMap { run in
                run.series.filter { $0.value.points.contains { $0.iteration > Run.singleValueIteration } }.keys.map(\.metric)
            })
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if !metrics.contains(where: { CompareBuilder.matches($0, metricPattern) }) {
                throw NoMatchingMetric(pattern: metricPattern, metrics: metrics)
            }
        }
        let templates = try TemplateSet(override: options.templates, templates: ["compare"])
        let histograms = result.runs.map { ScalarHistogram(run: $0, key: options.key, samples: options.samples) }
        var (page, charts) = CompareBuilder(options: options, metricPattern: metricPattern).page(runs: result.runs, histograms: histograms)
        page.css = templates.css
        page.script = templates.script
        page.csp = ReportOptions.contentSecurityPolicy(scripts: [templates.script].filter { !$0.isEmpty })
        page.title = options.title ?? "\(Plural.of(result.runs.count, "run")) compared"
        page.problems = result.problems.map(\.description)
        page.back = options.backLink.map { [$0] } ?? []
        try OutputFolder(folder, kind: .compare).write(locked: locked) { staging in
            try FileManager.default.createDirectory(atPath: staging + "/charts", withIntermediateDirectories: false)
            try AtomicFile.write(templates.render(page, "compare"), to: staging + "/index.html")
            for chart in charts {
                try AtomicFile.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart.svg + "\n", to: staging + "/charts/" + chart.file)
            }
            let export = ScalarsExport(runs: result.runs, histograms: histograms, samples: options.samples)
            try AtomicFile.write(export.histogramJSONBytes, to: staging + "/scalars.json")
            try AtomicFile.write(export.histogramCSV, to: staging + "/scalars.csv")
        }
    }
}
