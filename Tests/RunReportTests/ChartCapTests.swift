import Foundation
@testable import RunReport
import XCTest

/// A run that names more metrics than a report draws: the first ones (in code-point order) are
/// charts, the page says how many are not, and the exports still hold every series.
final class ChartCapTests: XCTestCase {
    private func dump(metrics: Int, in folder: TemporaryFolder) -> String {
        let lines = (0..<metrics).map { index in
            #"{"type": "training_stats_scalar", "task": "t", "iter": 1, "metric": "m\#(index)", "variant": "v", "value": \#(index)}"#
        }
        return folder.write("many.jsonl", lines.joined(separator: "\n") + "\n")
    }

    /// A report of `metrics` one-point metrics drawn with `maxCharts`: its folder and page.
    private func report(metrics: Int, maxCharts: Int, in folder: TemporaryFolder) throws -> (out: String, html: String) {
        var options = ReportOptions()
        options.maxCharts = maxCharts
        let out = folder.path + "/report"
        try ReportWriter(options: options).write(RunLoader().load(paths: [dump(metrics: metrics, in: folder)]), to: out)
        return (out, try String(contentsOfFile: out + "/index.html", encoding: .utf8))
    }

    func testTheReportDrawsAtMostMaxChartsAndSaysHowManyItLeftOut() throws {
        let folder = TemporaryFolder()
        let (out, html) = try report(metrics: 7, maxCharts: 3, in: folder)
        let charts = try FileManager.default.contentsOfDirectory(atPath: out + "/charts").sorted()
        XCTAssertEqual(charts, ["scalar-0.svg", "scalar-1.svg", "scalar-2.svg"])
        XCTAssertTrue(html.contains("4 more metrics are not drawn: a report draws at most 3 charts"))
        // m0, m1, m2 in code-point order are drawn; m3 is not.
        XCTAssertTrue(html.contains(">m2<"))
        XCTAssertFalse(html.contains(">m3<"))
        let csv = try String(contentsOfFile: out + "/scalars.csv", encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\r\n").count, 1 + 7, "every series in the export")
    }

    func testUnderTheCapThePageSaysNothing() throws {
        let folder = TemporaryFolder()
        let (out, html) = try report(metrics: 3, maxCharts: 3, in: folder)
        XCTAssertFalse(html.contains("not drawn"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/charts").count, 3)
    }

    func testACompareDrawsAtMostMaxCharts() throws {
        let folder = TemporaryFolder()
        let input = dump(metrics: 5, in: folder)
        var options = ReportOptions()
        options.maxCharts = 2
        let out = folder.path + "/compare"
        try CompareWriter(options: options).write(RunLoader().load(paths: [input]), to: out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/charts").count, 2)
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertTrue(html.contains("3 more series are not drawn: a comparison draws at most 2 charts"))
    }
}
