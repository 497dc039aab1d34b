import Foundation
@testable import RunReport
import XCTest

/// Issue 19's readability items that a test can read back: key numbers that scale, legends that
/// wrap, a palette that stays distinct, swatches beside the rows, the hover readout of series
/// logged at different rates.
final class ReadabilityTests: XCTestCase {
    func testKeyNumbersShowTheMostTellingDozenAndTheRestOneClickAway() throws {
        let folder = TemporaryFolder()
        var lines: [String] = []
        for metric in (0..<40).map({ "metric_\($0)" }) + ["val/loss", "train/loss", "accuracy", "sys.ram.used"] {
            for i in 0..<3 { lines.append(ExtremeDumps.scalar(iter: Int64(i), timestamp: "\(1_700_000_000_000 + i)", value: "\(i + 1)", metric: metric, variant: metric)) }
        }
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        try ReportWriter().write(RunLoader().load(paths: [path]), to: folder.path + "/report")
        let html = try String(contentsOfFile: folder.path + "/report/index.html", encoding: .utf8)
        let section = try XCTUnwrap(html.components(separatedBy: "<section id=\"key-numbers\">").dropFirst().first?.components(separatedBy: "</section>").first)
        let cards = section.components(separatedBy: "<div class=\"number\"><div class=\"name\">").dropFirst().map { $0.prefix { $0 != "<" } }
        let first = Array(cards.prefix(KeyNumbers.shown))
        XCTAssertEqual(first.prefix(3), ["train/loss", "val/loss", "accuracy"], "losses, then accuracies, then the rest by name")
        XCTAssertEqual(cards.last, "sys.ram.used", "system metrics apart, after")
        XCTAssertEqual(cards.count, 13, "a dozen and the system one, not 44 cards")
        XCTAssertTrue(section.contains("<details class=\"more\"><summary>All 43 key numbers</summary>"))
        let table = try XMLStructure(section, html: true)
        XCTAssertEqual(table.rows.count, 44, "the header and every key number, in the folded table")
        XCTAssertTrue(section.contains("<div class=\"value\">3 B</div>"), "sys.ram.used in bytes")
    }

    func testLegendsWrapAndKeepEveryName() throws {
        let names = (0..<15).map { "a rather long variant name number \($0)" }
        let chart = LineChart(title: "m", series: names.map { LineChart.Series(name: $0, x: [0, 1, 2, 3], y: [1, 2, 3, 4]) })
        let svg = chart.svg()
        let parsed = try XMLStructure(svg)
        for name in names { XCTAssertTrue(parsed.texts.contains(name), name) }
        let xs = svg.components(separatedBy: "<g class=\"legend\"><line x1=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(xs.count, 15)
        XCTAssertTrue(xs.allSatisfy { $0 + 14 + 6.5 * 35 <= Double(chart.width) }, "every entry inside the width: \(xs)")
        XCTAssertGreaterThan(chart.drawnHeight, chart.height, "rows added below")
        XCTAssertTrue(svg.contains("height=\"\(chart.drawnHeight)\""))
    }

    func testThePaletteStaysDistinctAndHasNoBlack() {
        let strokes = (0..<500).map(Palette.stroke)
        XCTAssertEqual(Set(strokes).count, 500)
        XCTAssertEqual(Set(strokes.prefix(64).map(\.color)).count, 64, "colours alone apart for the first 64")
        for stroke in strokes {
            // Relative luminance between the dark page's (about 0.006) and the light page's (0.92): no black, no near-white.
            let rgb = [1, 3, 5].map { Double(Int(stroke.color.dropFirst($0).prefix(2), radix: 16) ?? 0) / 255 }
                .map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            let luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
            XCTAssertGreaterThan((luminance + 0.05) / (0.006 + 0.05), 2.2, "\(stroke.color) reads on the dark page")
            XCTAssertGreaterThan((0.92 + 0.05) / (luminance + 0.05), 1.9, "\(stroke.color) reads on the light page")
        }
        XCTAssertFalse(Palette.colors.contains("#000000"))
    }

    func testEveryRowNamingASeriesHasItsLinesSwatch() throws {
        let folder = TemporaryFolder()
        let lines = ["a", "b", "c"].flatMap { variant in
            (0..<5).map { ExtremeDumps.scalar(iter: Int64($0), timestamp: "\(1_700_000_000_000 + $0)", value: "\($0)", metric: "loss", variant: variant) }
        }
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        try ReportWriter().write(RunLoader().load(paths: [path]), to: folder.path + "/report")
        let html = try String(contentsOfFile: folder.path + "/report/index.html", encoding: .utf8)
        let figure = try XCTUnwrap(html.components(separatedBy: "<figure id=\"scalar-0\">").dropFirst().first?.components(separatedBy: "</figure>").first)
        for (index, variant) in ["a", "b", "c"].enumerated() {
            let color = Palette.stroke(index).color
            XCTAssertTrue(figure.contains("stroke=\"\(color)\" stroke-width=\"1.5\""), "the line of \(variant)")
            XCTAssertTrue(figure.contains("<td><svg class=\"swatch\" width=\"28\" height=\"10\" viewBox=\"0 0 28 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"\(color)\" stroke-width=\"2.5\"/></svg> \(variant)</td>"),
                          "the row of \(variant) has its line's swatch")
        }
    }

    func testTheHoverReadoutShowsEverySeriesAtItsNearestPoint() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("chromium is not installed")
        }
        let train = LineChart.Series(name: "train", x: (0...100).map(Double.init), y: (0...100).map { 1 / Double($0 + 1) })
        let validation = LineChart.Series(name: "val", x: [0, 50, 100], y: [0.9, 0.5, 0.25])
        let svg = LineChart(title: "loss", series: [train, validation]).svg()
        let script = try XCTUnwrap(DefaultTemplates.files["hover.js"])
        // The pointer at x = 47 (train has a point there, val's nearest is at 50).
        let probe = """
            var svg = document.querySelector("svg.chart"); var plot = svg.getAttribute("data-plot").split(" ").map(Number);
            var box = svg.getBoundingClientRect(); var scale = box.width / svg.viewBox.baseVal.width;
            var px = plot[0] + 47 / 100 * plot[2];
            svg.dispatchEvent(new PointerEvent("pointermove", { clientX: box.left + px * scale, clientY: box.top + 50 * scale, bubbles: true }));
            document.body.setAttribute("data-tip", document.querySelector(".tip").textContent);
            """
        let folder = TemporaryFolder()
        let page = folder.write("hover.html", "<!doctype html><html><body><figure style=\"position:relative;width:560px\">\(svg)</figure><script>\(script)</script><script>\(probe)</script></body></html>")
        let dom = try runProgram(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom", "file://" + page])
        let tip = try XCTUnwrap(dom.components(separatedBy: "data-tip=\"").dropFirst().first?.prefix { $0 != "\"" })
        XCTAssertTrue(tip.contains("iteration 47"), String(tip))
        XCTAssertTrue(tip.contains("train: 0.0208333"), String(tip))
        XCTAssertTrue(tip.contains("val: 0.5 (at 50)"), "the slower series too, at its own step: \(tip)")
    }
}
