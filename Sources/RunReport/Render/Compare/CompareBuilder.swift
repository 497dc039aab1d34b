import Foundation

/// Builds a comparison of runs: a chart per metric and variant with a line per run (one stroke
/// per run on every chart), each run's last, min and max under it with the best marked, the
/// hyperparameters with the differing ones first, and single values side by side.
struct CompareBuilder {
    let options: ReportOptions
    /// Only metrics whose name matches this shell pattern (fnmatch), when set.
    var metricPattern: String?

    func page(runs: [Run], histograms: [ScalarHistogram]) -> (page: ComparePage, charts: [ReportBuilder.ChartFile]) {
        var page = ComparePage()
        page.runs = runs.enumerated().map { index, run in
            .init(number: index + 1, name: run.name, project: run.metadata?.project ?? "", status: run.metadata?.status ?? "",
                  id: run.id, swatch: Palette.swatch(Palette.runStroke(index)))
        }
        var keys = Set<SeriesKey>()
        for histogram in histograms { keys.formUnion(histogram.series.keys) }
        let matching = keys.filter { key in metricPattern.map { Self.matches(key.metric, $0) } ?? true }.sorted()
        let chosen = matching.prefix(max(0, options.maxCharts))
        if chosen.count < matching.count {
            page.chartsNotDrawn = ["\(matching.count - chosen.count) more series are not drawn: a comparison draws at most "
                + "\(options.maxCharts) charts (--max-charts, --metrics). Every series is in scalars.json and scalars.csv."]
        }
        var files: [ReportBuilder.ChartFile] = []
        for (index, key) in chosen.enumerated() {
            let title = key.variant == key.metric || key.variant.isEmpty ? key.metric : "\(key.metric) / \(key.variant)"
            var series: [LineChart.Series] = []
            var rows: [(Int, SeriesSummary)] = []
            for (runIndex, histogram) in histograms.enumerated() {
                guard let h = histogram.series[key], let points = runs[runIndex].series[key] else { continue }
                var line = options.positioned(LineChart.Series(name: "#\(runIndex + 1) \(runs[runIndex].name)", histogram: h), in: runs[runIndex])
                line.stroke = Palette.runStroke(runIndex)
                series.append(line)
                rows.append((runIndex, SeriesSummary(points)))
            }
            var chart = LineChart(title: title, series: series)
            options.style(&chart)
            chart.showsLegend = false
            let svg = chart.svg()
            files.append(("compare-\(index).svg", svg))
            page.charts.append(.init(title: title, anchor: "chart-\(index)", svg: svg, rows: Self.rows(rows, runs: runs, metric: key.metric)))
        }
        (page.parameters, page.differingCount) = Self.parameterLines(runs)
        page.singleValues = Self.singleValueLines(runs)
        return (page, files)
    }

    /// Summary rows with the best value of each column marked: only for a metric to optimise
    /// (`MetricGoal`: the smallest for losses and errors, the largest for accuracies and
    /// scores), and only in a column whose runs do not all hold the same value.
    static func rows(_ summaries: [(Int, SeriesSummary)], runs: [Run], metric: String) -> [ComparePage.Row] {
        let goal = MetricGoal(metric: metric)
        func best(_ values: [Double]) -> Double? {
            let finite = values.filter(\.isFinite)
            guard goal != .none, Set(finite).count > 1 else { return nil }
            return goal == .lower ? finite.min() : finite.max()
        }
        let bestLast = best(summaries.map(\.1.lastValue)), bestMin = best(summaries.map(\.1.minValue))
        let bestMax = best(summaries.map(\.1.maxValue))
        let unit = MetricUnit(metric: metric)
        return summaries.map { index, s in
            .init(number: index + 1, swatch: Palette.swatch(Palette.runStroke(index)), run: runs[index].name,
                  last: NumberFormat.text(s.lastValue, unit: unit), min: NumberFormat.text(s.minValue, unit: unit),
                  max: NumberFormat.text(s.maxValue, unit: unit),
                  lastBest: s.lastValue == bestLast, minBest: s.minValue == bestMin, maxBest: s.maxValue == bestMax)
        }
    }

    /// Every hyperparameter of any run, one cell a run; those whose values differ (a missing
    /// one counts as different) first. A name is one row across runs whose trackers file it
    /// under different sections (Comet's `General/lr`, ClearML's `Args/lr`), the sections
    /// shown in the row's name (`lr (Args · General)`); a name that one run holds in two
    /// sections keeps a row a section (`Args/lr`).
    static func parameterLines(_ runs: [Run]) -> ([ComparePage.Line], Int) {
        var sections: [String: Set<String>] = [:]
        var ambiguous = Set<String>()
        for run in runs {
            var seen: [String: String] = [:]
            for parameter in run.metadata?.parameters ?? [] {
                if let other = seen[parameter.name], other != parameter.section { ambiguous.insert(parameter.name) }
                seen[parameter.name] = parameter.section
                sections[parameter.name, default: []].insert(parameter.section)
            }
        }
        func row(_ parameter: TaskMetadata.Parameter) -> String {
            ambiguous.contains(parameter.name) ? parameter.section + "/" + parameter.name : parameter.name
        }
        func label(_ row: String) -> String {
            guard let found = sections[row], !ambiguous.contains(row) else { return row }
            let names = found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.filter { !$0.isEmpty }
            return names.count == 1 ? names[0] + "/" + row : names.isEmpty ? row : row + " (" + names.joined(separator: " · ") + ")"
        }
        var names: [String] = []
        var values: [[String: String]] = []
        for run in runs {
            var own: [String: String] = [:]
            for parameter in run.metadata?.parameters ?? [] {
                let name = row(parameter)
                if own[name] == nil && !names.contains(name) { names.append(name) }
                own[name] = parameter.value
            }
            values.append(own)
        }
        let lines = names.map { (label($0), $0) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { shown, name -> ComparePage.Line in
                let cells = values.map { $0[name] }
                let differs = Set(cells.map { $0 ?? "\u{0}absent" }).count > 1
                return .init(name: shown, cells: cells.map { .init(text: $0 ?? "—", differs: differs) }, differs: differs)
            }
        let differing = lines.filter(\.differs)
        return (differing + lines.filter { !$0.differs }, differing.count)
    }

    static func singleValueLines(_ runs: [Run]) -> [ComparePage.Line] {
        let perRun = runs.map { run in Dictionary(SingleValue.of(run).map { ($0.variant, $0.value) }, uniquingKeysWith: { $1 }) }
        let names = Set(perRun.flatMap(\.keys)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return names.map { name in
            let cells = perRun.map { $0[name].map(NumberText.of) ?? "—" }
            return .init(name: name, cells: cells.map { .init(text: $0, differs: false) }, differs: Set(cells).count > 1)
        }
    }

    /// Shell-style matching (`*`, `?`, `[…]`), as fnmatch(3) does it.
    static func matches(_ name: String, _ pattern: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
