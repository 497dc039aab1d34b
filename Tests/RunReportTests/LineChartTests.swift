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
        XCTAssertEqual(Set(parsed.elements), ["svg", "title", "desc", "g", "line", "text", "path", "circle"])
        XCTAssertTrue(parsed.texts.contains(evil), "the name reads back as the text it was")
        XCTAssertTrue(parsed.texts.contains("NaN"), "the NaN is marked")
        XCTAssertEqual(svg, chart.svg(), "byte-identical")
        XCTAssertTrue(svg.contains(#"role="img""#))
    }

    func testATimeAxisOfSecondsHasDistinctLabels() throws {
        // The sample session's scalars span five seconds: minute labels read "18:51" at every tick.
        let start = 1_795_373_490_673.0
        var chart = LineChart(title: "loss", series: [LineChart.Series(name: "train", x: [start, start + 2500, start + 5003], y: [1, 2, 3])])
        chart.xIsTime = true
        let parsed = try XMLStructure(chart.svg())
        let labels = parsed.texts.filter { $0.first?.isNumber == true && $0.contains(":") }
        XCTAssertGreaterThan(labels.count, 1)
        XCTAssertEqual(Set(labels).count, labels.count, "\(labels)")
        XCTAssertTrue(labels.allSatisfy { $0.hasPrefix("18:51:") }, "\(labels)")
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

    func testTheEnvelopeSpansWhatTheAverageHid() throws {
        var chart = LineChart(title: "loss", series: [LineChart.Series(name: "train", x: [0, 10, 20], y: [1, 2, 3],
                                                                         low: [0, 1, 2], high: [4, 5, 6])])
        chart.width = 216  // a 144-pixel plot
        let svg = chart.svg()
        let parsed = try XMLStructure(svg)
        XCTAssertEqual(parsed.elements.filter { $0 == "path" }.count, 2, "the band and the line")
        // y ticks 0…6 over a 220-pixel plot from y = 16: 6 → 16, 0 → 236.
        XCTAssertTrue(svg.contains(#"<path class="envelope" d="M56 89.33L128 52.67L200 16L200 162.67L128 199.33L56 236Z""#), svg)
        XCTAssertTrue(svg.contains(#"data-x="0 10 20" data-y="1 2 3""#), "the drawn values for the hover readout")
        XCTAssertTrue(svg.contains(#"data-plot="56 16 144 220 0 20""#))
    }
}
