import Foundation
@testable import RunReport
import XCTest

/// The histogram export written straight to bytes is the tree's serialization, byte for byte.
final class HistogramJSONTests: XCTestCase {
    private func assertSameBytes(_ paths: [String], file: StaticString = #filePath, line: UInt = #line) {
        let runs = RunLoader().load(paths: paths).runs
        XCTAssertFalse(runs.isEmpty, file: file, line: line)
        for key in [ScalarKey.iter, .timestamp, .isoTime] {
            for samples in [0, 7, ScalarHistogram.defaultSamples] {
                let export = ScalarsExport(runs: runs, key: key, samples: samples)
                let tree = Array((export.histogramJSON.serialized() + "\n").utf8)
                XCTAssertEqual(export.histogramJSONBytes, tree, "\(paths) \(key) \(samples)", file: file, line: line)
            }
        }
    }

    func testOneRunAsTheTreeWritesIt() {
        assertSameBytes([samplePath("clearml/small")])
        assertSameBytes([samplePath("comet/small.zip")])
    }

    func testSeveralRunsAsTheTreeWritesThem() {
        assertSameBytes([samplePath("clearml/sweep"), samplePath("clearml/small")])
    }

    func testHostileNamesAndAxisLabelsAsTheTreeWritesThem() {
        let folder = TemporaryFolder()
        var lines: [String] = []
        for (index, name) in ["\"</script>", "a\\b", "\u{0}\u{1f}", "é", "e\u{301}", "", "😀/x", "\u{2028}"].enumerated() {
            let event: [String: Any] = ["type": "training_stats_scalar", "task": index % 2 == 0 ? "t1" : "t2", "iter": index,
                                        "metric": name, "variant": name + "v", "value": Double(index) / 3,
                                        "x_axis_label": name, "timestamp": 1_700_000_000_000 + index]
            lines.append(String(decoding: try! JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]), as: UTF8.self))
        }
        assertSameBytes([folder.write("hostile.jsonl", lines.joined(separator: "\n") + "\n")])
    }
}
