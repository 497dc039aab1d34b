import Foundation
@testable import RunReport
import XCTest

/// Issue 19's compare items: a `--metrics` that matches nothing is an error, "best" is bold only
/// where there is one for a metric to optimise, hyperparameters meet across trackers by name.
final class CompareChoiceTests: XCTestCase {
    private func run(_ id: String, section: String = "General", parameters: [(String, String)] = [], values: [Double]) -> Run {
        var run = Run(id: id)
        var meta = TaskMetadata()
        meta.name = id
        meta.parameters = parameters.map { .init(section: section, name: $0.0, value: $0.1, type: nil, description: nil) }
        run.metadata = meta
        run.series[SeriesKey(metric: "m", variant: "v")] =
            ScalarSeries(values.enumerated().map { ScalarPoint(iteration: Int64($0.offset), timestamp: nil, value: $0.element) })
        return run
    }

    private func rows(_ runs: [Run], metric: String) -> [ComparePage.Row] {
        let summaries = runs.enumerated().map { ($0.offset, SeriesSummary($0.element.series.values.first!)) }
        return CompareBuilder.rows(summaries, runs: runs, metric: metric)
    }

    func testNoBestForALearningRateOrForColumnsWhereEveryRunIsEqual() {
        let runs = [run("a", values: [0.1, 0.01]), run("b", values: [0.2, 0.01])]
        for metric in ["lr", "learning_rate", "epoch", "sys.cpu.percent.avg"] {
            let marked = rows(runs, metric: metric).flatMap { [$0.lastBest, $0.minBest, $0.maxBest] }
            XCTAssertFalse(marked.contains(true), "\(metric) is not a metric to optimise")
        }
        // loss: last and min are 0.01 for both (no best), max differs (0.1 is the better).
        let loss = rows(runs, metric: "loss")
        XCTAssertEqual(loss.map(\.lastBest), [false, false], "every run equal: nothing to bold")
        XCTAssertEqual(loss.map(\.minBest), [false, false])
        XCTAssertEqual(loss.map(\.maxBest), [true, false])
        let accuracy = rows(runs, metric: "val/accuracy")
        XCTAssertEqual(accuracy.map(\.maxBest), [false, true])
    }

    func testHyperparametersMeetAcrossTrackersByName() {
        let comet = run("comet", section: "General", parameters: [("lr", "0.1"), ("batch_size", "32")], values: [1])
        let clearml = run("clearml", section: "Args", parameters: [("lr", "0.01"), ("batch_size", "32"), ("seed", "1")], values: [1])
        let (lines, differing) = CompareBuilder.parameterLines([comet, clearml])
        let byName = Dictionary(uniqueKeysWithValues: lines.map { ($0.name, $0.cells.map(\.text)) })
        XCTAssertEqual(byName["lr (Args · General)"], ["0.1", "0.01"], "one row, the sections shown: \(lines.map(\.name))")
        XCTAssertEqual(byName["batch_size (Args · General)"], ["32", "32"])
        XCTAssertEqual(byName["Args/seed"], ["—", "1"])
        XCTAssertEqual(differing, 2, "lr and seed differ; batch_size does not")
        XCTAssertEqual(lines.count, 3)
    }

    func testANameInTwoSectionsOfOneRunKeepsARowASection() {
        var both = run("a", section: "Args", parameters: [("lr", "0.1")], values: [1])
        both.metadata?.parameters.append(.init(section: "General", name: "lr", value: "0.2", type: nil, description: nil))
        let (lines, _) = CompareBuilder.parameterLines([both, run("b", section: "Args", parameters: [("lr", "0.1")], values: [1])])
        XCTAssertEqual(lines.map(\.name).sorted(), ["Args/lr", "General/lr"])
    }

    func testMetricsThatMatchNothingIsAnErrorAndWritesNothing() throws {
        let folder = TemporaryFolder()
        let out = folder.path + "/compare"
        let outcome = try runCLI(["compare", samplePath("clearml/sweep"), "--metrics", "nomatch*", "-o", out, "--quiet"])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("--metrics 'nomatch*' matches no metric of the runs; they have: 'accuracy'"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written")
        let good = try runCLI(["compare", samplePath("clearml/sweep"), "--metrics", "loss*", "-o", out, "--quiet"])
        XCTAssertEqual(good.status, 0, good.stderr)
    }

    func testOneRunIsOneRun() throws {
        let folder = TemporaryFolder()
        let outcome = try runCLI(["compare", samplePath("clearml/small"), "-o", folder.path + "/c", "--quiet"])
        XCTAssertTrue(outcome.stderr.contains("(1 run)"), outcome.stderr)
        let html = try String(contentsOfFile: folder.path + "/c/index.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<title>1 run compared</title>"), "not \"1 runs\"")
    }
}
