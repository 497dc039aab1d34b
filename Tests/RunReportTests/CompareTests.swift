import Foundation
@testable import RunReport
import XCTest

/// `compare`: runs side by side.
final class CompareTests: XCTestCase {
    private func run(_ id: String, parameters: [(String, String)], loss: [Double]) -> Run {
        var run = Run(id: id)
        var meta = TaskMetadata()
        meta.name = id
        meta.parameters = parameters.map { .init(section: "General", name: $0.0, value: $0.1, type: nil, description: nil) }
        run.metadata = meta
        run.series[SeriesKey(metric: "loss", variant: "train")] =
            ScalarSeries(loss.enumerated().map { ScalarPoint(iteration: Int64($0.offset), timestamp: nil, value: $0.element) })
        return run
    }

    func testDifferingParametersComeFirstAndAnAbsentOneDiffers() {
        let runs = [run("a", parameters: [("lr", "0.1"), ("seed", "1"), ("batch", "32")], loss: [1]),
                    run("b", parameters: [("lr", "0.01"), ("seed", "1")], loss: [1])]
        let (lines, differing) = CompareBuilder.parameterLines(runs)
        XCTAssertEqual(differing, 2)
        XCTAssertEqual(lines.map(\.name), ["General/batch", "General/lr", "General/seed"])
        XCTAssertEqual(lines[0].cells.map(\.text), ["32", "—"])
        XCTAssertEqual(lines.map(\.differs), [true, true, false])
    }

    func testTheBestOfEachColumnIsMarkedByTheMetricsDirection() {
        let runs = [run("a", parameters: [], loss: [3, 1, 2]), run("b", parameters: [], loss: [4, 0.5, 5])]
        let summaries = runs.enumerated().map { ($0.offset, SeriesSummary($0.element.series.values.first!)) }
        let rows = CompareBuilder.rows(summaries, runs: runs, metric: "loss")
        // a: last 2, min 1, max 3; b: last 5, min 0.5, max 5. Lower is better for a loss.
        XCTAssertEqual(rows.map(\.lastBest), [true, false])
        XCTAssertEqual(rows.map(\.minBest), [false, true])
        XCTAssertEqual(rows.map(\.maxBest), [true, false])
        let accuracy = CompareBuilder.rows(summaries, runs: runs, metric: "accuracy")
        XCTAssertEqual(accuracy.map(\.lastBest), [false, true], "higher is better for the rest")
        XCTAssertEqual(MetricGoal(metric: "val/Error_rate"), .lower)
        XCTAssertEqual(MetricGoal(metric: "f1"), .higher)
    }

    func testFiftySixRunsHaveFiftySixStrokes() {
        XCTAssertEqual(Set((0..<56).map(Palette.runStroke)).count, 56)
        XCTAssertEqual(Palette.runStroke(0), Stroke(color: "#0072B2"))
    }

    func testTheSweepAndACometRunOnOnePage() throws {
        let folder = TemporaryFolder()
        let out = folder.path + "/compare"
        let result = RunLoader().load(paths: [samplePath("clearml/sweep"), samplePath("comet/small.zip")])
        try CompareWriter(metricPattern: "l*").write(result, to: out)
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let page = try XMLStructure(html, html: true)
        XCTAssertEqual(page.elements.filter { $0 == "figure" }.count, 5, "loss/train, loss/validation, loss/validate, lr, learning rate; not accuracy")
        XCTAssertTrue(html.contains("<h3>loss / train</h3>"))
        XCTAssertFalse(html.contains("<h3>accuracy"))
        // loss / train: the three sweep runs and the Comet run, each its own stroke.
        let train = try XCTUnwrap(html.components(separatedBy: "<h3>loss / train</h3>").dropFirst().first?.components(separatedBy: "</svg>").first)
        XCTAssertEqual(train.components(separatedBy: "class=\"series\"").count - 1, 4)
        XCTAssertTrue(train.contains("stroke=\"#CC79A7\""), "the fourth run's colour")
        XCTAssertEqual(page.rows.first { $0.first == "General/lr" }, ["General/lr", "0.1", "0.03", "0.01", "0.001"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/scalars.json"))) as? [String: Any])
        let metrics = try XCTUnwrap(json["metrics"] as? [String: [String: [String: Any]]])
        XCTAssertEqual(metrics["loss"]?["train"]?.count, 4, "multi_task_scalar_metrics_iter_histogram: metric → variant → task")
    }
}
