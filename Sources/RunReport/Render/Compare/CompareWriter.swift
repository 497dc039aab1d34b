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

    /// `locked: false` for a folder inside an output this process already holds.
    func write(_ result: LoadResult, to folder: String, locked: Bool) throws {
        let templates = try TemplateSet(override: options.templates, templates: ["compare"])
        let histograms = result.runs.map { ScalarHistogram(run: $0, key: options.key, samples: options.samples) }
        var (page, charts) = CompareBuilder(options: options, metricPattern: metricPattern).page(runs: result.runs, histograms: histograms)
        page.css = templates.css
        page.script = templates.script
        page.csp = ReportOptions.contentSecurityPolicy(scripts: [templates.script].filter { !$0.isEmpty })
        page.title = options.title ?? "\(result.runs.count) runs compared"
        page.problems = result.problems.map(\.description)
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
