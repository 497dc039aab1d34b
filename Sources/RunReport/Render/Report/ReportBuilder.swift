import Foundation

/// Builds a run's page: the header, key numbers, a chart per metric with its summary, plots,
/// debug images, hyperparameters, configuration, console and input problems, each section only
/// when there is data for it.
struct ReportBuilder {
    let options: ReportOptions
    let css: String

    func page(for run: Run, histogram: ScalarHistogram, problems: [InputProblem]) throws
        -> (page: ReportPage, charts: [(file: String, svg: String)]) {
        let metadata = run.metadata
        let title = options.title ?? run.name
        var meta: [ReportPage.Item] = []
        for (label, value) in [("project", metadata?.project), ("status", metadata?.status), ("type", metadata?.type),
                               ("user", metadata?.user), ("id", run.id), ("created", metadata?.created),
                               ("started", metadata?.started), ("completed", metadata?.completed)] {
            if let value, !value.isEmpty { meta.append(.init(label: label, value: value)) }
        }
        if let times = run.timestamps {
            meta.append(.init(label: "events", value: ISOTime.strictDateTime(milliseconds: times.lowerBound) + " → "
                + ISOTime.strictDateTime(milliseconds: times.upperBound)))
        }
        let (charts, files, numbers) = scalarCharts(run, histogram)
        let singles = SingleValue.of(run).map { ReportPage.Number(name: $0.variant, value: NumberText.of($0.value)) }
        let plots = try plotSections(run)
        let images = imageGroups(run)
        let parameters = Dictionary(grouping: metadata?.parameters ?? [], by: \.section).keys.sorted().map { section in
            ReportPage.ParameterSection(section: section, rows: (metadata?.parameters ?? []).filter { $0.section == section }
                .map { .init(label: $0.name, value: $0.value) })
        }
        let configuration = (metadata?.configuration ?? []).map { ReportPage.Configuration(name: $0.name, value: $0.value) }
        let (lines, omitted) = try console(run)
        let page = ReportPage(
            csp: ReportOptions.contentSecurityPolicy, css: css, title: title, meta: meta,
            tags: metadata?.tags ?? [], hasTags: !(metadata?.tags ?? []).isEmpty,
            comments: (metadata?.comment).map { [$0] }?.filter { !$0.isEmpty } ?? [],
            keyNumbers: numbers, hasKeyNumbers: !numbers.isEmpty || !singles.isEmpty,
            singleValues: singles, hasSingleValues: !singles.isEmpty,
            charts: charts, hasCharts: !charts.isEmpty, plots: plots, hasPlots: !plots.isEmpty,
            imageGroups: images, hasImages: !images.isEmpty, parameters: parameters, hasParameters: !parameters.isEmpty,
            configuration: configuration, hasConfiguration: !configuration.isEmpty,
            consoleLines: lines, omissions: omitted > 0 ? [omitted] : [], hasConsole: !lines.isEmpty,
            problems: problems.map(\.description), hasProblems: !problems.isEmpty)
        return (page, files)
    }

    /// A chart per metric (its variants as series), its summary rows, and the last values.
    private func scalarCharts(_ run: Run, _ histogram: ScalarHistogram)
        -> ([ReportPage.Chart], [(file: String, svg: String)], [ReportPage.Number]) {
        let metrics = Set(histogram.series.keys.map(\.metric)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var charts: [ReportPage.Chart] = [], files: [(String, String)] = [], numbers: [ReportPage.Number] = []
        for (index, metric) in metrics.enumerated() {
            let keys = histogram.series.keys.filter { $0.metric == metric }.sorted()
            var chart = LineChart(title: metric, series: keys.map { key in
                let s = histogram.series[key]!
                return LineChart.Series(name: key.variant, x: s.x.map(Double.init), y: s.y)
            })
            chart.xIsTime = options.key.isTime
            chart.xLabel = options.key.isTime ? "time (UTC)" : (histogram.series[keys[0]]?.xAxisLabel ?? "iteration")
            chart.smoothing = options.smoothing
            chart.logY = options.logY
            let svg = chart.svg()
            let rows = keys.map { key -> ReportPage.SummaryRow in
                let s = SeriesSummary(run.series[key]!)
                numbers.append(.init(name: "\(key.metric) / \(key.variant)", value: NumberText.of(s.lastValue)))
                return .init(variant: key.variant, last: NumberText.of(s.lastValue), first: NumberText.of(s.firstValue),
                             min: NumberText.of(s.minValue), max: NumberText.of(s.maxValue), mean: NumberText.of(s.meanValue),
                             count: String(s.count))
            }
            charts.append(.init(title: metric, anchor: "scalar-\(index)", svg: svg, rows: rows))
            files.append(("scalar-\(index).svg", svg))
        }
        return (charts, files, numbers)
    }

    /// The latest iteration of each plot (metric, variant).
    private func plotSections(_ run: Run) throws -> [ReportPage.Plot] {
        var latest: [SeriesKey: PlotEvent] = [:]
        for plot in run.plots {
            let key = SeriesKey(metric: plot.position.metric, variant: plot.position.variant)
            if let current = latest[key], current.position.iteration > plot.position.iteration { continue }
            latest[key] = plot
        }
        return latest.keys.sorted().map { key in
            let plot = latest[key]!
            let title = key.variant.isEmpty ? key.metric : "\(key.metric) / \(key.variant)"
            guard let figure = try? PlotlyFigure(plotJSON: plot.plotJSON) else {
                return .init(title: title, iteration: String(plot.position.iteration), svg: "", tables: [], links: [],
                             notes: ["The plot's JSON could not be read."])
            }
            switch PlotRenderer().render(figure, title: title) {
            case let .chart(svg, note):
                return .init(title: title, iteration: String(plot.position.iteration), svg: svg, tables: [], links: [],
                             notes: note.map { [$0] } ?? [])
            case let .table(header, rows, note):
                return .init(title: title, iteration: String(plot.position.iteration), svg: "",
                             tables: [.init(header: header, rows: rows.map { .init(cells: $0) })], links: [], notes: note.map { [$0] } ?? [])
            case let .image(source):
                return .init(title: title, iteration: String(plot.position.iteration), svg: "", tables: [],
                             links: LinkPolicy.allows(source) ? [source] : [],
                             notes: LinkPolicy.allows(source) ? [] : ["An image at a location that is not linked."])
            }
        }
    }

    /// Images per (metric, variant), latest iteration first; session files embedded while the
    /// budget lasts, http(s) URLs linked, anything else shown by name only.
    private func imageGroups(_ run: Run) -> [ReportPage.ImageGroup] {
        let resolver = ImageResolver(files: run.files)
        var budget = options.imageBudget
        let groups = Dictionary(grouping: run.debugImages) { SeriesKey(metric: $0.position.metric, variant: $0.position.variant) }
        return groups.keys.sorted().map { key in
            let images = groups[key]!.sorted { $0.position.iteration > $1.position.iteration }
            let views = images.map { image -> ReportPage.Image in
                let caption = "iteration \(image.position.iteration)"
                if budget > 0, let bytes = resolver.bytes(of: image), bytes.count <= budget, let type = Self.imageType(bytes) {
                    budget -= bytes.count
                    return .init(caption: caption, sources: ["data:\(type);base64," + Data(bytes).base64EncodedString()], links: [])
                }
                let link = image.url.flatMap { LinkPolicy.allows($0) ? $0 : nil }
                return .init(caption: caption + (link == nil ? " (not embedded)" : ""), sources: [], links: link.map { [$0] } ?? [])
            }
            let latestIteration = images.first?.position.iteration
            let latest = zip(images, views).filter { $0.0.position.iteration == latestIteration }.map(\.1)
            let history = Array(views.dropFirst(latest.count))
            return .init(title: "\(key.metric) / \(key.variant)", latest: latest, history: history,
                         hasHistory: !history.isEmpty, historyCount: history.count)
        }
    }

    /// PNG, JPEG, GIF or WebP by their magic bytes; anything else is not embedded.
    static func imageType(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if bytes.count > 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }

    /// The console: every event in time order, or past the limit the first quarter and the
    /// last three quarters of it in arrival order (kept while streaming: memory stays bounded).
    private func console(_ run: Run) throws -> ([ReportPage.ConsoleLine], Int) {
        let total = run.logCount
        let head = options.consoleLimit / 4, tail = options.consoleLimit - head
        var first: [LogEvent] = [], last: [LogEvent] = []
        var seen = 0
        for spool in run.logs {
            try spool.forEach { event in
                seen += 1
                if total <= options.consoleLimit || seen <= head {
                    first.append(event)
                } else {
                    last.append(event)
                    if last.count > tail { last.removeFirst(last.count - tail) }
                }
            }
        }
        var events = first + last
        let omitted = total - events.count
        if omitted == 0 {
            events = events.enumerated().sorted { ($0.element.timestamp ?? .min, $0.offset) < ($1.element.timestamp ?? .min, $1.offset) }
                .map(\.element)
        }
        let lines = events.map { event in
            var clock = AsctimeCache(), time: [UInt8] = []
            if let timestamp = event.timestamp { clock.append(timestamp, into: &time) }
            let spans = ANSIText(event.message).runs.map { ReportPage.Span(text: $0.text, classes: $0.style.classes.joined(separator: " ")) }
            return ReportPage.ConsoleLine(time: String(decoding: time, as: UTF8.self), level: event.level ?? "", spans: spans)
        }
        return (lines, omitted)
    }
}
