import Foundation

/// Builds a run's page: the header, key numbers, a chart per metric with its summary, plots,
/// debug images, vectors, hyperparameters, configuration, script, artifacts and models, console
/// and input problems, each section only when there is data for it.
struct ReportBuilder {
    let options: ReportOptions
    let css: String
    /// Our own script (hover values), allowed by the page's CSP through its hash.
    var script = ""

    /// A chart file beside the page: its name under `charts/` and its SVG.
    typealias ChartFile = (file: String, svg: String)

    func page(for run: Run, histogram: ScalarHistogram, problems: [InputProblem]) throws -> (page: ReportPage, charts: [ChartFile]) {
        var page = ReportPage()
        page.csp = ReportOptions.contentSecurityPolicy(scripts: script.isEmpty ? [] : [script])
        page.css = css
        page.script = script
        page.title = options.title ?? run.name
        page.back = options.backLink.map { [$0] } ?? []
        page.meta = header(run)
        page.tags = run.metadata?.tags ?? []
        page.comments = [run.metadata?.comment ?? ""].filter { !$0.isEmpty }
        let (charts, files, numbers, notDrawn) = scalarCharts(run, histogram)
        if notDrawn > 0 {
            page.chartsNotDrawn = ["\(notDrawn) more metrics are not drawn: a report draws at most \(options.maxCharts) "
                + "charts (--max-charts). Every series is in scalars.json and scalars.csv."]
        }
        page.charts = charts.filter { !Self.isSystemMetric($0.title) }
        page.systemCharts = charts.filter { Self.isSystemMetric($0.title) }
        page.chartGroups = Self.groups(of: page.charts)
        if page.charts.count > options.inlineChartLimit {
            for index in page.chartGroups.indices {
                let file = "groups/\(index).html"
                page.chartGroups[index].page = file
                page.chartGroups[index].links = page.chartGroups[index].charts.map { .init(title: $0.title, anchor: file + "#" + $0.anchor) }
            }
        }
        (page.keyNumbers, page.moreNumbers, page.systemNumbers) = KeyNumbers.split(numbers)
        page.singleValues = SingleValue.of(run).map { ReportPage.Number(name: $0.variant, value: NumberFormat.text($0.value, unit: MetricUnit(metric: $0.variant))) }
        let (plots, plotFiles) = plotSections(run)
        page.plots = plots
        page.imageGroups = imageGroups(run)
        let (vectors, vectorFiles) = vectorCharts(run)
        page.vectors = vectors
        page.parameters = parameterSections(run.metadata)
        page.configuration = (run.metadata?.configuration ?? []).map { .init(name: $0.name, value: $0.value) }
        page.scripts = scriptSection(run.metadata)
        page.artifacts = artifactRows(run.metadata)
        page.models = modelRows(run.metadata)
        extraSections(run, into: &page)
        let (lines, omitted) = try console(run)
        page.consoleLines = lines
        page.omissions = omitted > 0 ? [omitted] : []
        page.problems = problems.map(\.description)
        page.sections = Self.contents(of: page)
        return (page, files + plotFiles + vectorFiles)
    }

    /// The header's facts: task fields, then the duration (started to completed, else the span
    /// of the events' times) and the events' time range.
    private func header(_ run: Run) -> [ReportPage.Item] {
        let metadata = run.metadata
        var meta: [ReportPage.Item] = []
        for (label, value) in [("project", metadata?.project), ("status", metadata?.status), ("type", metadata?.type),
                               ("user", metadata?.user), ("id", run.id), ("created", metadata?.created),
                               ("started", metadata?.started), ("completed", metadata?.completed)] {
            if let value, !value.isEmpty { meta.append(.init(label: label, value: value)) }
        }
        if let duration = run.durationMilliseconds {
            meta.append(.init(label: "duration", value: TimeText.duration(milliseconds: duration)))
        }
        if let times = run.timestamps {
            meta.append(.init(label: "events", value: ISOTime.strictDateTime(milliseconds: times.lowerBound) + " → "
                + ISOTime.strictDateTime(milliseconds: times.upperBound)))
        }
        return meta
    }

    /// Charts grouped as `ChartGrouping` says; groups start folded past 60 charts.
    static func groups(of charts: [ReportPage.Chart]) -> [ReportPage.ChartGroup] {
        guard !charts.isEmpty else { return [] }
        guard let parts = ChartGrouping.groups(charts.map(\.title)) else {
            return [.init(name: "", anchor: "scalars-all", charts: charts, count: charts.count, grouped: false, open: true)]
        }
        return parts.enumerated().map { index, part in
            let list = part.members.map { charts[$0] }
            return .init(name: part.name, anchor: "group-\(index)", charts: list, count: list.count, grouped: true,
                         open: charts.count <= 60, links: list.map { .init(title: $0.title, anchor: "#" + $0.anchor) })
        }
    }

    /// The sections the page has, for its table of contents.
    static func contents(of page: ReportPage) -> [ReportPage.Link] {
        let present: [(String, String, Bool)] = [
            ("Key numbers", "key-numbers", page.hasKeyNumbers), ("Properties", "properties", !page.properties.isEmpty),
            ("Scalars", "scalars", !page.charts.isEmpty), ("System metrics", "system-metrics", !page.systemCharts.isEmpty),
            ("Plots", "plots", !page.plots.isEmpty), ("Debug images", "debug-images", !page.imageGroups.isEmpty),
            ("Vectors", "vectors", !page.vectors.isEmpty), ("Text samples", "text-samples", !page.textSamples.isEmpty),
            ("HTML", "html", !page.html.isEmpty), ("Hyperparameters", "hyperparameters", !page.parameters.isEmpty),
            ("Configuration", "configuration", !page.configuration.isEmpty), ("Script", "script", !page.scripts.isEmpty),
            ("Artifacts and models", "artifacts", !page.artifacts.isEmpty || !page.models.isEmpty),
            ("Environment", "environment", !page.environment.isEmpty),
            ("Console", "console", !page.consoleLines.isEmpty), ("Input problems", "problems", !page.problems.isEmpty),
        ]
        return present.filter(\.2).map { ReportPage.Link(title: $0.0, anchor: $0.1) }
    }

    /// A chart per metric (its variants as series, with the envelope of what downsampling
    /// averaged away), its summary rows, and the last values.
    /// A chart per metric with its summary rows; the charts are drawn in parallel (they share
    /// only the run and the histogram, which none changes) and kept in the metrics' order.
    /// Past `maxCharts` metrics the rest are counted, not drawn (the last value).
    private func scalarCharts(_ run: Run, _ histogram: ScalarHistogram)
        -> ([ReportPage.Chart], [ChartFile], [ReportPage.Number], Int) {
        let keysByMetric = Dictionary(grouping: histogram.series.keys, by: \.metric)
        let all = keysByMetric.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let metrics = Array(all.prefix(max(0, options.maxCharts)))
        let parts = Slots<(ReportPage.Chart, [ReportPage.Number])>(count: metrics.count)
        DispatchQueue.concurrentPerform(iterations: metrics.count) { index in
            parts[index] = scalarChart(metrics[index], index: index, keys: (keysByMetric[metrics[index]] ?? []).sorted(),
                                       run, histogram)
        }
        let charts = parts.values.map(\.0)
        return (charts, charts.map { ($0.anchor + ".svg", $0.svg) }, parts.values.flatMap(\.1), all.count - metrics.count)
    }

    private func scalarChart(_ metric: String, index: Int, keys: [SeriesKey], _ run: Run,
                             _ histogram: ScalarHistogram) -> (ReportPage.Chart, [ReportPage.Number]) {
        // Each variant keeps its position's stroke: the swatch beside its row is its line's.
        let series = keys.enumerated().compactMap { position, key -> LineChart.Series? in
            guard let s = histogram.series[key] else { return nil }
            var line = options.positioned(LineChart.Series(name: key.variant, histogram: s), in: run)
            line.stroke = Palette.stroke(position)
            return line
        }
        var chart = LineChart(title: metric, series: series)
        let unit = MetricUnit(metric: metric)
        chart.unit = unit
        options.style(&chart, axisLabel: keys.first.flatMap { histogram.series[$0]?.xAxisLabel })
        var numbers: [ReportPage.Number] = []
        let text = { (value: Double) in NumberFormat.text(value, unit: unit) }
        let rows = keys.enumerated().compactMap { position, key -> ReportPage.SummaryRow? in
            guard let s = histogram.summary(of: key, in: run) else { return nil }
            numbers.append(.init(metric: key.metric, variant: key.variant, value: text(s.lastValue)))
            return .init(swatch: Palette.swatch(Palette.stroke(position)), variant: key.variant, last: text(s.lastValue),
                         first: text(s.firstValue), min: text(s.minValue), max: text(s.maxValue), mean: text(s.meanValue),
                         count: String(s.count))
        }
        return (.init(title: metric, anchor: "scalar-\(index)", svg: chart.svg(), rows: rows), numbers)
    }
}
