import Foundation
import Mustache

/// A run's results as an Internet message every mail client shows well: a plain text summary
/// and an HTML body (table layout, inline styles, no script, charts as PNG parts referred to by
/// `cid:`), with the self-contained report page and the gzipped log attached.
public struct EmailBuilder {
    public var options: EmailOptions

    public init(options: EmailOptions = EmailOptions()) { self.options = options }

    /// A chart of the body: its PNG and what the template shows of it.
    struct Chart { let title, cid, alt: String; let height: Int; let png: [UInt8] }

    struct Page: MustacheParent {
        var title = ""
        var meta: [ReportPage.Item] = []
        var tags = ""
        var numbers: [ReportPage.Number] = []
        var singleValues: [ReportPage.Number] = []
        var charts: [Chart] = []
        var parameters: [ReportPage.Item] = []
        var parametersOmitted: [Int] = []
        /// Key numbers past the dozen shown, counted.
        var numbersOmitted: [Int] = []

        func child(named name: String) -> Any? {
            switch name {
            case "hasTags": return !tags.isEmpty
            case "hasNumbers": return !numbers.isEmpty
            case "hasSingleValues": return !singleValues.isEmpty
            case "hasParameters": return !parameters.isEmpty
            default: return Mirror(reflecting: self).descendant(name)
            }
        }
    }

    /// The message for `run`, with `report` (the page) and `log` (log.txt) attached.
    public func message(for run: Run, report: [UInt8], log: [UInt8]) throws -> [UInt8] {
        let templates = try TemplateSet(override: options.report.templates, templates: ["email"])
        let page = try self.page(for: run)
        let html = try templates.render(page, "email")
        let related = MIMEPart(multipart: "related", parts: [MIMEPart.text(html, subtype: "html")]
            + page.charts.map { MIMEPart.file($0.png, type: "image/png", name: $0.cid.split(separator: "@")[0] + ".png", id: $0.cid) },
            parameters: "; type=\"text/html\"")
        let alternative = MIMEPart(multipart: "alternative", parts: [MIMEPart.text(text(page), subtype: "plain"), related])
        var root = MIMEPart(multipart: "mixed", parts: [
            alternative,
            MIMEPart.file(report, type: "text/html", name: "report.html"),
            MIMEPart.file(try GzipStream.compress(log), type: "application/gzip", name: "log.txt.gz"),
        ])
        // Headers are built from parsed values, never copied: the options' text must be one
        // line (else MailHeaderError), the run's text is made one.
        let from = try Mailbox(parsing: options.from)
        let to = try options.to.map { address throws(MailHeaderError) in try Mailbox(parsing: address) }
        let subject: String
        if let given = options.subject {
            try MailHeaderError.refuseControls(in: given)
            subject = given
        } else {
            subject = MIMEEncoding.oneLine(run.name + " — " + (run.metadata?.status ?? run.metadata?.project ?? "run report"))
        }
        let time = Self.completion(of: run)
        let identity = SHA256.hex(Array((run.id + "\u{0}" + subject + "\u{0}" + options.to.joined(separator: ",")).utf8))
        root.headers = [("From", from.header)]
            + (to.isEmpty ? [] : [("To", to.map(\.header).joined(separator: ", "))])
            + [("Subject", MIMEEncoding.headerText(subject)), ("Date", MIMEEncoding.date(milliseconds: time)),
               ("Message-ID", "<\(identity.prefix(32))@runreport.invalid>"), ("MIME-Version", "1.0"),
               ("X-Mailer", "runreport")]
        return root.serialized()
    }

    /// When the run ended: task.json's completion, else its last event, else the epoch.
    static func completion(of run: Run) -> Int64 {
        run.metadata?.completed.flatMap(TimeText.milliseconds(iso:)) ?? run.timestamps?.upperBound ?? 0
    }

    func page(for run: Run) throws -> Page {
        var page = Page()
        page.title = options.report.title ?? run.name
        for (label, value) in [("project", run.metadata?.project), ("status", run.metadata?.status), ("id", run.id),
                               ("started", run.metadata?.started), ("completed", run.metadata?.completed)] {
            if let value, !value.isEmpty { page.meta.append(.init(label: label, value: value)) }
        }
        page.tags = (run.metadata?.tags ?? []).joined(separator: ", ")
        let histogram = ScalarHistogram(run: run, key: options.report.key, samples: options.report.samples)
        let numbers = histogram.series.keys.sorted().compactMap { key -> ReportPage.Number? in
            guard let series = run.series[key] else { return nil }
            return .init(metric: key.metric, variant: key.variant,
                         value: NumberFormat.text(SeriesSummary(series).lastValue, unit: MetricUnit(metric: key.metric)))
        }
        // The most telling dozen, as the report's page shows them first.
        let split = KeyNumbers.split(numbers)
        page.numbers = split.first
        page.numbersOmitted = split.more.count + split.system.count > 0 ? [split.more.count + split.system.count] : []
        page.singleValues = SingleValue.of(run).map { .init(name: $0.variant, value: NumberFormat.text($0.value, unit: MetricUnit(metric: $0.variant))) }
        let parameters = (run.metadata?.parameters ?? []).map { ReportPage.Item(label: "\($0.section)/\($0.name)", value: $0.value) }
        page.parameters = Array(parameters.prefix(options.parameterLimit))
        page.parametersOmitted = parameters.count > options.parameterLimit ? [parameters.count - options.parameterLimit] : []
        page.charts = try charts(run, histogram)
        return page
    }

    /// Finite points a series needs for its metric to be drawn in a message: an empty or a
    /// one-point chart tells a reader nothing.
    static let minChartPoints = 2

    /// The most telling metrics as PNG charts, 600 points wide, rasterised at twice that:
    /// chosen among those with a series of `minChartPoints` finite points or more.
    private func charts(_ run: Run, _ histogram: ScalarHistogram) throws -> [Chart] {
        var drawable = Set<String>()
        for (key, series) in histogram.series where series.y.lazy.filter(\.isFinite).count >= Self.minChartPoints {
            drawable.insert(key.metric)
        }
        let metrics = drawable.filter { metric in
            options.chartPattern.map { CompareBuilder.matches(metric, $0) } ?? true
        }
        func rank(_ metric: String) -> Int {
            let lower = metric.lowercased()
            return lower.contains("loss") ? 0 : lower.contains("acc") ? 1 : ReportBuilder.isSystemMetric(metric) ? 3 : 2
        }
        let chosen = metrics.sorted { (rank($0), $0) < (rank($1), $1) }.prefix(options.charts)
        return try chosen.enumerated().map { index, metric in
            let keys = histogram.series.keys.filter { $0.metric == metric }.sorted()
            var chart = LineChart(title: metric, series: keys.compactMap { key in
                histogram.series[key].map { options.report.positioned(LineChart.Series(name: key.variant, histogram: $0), in: run) }
            })
            chart.width = 600
            chart.height = 300
            chart.unit = MetricUnit(metric: metric)
            // Shown 600 px wide at most, and about 330 on a phone: larger text than a page's chart.
            chart.textSize = 14
            options.report.style(&chart)
            let png = try SVGRasterizer.png(svg: chart.svg(), scale: 2)
            return Chart(title: metric, cid: "chart-\(index + 1)@runreport", alt: "\(metric): " + keys.map(\.variant).joined(separator: ", "),
                         height: chart.drawnHeight, png: png.bytes)
        }
    }

    /// The plain text part: the same facts, for clients that show no HTML.
    func text(_ page: Page) -> String {
        var lines = [page.title, String(repeating: "-", count: min(72, max(3, page.title.count)))]
        lines += page.meta.map { "\($0.label): \($0.value)" }
        if !page.tags.isEmpty { lines.append("tags: " + page.tags) }
        for (title, rows) in [("Key numbers", page.numbers.map { ($0.name, $0.value) }),
                              ("Single values", page.singleValues.map { ($0.name, $0.value) }),
                              ("Hyperparameters", page.parameters.map { ($0.label, $0.value) })] where !rows.isEmpty {
            lines += ["", title] + rows.map { "  \($0.0): \($0.1)" }
        }
        lines += ["", "The whole report is attached as report.html (open it in a browser), the log as log.txt.gz."]
        return lines.joined(separator: "\n") + "\n"
    }
}
