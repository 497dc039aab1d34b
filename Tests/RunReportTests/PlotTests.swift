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
}
