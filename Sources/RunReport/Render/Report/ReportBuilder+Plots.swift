/// Plots (latest iteration per metric and variant, earlier ones in a collapsed list or one link
/// away) and vectors.
extension ReportBuilder {
    func plotSections(_ run: Run) -> ([ReportPage.Plot], [ChartFile]) {
        let groups = Dictionary(grouping: run.plots.enumerated()) {
            SeriesKey(metric: $0.element.position.metric, variant: $0.element.position.variant)
        }
        var plots: [ReportPage.Plot] = [], files: [ChartFile] = []
        for (index, key) in groups.keys.sorted().enumerated() {
            // Newest first; of two at one iteration, the later reported.
            let ordered = (groups[key] ?? []).sorted {
                ($0.element.position.iteration, $0.offset) > ($1.element.position.iteration, $1.offset)
            }.map(\.element)
            guard let latest = ordered.first else { continue }
            let title = key.variant.isEmpty ? key.metric : "\(key.metric) / \(key.variant)"
            var plot = view(of: latest, title: title)
            if !plot.svg.isEmpty { files.append(("plot-\(index).svg", plot.svg)) }
            for (depth, earlier) in ordered.dropFirst().enumerated() {
                let iteration = earlier.position.iteration
                let file = "plot-\(index)-\(iteration < 0 ? "m\(iteration.magnitude)" : String(iteration)).svg"
                if depth < options.plotHistoryLimit {
                    let view = view(of: earlier, title: title)
                    if !view.svg.isEmpty { files.append((file, view.svg)) }
                    plot.history.append(view)
                } else if case let .chart(svg, _) = rendered(earlier, title: title) {
                    files.append((file, svg))
                    plot.files.append(.init(label: "iteration \(iteration)", value: "charts/" + file))
                }
            }
            plots.append(plot)
        }
        return (plots, files)
    }

    private func rendered(_ plot: PlotEvent, title: String) -> RenderedPlot? {
        guard let figure = try? PlotlyFigure(plotJSON: plot.plotJSON) else { return nil }
        return PlotRenderer().render(figure, title: title)
    }

    private func view(of plot: PlotEvent, title: String) -> ReportPage.Plot {
        let iteration = String(plot.position.iteration)
        switch rendered(plot, title: title) {
        case nil:
            return .init(title: title, iteration: iteration, svg: "", tables: [], links: [], notes: ["The plot's JSON could not be read."])
        case let .chart(svg, note)?:
            return .init(title: title, iteration: iteration, svg: svg, tables: [], links: [], notes: note.map { [$0] } ?? [])
        case let .table(header, rows, note)?:
            return .init(title: title, iteration: iteration, svg: "", tables: [.init(header: header, rows: rows.map { .init(cells: $0) })],
                         links: [], notes: note.map { [$0] } ?? [])
        case let .image(source)?:
            let allowed = LinkPolicy.allows(source)
            return .init(title: title, iteration: iteration, svg: "", tables: [], links: allowed ? [source] : [],
                         notes: allowed ? [] : ["An image at a location that is not linked."])
        }
    }

    /// The latest vector of each metric and variant as a line over its index.
    func vectorCharts(_ run: Run) -> ([ReportPage.Vector], [ChartFile]) {
        var latest: [SeriesKey: (VectorEvent, count: Int)] = [:]
        for vector in run.vectors {
            let key = SeriesKey(metric: vector.position.metric, variant: vector.position.variant)
            let count = (latest[key]?.count ?? 0) + 1
            if let current = latest[key], current.0.position.iteration > vector.position.iteration {
                latest[key]?.count = count
            } else {
                latest[key] = (vector, count)
            }
        }
        var files: [ChartFile] = []
        let views = latest.keys.sorted().enumerated().compactMap { index, key -> ReportPage.Vector? in
            guard let (vector, count) = latest[key] else { return nil }
            let title = key.variant.isEmpty ? key.metric : "\(key.metric) / \(key.variant)"
            var chart = LineChart(title: title, series: [.init(name: key.variant, x: vector.values.indices.map(Double.init), y: vector.values)])
            chart.xLabel = "index"
            chart.drawsMarkers = vector.values.count <= 60
            let note = count > 1 ? "\(vector.values.count) values; the latest of \(count) vectors reported" : "\(vector.values.count) values"
            let svg = chart.svg()
            files.append(("vector-\(index).svg", svg))
            return .init(title: title, iteration: String(vector.position.iteration), svg: svg, note: note)
        }
        return (views, files)
    }
}
