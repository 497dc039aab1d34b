@testable import RunReport
import XCTest

/// Plotly figures from the real SDK's reporters, and the heatmap drawn from one.
final class PlotTests: XCTestCase {
    private func figures() throws -> [String: PlotlyFigure] {
        let run = try XCTUnwrap(RunLoader().load(paths: [samplePath("clearml/small")]).runs.first)
        var result: [String: PlotlyFigure] = [:]
        for plot in run.plots { result[plot.position.metric] = try PlotlyFigure(plotJSON: plot.plotJSON) }
        return result
    }

    func testEveryReporterTypeReadsIntoTheModel() throws {
        let f = try figures()
        let confusion = try XCTUnwrap(f["confusion"]?.traces.first)
        XCTAssertEqual(confusion.type, "heatmap")
        XCTAssertEqual(confusion.z, [[50, 2, 1], [3, 45, 4], [0, 5, 60]])
        XCTAssertEqual(confusion.x.map(\.label), ["cat", "dog", "bird"])
        XCTAssertTrue(confusion.showsCellValues)

        let table = try XCTUnwrap(f["predictions"]?.traces.first)
        XCTAssertEqual(table.type, "table")
        XCTAssertEqual(table.header, ["id", "label", "score"])
        XCTAssertEqual(table.columns, [["1", "2"], ["cat", "<b>dog</b>"], ["0.9", "NaN"]])

        let bars = try XCTUnwrap(f["class counts"])
        XCTAssertEqual(bars.traces.first?.type, "bar")
        XCTAssertEqual(bars.traces.first?.y.compactMap(\.number), [5, 9, 3, 7])
        XCTAssertEqual(bars.barMode, "group")

        let curve = try XCTUnwrap(f["pr curve"]?.traces.first)
        XCTAssertEqual(curve.mode, "lines+markers")
        XCTAssertEqual(curve.y.compactMap(\.number), [1, 0.9, 0.4])
        XCTAssertEqual(f["pr curve"]?.xTitle, "recall")

        XCTAssertEqual(f["landscape"]?.traces.first?.type, "surface")
        XCTAssertTrue(f["landscape"]?.traces.first?.z[2][2].isNaN == true)
        XCTAssertEqual(f["embedding"]?.traces.first?.type, "scatter3d")
        XCTAssertEqual(f["weights"]?.traces.first?.y.count, 20)
    }

    func testHeatmapSVGIsValidAndItsLabelsInert() throws {
        var trace = try XCTUnwrap(try figures()["confusion"]?.traces.first)
        trace.x[0] = .label("<script>alert(1)</script>")
        trace.z[1][1] = .nan
        let svg = HeatmapChart(title: "confusion \"<b>\"", trace: trace, xTitle: "predicted").svg()
        let parsed = try XMLStructure(svg)
        XCTAssertEqual(Set(parsed.elements), ["svg", "title", "rect", "text"])
        XCTAssertEqual(parsed.elements.filter { $0 == "rect" }.count, 9)
        XCTAssertTrue(parsed.texts.contains("<script>alert(1)</script>"))
        XCTAssertTrue(parsed.texts.contains("60"), "cell values written")
        XCTAssertTrue(parsed.texts.contains("NaN"))
        XCTAssertEqual(HeatmapChart.shade(0), "#f7fbff")
        XCTAssertEqual(HeatmapChart.shade(1), "#0072b2")
    }

    func testEveryPlotOfTheSampleRendersAsItsKind() throws {
        let renderer = PlotRenderer()
        for (metric, figure) in try figures() {
            let rendered = renderer.render(figure, title: metric)
            switch (metric, rendered) {
            case ("predictions", let .table(header, rows, note)):
                XCTAssertEqual(header, ["id", "label", "score"])
                XCTAssertEqual(rows, [["1", "cat", "0.9"], ["2", "<b>dog</b>", "NaN"]])
                XCTAssertNil(note)
            case ("landscape", let .chart(svg, note)), ("embedding", let .chart(svg, note)):
                XCTAssertNotNil(note, "\(metric): a 3-D plot says how it is shown")
                XCTAssertNoThrow(try XMLStructure(svg))
            case (_, let .chart(svg, note)):
                XCTAssertNil(note, metric)
                let parsed = try XMLStructure(svg)
                XCTAssertEqual(parsed.elements.first, "svg", metric)
                if metric == "class counts" { XCTAssertEqual(parsed.elements.filter { $0 == "rect" }.count, 4) }
                if metric == "pr curve" { XCTAssertEqual(parsed.elements.filter { $0 == "circle" }.count, 3, "lines+markers") }
            default:
                XCTFail("\(metric) rendered as \(rendered)")
            }
        }
    }

    func testStackedBarsAndUnknownTypes() throws {
        let stacked = try PlotlyFigure(plotJSON: #"{"data": [{"type": "bar", "name": "a", "x": ["p", "q"], "y": [1, 2]}, {"type": "bar", "name": "b", "x": ["p", "q"], "y": [3, -1]}], "layout": {"barmode": "stack"}}"#)
        guard case let .chart(svg, _) = PlotRenderer().render(stacked, title: "s") else { return XCTFail("not a chart") }
        XCTAssertEqual(try XMLStructure(svg).elements.filter { $0 == "rect" }.count, 4 + 2, "four bars and a legend of two")
        let odd = try PlotlyFigure(plotJSON: #"{"data": [{"type": "sankey", "x": [1, 2], "y": ["u", "v"]}], "layout": {}}"#)
        guard case let .table(header, rows, note) = PlotRenderer().render(odd, title: "o") else { return XCTFail("not a table") }
        XCTAssertEqual(header, ["x", "y"])
        XCTAssertEqual(rows, [["1", "u"], ["2", "v"]])
        XCTAssertEqual(note, "A sankey plot, which runreport does not draw: its data.")
        let image = try PlotlyFigure(plotJSON: #"{"data": [], "layout": {"images": [{"source": "https://files/x.png"}]}}"#)
        guard case let .image(source) = PlotRenderer().render(image, title: "i") else { return XCTFail("not an image") }
        XCTAssertEqual(source, "https://files/x.png")
    }
}
