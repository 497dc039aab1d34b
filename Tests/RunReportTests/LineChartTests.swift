import Foundation
@testable import RunReport
import XCTest

/// The SVG line chart, parsed back with libxml2.
final class LineChartTests: XCTestCase {
    func testHostileNamesStayText() throws {
        let evil = #"<script>alert(1)</script>" onload="x" &amp; ']]>"#
        var chart = LineChart(title: evil, series: [LineChart.Series(name: evil, x: [0, 1, 2], y: [1, .nan, 3]),
                                                   LineChart.Series(name: "b<img src=x onerror=alert(1)>", x: [0, 1, 2], y: [2, 2, 1])])
        chart.smoothing = 0.6
        let svg = chart.svg()
        let parsed = try XMLStructure(svg)
        XCTAssertEqual(parsed.elements.first, "svg")
        XCTAssertFalse(parsed.elements.contains("script"))
        XCTAssertFalse(parsed.elements.contains("img"))
        XCTAssertTrue(parsed.attributes.isDisjoint(with: ["onload", "onerror"]))
        // Three points a series: drawn as markers too, too few to read as a line.
        XCTAssertEqual(Set(parsed.elements), ["svg", "title", "desc", "g", "line", "text", "path", "rect", "circle"])
        XCTAssertTrue(parsed.texts.contains(evil), "the name reads back as the text it was")
        XCTAssertTrue(parsed.texts.contains("NaN"), "the NaN is marked")
        XCTAssertEqual(svg, chart.svg(), "byte-identical")
        XCTAssertTrue(svg.contains(#"role="img""#))
    }

    func testASpikeReachesTheTopOfThePlot() throws {
        let x = (0..<100_000).map(Double.init)
        var y = x.map { _ in 0.5 }
        y[54_321] = 100
        let svg = LineChart(title: "loss", series: [LineChart.Series(name: "train", x: x, y: y)]).svg()
        // y ticks run 0…100; the plot's top edge is y = 16 (the top margin).
        XCTAssertTrue(svg.contains(" 16L") || svg.contains(" 16\""), "the spike is drawn at the top")
        XCTAssertLessThan(svg.utf8.count, 60_000, "M4 keeps about 4 points a pixel column, not 100,000")
    }
}
