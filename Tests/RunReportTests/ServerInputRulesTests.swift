@testable import RunReport
import XCTest

/// What clearml-server's `add_events` makes of an event's fields, as runreport reads them:
/// `int(iter)` (a fraction truncated toward zero, a string of digits read), `ts` renamed
/// `timestamp` (over any `timestamp`), missing metric and variant "".
final class ServerInputRulesTests: XCTestCase {
    func testIterIsPythonsIntOfIt() throws {
        let iterations = [("1.9", Int64(1)), ("-1.5", -1), ("\"12\"", 12), ("\" 1_000 \"", 1000), ("\"-7\"", -7), ("3.0", 3), ("2e3", 2000), ("true", 1), ("false", 0)]
        let lines = iterations.enumerated().map { index, pair in
            "{\"type\": \"training_stats_scalar\", \"task\": \"t\", \"iter\": \(pair.0), \"metric\": \"m\", \"variant\": \"v\(index)\", \"value\": 1}"
        }
        let refused = ["\"1.5\"", "\"1__0\"", "\"_1\"", "\"\""].map {
            "{\"type\": \"training_stats_scalar\", \"task\": \"t\", \"iter\": \($0), \"metric\": \"m\", \"variant\": \"x\", \"value\": 1}"
        }
        let folder = TemporaryFolder()
        let path = folder.write("iter.jsonl", (lines + refused).joined(separator: "\n") + "\n")
        let result = RunLoader().load(paths: [path])
        let run = try XCTUnwrap(result.runs.first)
        for (index, pair) in iterations.enumerated() {
            XCTAssertEqual(run.series[SeriesKey(metric: "m", variant: "v\(index)")]?.points.map(\.iteration), [pair.1], pair.0)
        }
        XCTAssertNil(run.series[SeriesKey(metric: "m", variant: "x")])
        XCTAssertEqual(result.problems.count, refused.count, result.problems.map(\.description).joined(separator: "\n"))
    }

    func testTsIsTheTimestamp() throws {
        let lines = [
            #"{"type": "training_stats_scalar", "task": "t", "iter": 0, "ts": 1000, "metric": "a", "variant": "v", "value": 1}"#,
            #"{"type": "training_stats_scalar", "task": "t", "iter": 0, "timestamp": 5, "ts": 2000, "metric": "b", "variant": "v", "value": 1}"#,
            #"{"type": "training_stats_scalar", "task": "t", "iter": 0, "ts": 3000, "timestamp": 5, "metric": "c", "variant": "v", "value": 1}"#,
            #"{"type": "training_stats_scalar", "task": "t", "iter": 0, "value": 1}"#,
        ]
        let folder = TemporaryFolder()
        let path = folder.write("ts.jsonl", lines.joined(separator: "\n") + "\n")
        let run = try XCTUnwrap(RunLoader().load(paths: [path]).runs.first)
        XCTAssertEqual(run.series[SeriesKey(metric: "a", variant: "v")]?.points.first?.timestamp, 1000)
        XCTAssertEqual(run.series[SeriesKey(metric: "b", variant: "v")]?.points.first?.timestamp, 2000)
        XCTAssertEqual(run.series[SeriesKey(metric: "c", variant: "v")]?.points.first?.timestamp, 3000)
        XCTAssertNotNil(run.series[SeriesKey(metric: "", variant: "")], "missing metric and variant are \"\"")
    }
}
