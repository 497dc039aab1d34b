import Foundation
@testable import RunReport
import XCTest

/// runreport's histograms against a reference transcribed from clearml-server's code
/// (Tests/reference/server_histogram.py), on a dump with duplicates, gaps, negative and
/// out-of-order iterations, many variants and uneven sizes.
final class ReferenceTests: XCTestCase {
    func testHistogramsMatchTheServerReference() throws {
        // python3 is installed by `scripts/install-deps.sh --test` (`make test`): no skip.
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is missing: run scripts/install-deps.sh --test")
        let folder = TemporaryFolder()
        var generator = LinearCongruential(seed: 7)
        var lines: [String] = []
        var shapes: [(String, String, ClosedRange<Int>, Int)] = [
            ("loss", "train", 0...4999, 1), ("loss", "validation", 0...4999, 50), ("acc", "a", -300...300, 3),
            ("acc", "b", 0...99, 1), ("lr", "x", 0...123_457, 997), ("sparse", "s", 0...3, 1),
        ]
        for index in 0..<60 {
            let upper: Int = 200 + index * 37
            shapes.append(("many", "v\(index)", 0...upper, 1 + index % 4))
        }
        var time: Int64 = 1_795_357_331_768
        for (metric, variant, range, step) in shapes {
            for iteration in stride(from: range.lowerBound, through: range.upperBound, by: step) {
                time += Int64(generator.next() % 500)
                let value = Double(generator.next() % 100_000) / 997.0
                lines.append(scalarLine(metric: metric, variant: variant, iter: Int64(iteration), value: "\(value)", timestamp: time))
                if generator.next() % 50 == 0 {  // a duplicate that replaces the first
                    lines.append(scalarLine(metric: metric, variant: variant, iter: Int64(iteration), value: "\(value + 1)",
                                            timestamp: time + 1))
                }
            }
        }
        lines.swapAt(10, 3000)  // out of order
        let path = folder.write("dump.jsonl", lines.joined(separator: "\n") + "\n")
        let run = try XCTUnwrap(RunLoader().load(paths: [path]).runs.first)
        for key in ScalarKey.allCases {
            for samples in [1, 7, 100, 2000] {
                let ours = ScalarsExport(runs: [run], key: key, samples: samples).histogramJSON.serialized()
                let reference = try python(["Tests/reference/server_histogram.py", path, key.rawValue, String(samples)])
                try assertSameHistogram(ours, reference, "key \(key) samples \(samples)")
            }
        }
    }

    private func assertSameHistogram(_ a: String, _ b: String, _ label: String) throws {
        let left = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: [String: [String: Any]]])
        let right = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(b.utf8)) as? [String: [String: [String: Any]]])
        XCTAssertEqual(Set(left.keys), Set(right.keys), label)
        for (metric, variants) in right {
            XCTAssertEqual(Set(left[metric]?.keys ?? [:].keys), Set(variants.keys), label)
            for (variant, expected) in variants {
                let got = try XCTUnwrap(left[metric]?[variant], "\(label) \(metric)/\(variant)")
                XCTAssertEqual("\(got["x"]!)", "\(expected["x"]!)", "\(label) \(metric)/\(variant) x")
                let gy = (got["y"] as? [Any]) ?? [], ey = (expected["y"] as? [Any]) ?? []
                XCTAssertEqual(gy.count, ey.count, "\(label) \(metric)/\(variant) y count")
                for (g, e) in zip(gy, ey) {
                    guard let g = (g as? NSNumber)?.doubleValue, let e = (e as? NSNumber)?.doubleValue else {
                        XCTAssertTrue(g is NSNull && e is NSNull, label)
                        continue
                    }
                    XCTAssertEqual(g, e, accuracy: abs(e) * 1e-12, "\(label) \(metric)/\(variant)")
                }
            }
        }
    }

    private func python(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return String(decoding: data, as: UTF8.self)
    }
}

/// A small deterministic generator for test data.
struct LinearCongruential {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
