import Foundation
@testable import RunReport
import XCTest

/// Issue 19: non-finite values are drawn where they are, by kind, inside the plot; buckets of
/// infinities stay infinities (CSV `inf`, `-inf`).
final class NonFiniteChartTests: XCTestCase {
    /// Each non-finite label's text, x and y.
    private func marks(_ svg: String) -> [(text: String, x: Double, y: Double)] {
        let regex = try? NSRegularExpression(pattern: #"<text class="nonfinite" x="([^"]*)" y="([^"]*)"[^>]*>([^<]*)</text>"#)
        let range = NSRange(svg.startIndex..., in: svg)
        return (regex?.matches(in: svg, range: range) ?? []).compactMap { match in
            let group = { (i: Int) in Range(match.range(at: i), in: svg).map { String(svg[$0]) } ?? "" }
            guard let x = Double(group(1)), let y = Double(group(2)) else { return nil }
            return (group(3), x, y)
        }
    }

    private func plot(_ svg: String) -> [Double] {
        let start = svg.range(of: "data-plot=\"")!.upperBound
        return svg[start...].prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0) }
    }

    func testANaNOnlySeriesSaysSoAndItsMarksAreInsideThePlot() throws {
        let chart = LineChart(title: "loss_nan", series: [LineChart.Series(name: "loss_nan", x: [1000, 2000, 3000], y: [.nan, .nan, .nan])])
        let svg = chart.svg()
        _ = try XMLStructure(svg)
        XCTAssertTrue(svg.contains(">no finite values to draw</text>"))
        let box = plot(svg)
        let found = marks(svg)
        XCTAssertFalse(found.isEmpty)
        for mark in found {
            XCTAssertTrue(mark.x >= box[0] && mark.x <= box[0] + box[2], "\(mark) inside \(box)")
            XCTAssertTrue(mark.y >= box[1] && mark.y <= box[1] + box[3], "\(mark) inside \(box)")
        }
        XCTAssertEqual(box[4], 1000, "the x axis spans the NaN points")
        XCTAssertEqual(box[5], 3000)
        XCTAssertFalse(svg.contains("text-anchor=\"end\">1</text>"), "no made-up 0–1 y axis")
    }

    func testANaNAtStepOneIsDrawnAtStepOne() throws {
        let chart = LineChart(title: "m", series: [LineChart.Series(name: "v", x: [1, 2, 3, 4, 5], y: [.nan, 2, 3, 4, 5])])
        let svg = chart.svg()
        let box = plot(svg)
        XCTAssertEqual(box[4], 1, "x starts at the NaN's step")
        let nan = try XCTUnwrap(marks(svg).first { $0.text == "NaN" })
        // Step 1 is the plot's left edge; the label is kept 14 px inside it, its tick at the edge.
        XCTAssertEqual(nan.x, box[0] + 14, accuracy: 0.01)
        XCTAssertTrue(svg.contains("<line x1=\"\(PathData.coordinate(box[0]))\" x2=\"\(PathData.coordinate(box[0]))\""), "the tick at step 1")
    }

    func testInfinitiesAreNamedAndPlacedApartAndNeighboursDoNotPileUp() throws {
        var y = (0..<200).map { Double($0) }
        for i in 50..<150 { y[i] = .nan }
        y[10] = .infinity
        y[190] = -.infinity
        let chart = LineChart(title: "m", series: [LineChart.Series(name: "v", x: (0..<200).map(Double.init), y: y)])
        let found = marks(chart.svg())
        let plus = try XCTUnwrap(found.first { $0.text == "+∞" })
        let minus = try XCTUnwrap(found.first { $0.text == "−∞" })
        XCTAssertGreaterThan(minus.y - plus.y, 100, "+∞ at the top, −∞ at the bottom")
        let nans = found.filter { $0.text.hasPrefix("NaN") }
        XCTAssertLessThanOrEqual(nans.count, 5, "a hundred neighbouring NaNs are a few labels, not a blob: \(nans)")
        let counted = nans.map { Int($0.text.components(separatedBy: "×").last ?? "") ?? 1 }.reduce(0, +)
        XCTAssertEqual(counted, 100, "the labels count every NaN")
        for (a, b) in zip(nans, nans.dropFirst()) { XCTAssertGreaterThanOrEqual(b.x - a.x, 40, "labels apart") }
    }

    func testBucketsOfInfinitiesStayInfinitiesInCSVAndCharts() throws {
        let folder = TemporaryFolder()
        let lines = [ExtremeDumps.scalar(iter: 0, timestamp: "1700000000000", value: "1"),
                     ExtremeDumps.scalar(iter: 1, timestamp: "1700000001000", value: "Infinity"),
                     ExtremeDumps.scalar(iter: 2, timestamp: "1700000002000", value: "-Infinity"),
                     ExtremeDumps.scalar(iter: 3, timestamp: "1700000003000", value: "NaN"),
                     ExtremeDumps.scalar(iter: 4, timestamp: "1700000004000", value: "2")]
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        // runreport's numbers keep non-finite values (the server's refuse them: ServerStoreTests).
        let csv = try runCLI(["scalars", path, "--format", "csv", "--quiet", "--precision", "full"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let rows = csv.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        XCTAssertEqual(rows.map { $0.split(separator: ",").last.map(String.init) ?? "" }, ["1.0", "inf", "-inf", "nan", "2.0"])
        let json = try runCLI(["scalars", path, "--quiet", "--precision", "full"])
        XCTAssertTrue(json.stdout.replacingOccurrences(of: " ", with: "").contains("[1.0,null,null,null,2.0]"), json.stdout)
        let result = RunLoader().load(paths: [path])
        try ReportWriter().write(result, to: folder.path + "/report")
        let svg = try String(contentsOfFile: folder.path + "/report/charts/scalar-0.svg", encoding: .utf8)
        XCTAssertEqual(marks(svg).map(\.text).sorted(), ["+∞", "NaN", "−∞"].sorted())
    }

    func testCompareAndEmailChartsOfANaNOnlySeriesKeepTheirMarksInside() throws {
        let folder = TemporaryFolder()
        let lines = (0..<5).map { ExtremeDumps.scalar(iter: Int64(1000 + $0), timestamp: "\(1_700_000_000_000 + $0)", value: "NaN", metric: "loss_nan", variant: "loss_nan") }
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        try CompareWriter().write(RunLoader().load(paths: [path]), to: folder.path + "/compare")
        let svg = try String(contentsOfFile: folder.path + "/compare/charts/compare-0.svg", encoding: .utf8)
        let box = plot(svg)
        XCTAssertFalse(marks(svg).isEmpty)
        XCTAssertTrue(marks(svg).allSatisfy { $0.x >= box[0] && $0.x <= box[0] + box[2] })
        XCTAssertTrue(svg.contains("no finite values to draw"))
    }
}
