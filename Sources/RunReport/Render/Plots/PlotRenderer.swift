/// What a plot becomes in a report: a chart, a table, or an image reported as a plot.
public enum RenderedPlot: Sendable {
    /// SVG, with a note when the figure could only be drawn in part (3-D shown flat).
    case chart(svg: String, note: String?)
    /// A table (Plotly `table`, or the data of a trace type runreport does not draw).
    case table(header: [String], rows: [[String]], note: String?)
    /// `layout.images[0].source` of an image reported as a plot.
    case image(source: String)
}

/// Turns a Plotly figure into what the report shows, by the type of its first trace: scatter as
/// lines and/or markers, bar (group or stack), heatmap, table, histogram (binned here), surface as
/// a heatmap and scatter3d as its x–y projection (each with a note), anything else as a table of
/// its data naming the type.
public struct PlotRenderer {
    public init() {}

    public func render(_ figure: PlotlyFigure, title: String) -> RenderedPlot {
        if figure.traces.isEmpty, let source = figure.imageSource { return .image(source: source) }
        guard let first = figure.traces.first else { return .table(header: [], rows: [], note: "The plot has no data.") }
        let heading = figure.title ?? title
        switch first.type {
        case "scatter", "scattergl":
            var chart = LineChart(title: heading, series: figure.traces.map { trace in
                LineChart.Series(name: trace.name ?? "", x: Self.numbers(trace.x, count: trace.y.count), y: trace.y.map { $0.number ?? .nan })
            })
            chart.xLabel = figure.xTitle ?? ""
            chart.drawsMarkers = (first.mode ?? "lines").contains("markers")
            chart.drawsLines = (first.mode ?? "lines").contains("lines")
            return .chart(svg: chart.svg(), note: nil)
        case "bar":
            let categories = first.x.map(\.label)
            var chart = BarChart(title: heading, categories: categories, series: figure.traces.map { trace in
                BarChart.Series(name: trace.name ?? "", values: trace.y.map { $0.number ?? .nan })
            })
            chart.stacked = figure.barMode == "stack" || figure.barMode == "relative"
            chart.xTitle = figure.xTitle
            return .chart(svg: chart.svg(), note: nil)
        case "histogram":
            let (categories, counts) = Self.bins(first.x.compactMap(\.number).filter(\.isFinite), count: 20)
            var chart = BarChart(title: heading, categories: categories, series: [BarChart.Series(name: first.name ?? "", values: counts)])
            chart.xTitle = figure.xTitle
            return .chart(svg: chart.svg(), note: nil)
        case "heatmap":
            return .chart(svg: HeatmapChart(title: heading, trace: first, xTitle: figure.xTitle, yTitle: figure.yTitle).svg(), note: nil)
        case "surface":
            return .chart(svg: HeatmapChart(title: heading, trace: first).svg(),
                          note: "A 3-D surface, drawn from above as a heatmap of its heights.")
        case "scatter3d":
            var chart = LineChart(title: heading, series: figure.traces.map { trace in
                LineChart.Series(name: trace.name ?? "", x: Self.numbers(trace.x, count: trace.y.count), y: trace.y.map { $0.number ?? .nan })
            })
            chart.drawsLines = false
            chart.drawsMarkers = true
            chart.xLabel = "x"
            return .chart(svg: chart.svg(), note: "A 3-D scatter, shown as its projection on the x–y plane.")
        case "table":
            let rowCount = first.columns.map(\.count).max() ?? 0
            let rows = (0..<rowCount).map { row in first.columns.map { row < $0.count ? $0[row] : "" } }
            return .table(header: first.header, rows: rows, note: nil)
        default:
            let count = max(first.x.count, first.y.count)
            let rows = (0..<count).map { i in [i < first.x.count ? first.x[i].label : "", i < first.y.count ? first.y[i].label : ""] }
            return .table(header: ["x", "y"], rows: rows, note: "A \(first.type) plot, which runreport does not draw: its data.")
        }
    }

    /// x as numbers; labels (or no x at all) become their positions 0, 1, 2 …
    /// x as numbers: x's own when it has only numbers (at most `count`: Plotly draws
    /// min(len(x), len(y)) points), else the positions 0 ..< count.
    static func numbers(_ x: [PlotValue], count: Int) -> [Double] {
        if !x.isEmpty, x.allSatisfy({ $0.number != nil }) { return x.prefix(count).compactMap(\.number) }
        return (0..<count).map(Double.init)
    }

    /// Equal-width bins over the values' range, labelled by their lower edge.
    static func bins(_ values: [Double], count: Int) -> (labels: [String], counts: [Double]) {
        guard let low = values.min(), let high = values.max() else { return ([], []) }
        if low == high { return ([NumberText.of(low)], [Double(values.count)]) }
        let width = (high - low) / Double(count)
        var counts = [Double](repeating: 0, count: count)
        for v in values { counts[min(count - 1, Int((v - low) / width))] += 1 }
        return ((0..<count).map { NumberText.of(low + Double($0) * width) }, counts)
    }
}
