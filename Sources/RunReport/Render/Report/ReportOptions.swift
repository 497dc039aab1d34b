import Foundation

/// How a report is drawn.
public struct ReportOptions: Sendable {
    public var key: ScalarKey = .iter
    public var samples = ScalarHistogram.defaultSamples
    /// Debiased EMA weight in [0, 1); 0 draws raw lines only.
    public var smoothing = 0.0
    public var logY = false
    public var title: String?
    /// Bytes of images embedded in a page at most; images past it are listed, not embedded.
    public var imageBudget = 4 << 20
    /// Console events shown in full up to this; past it the first quarter and the last three
    /// quarters of it (log.txt holds them all).
    public var consoleLimit = 600
    /// Earlier iterations of a plot drawn in the page; older ones are chart files one link away.
    public var plotHistoryLimit = 10
    /// A folder of templates and style.css that replace the built-in ones (any of them).
    public var templates: String?
    /// Scalar charts shown on the run's page at most; past it each group of charts (by metric
    /// prefix) gets a page of its own under `groups/`, and the run's page links to them.
    public var inlineChartLimit = 200
    /// Scalar charts drawn at most (metrics in code-point order): a run that names a million
    /// metrics would otherwise make a report of tens of gigabytes. The series past it are in
    /// scalars.json and scalars.csv; the page says how many were not drawn.
    public var maxCharts = 10_000
    /// Every chart also as a PNG (librsvg, twice the SVG's size) beside its SVG.
    public var png = false
    /// A link back to the page that lists this one (the archive's index), shown at the top.
    public var backLink: String?
    /// With a time `key`: x as the time since the run's first event (TensorBoard's "relative"),
    /// each run from its own start.
    public var relativeTime = false

    public init() {}

    /// Draws a scalar chart the way these options say: its x axis (time or `axisLabel`, else
    /// "iteration"), smoothing and log y.
    func style(_ chart: inout LineChart, axisLabel: String? = nil) {
        chart.xIsTime = key.isTime && !relativeTime
        chart.xIsDuration = key.isTime && relativeTime
        chart.xLabel = chart.xIsDuration ? "time since the run's start" : key.isTime ? "time (UTC)" : (axisLabel ?? "iteration")
        chart.smoothing = smoothing
        chart.logY = logY
    }

    /// A run's series as a relative time axis draws it: x less the run's first event's time.
    func positioned(_ series: LineChart.Series, in run: Run) -> LineChart.Series {
        guard relativeTime, key.isTime, let start = run.timestamps?.lowerBound else { return series }
        var shifted = series
        shifted.x = series.x.map { $0 - Double(start) }
        return shifted
    }

    /// No network and no script but the given ones (by their SHA-256): styles inline, images
    /// as data: URIs only.
    static func contentSecurityPolicy(scripts: [String]) -> String {
        let hashes = scripts.map { "'sha256-" + Data(SHA256.hash(Array($0.utf8))).base64EncodedString() + "'" }
        return "default-src 'none'; script-src " + (hashes.isEmpty ? "'none'" : hashes.joined(separator: " "))
            + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    }
}
