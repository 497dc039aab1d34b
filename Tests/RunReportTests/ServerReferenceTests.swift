import Foundation
@testable import RunReport
import XCTest

/// `--precision server` histograms against Tests/reference/server_store.py (written from
/// clearml-server's code and Elasticsearch's float mapping and average), bit for bit: float32
/// storage, refused values that replace nothing, events without iter, the variant cap, the
/// compensated average in document order.
final class ServerReferenceTests: XCTestCase {
    func testServerHistogramsEqualTheReferenceBitForBit() throws {
        let folder = TemporaryFolder()
        let path = folder.write("dump.jsonl", Self.dump().joined(separator: "\n") + "\n")
        let run = try XCTUnwrap(RunLoader().load(paths: [path]).runs.first)
        for key in ScalarKey.allCases {
            for samples in [1, 7, 100, 2000, 6000] {
                let ours = ScalarsExport(runs: [run], key: key, samples: samples, precision: .server).histogramJSONBytes
                let reference = try runPython(["Tests/reference/server_histogram.py", path, key.rawValue, String(samples), "server"])
                try assertBitForBit(String(decoding: ours, as: UTF8.self), reference, "key \(key) samples \(samples)")
            }
        }
    }

    func testStoredValuesAreTheFloat32OfTheSentText() {
        XCTAssertEqual(StoredValue.stored(0.1), Double(Float(0.1)))
        // 1 + 2^-24 lies halfway between two floats: its text, 1.0000000596046448, is above it.
        XCTAssertEqual(StoredValue.stored(1 + 0x1p-24), 1 + 0x1p-23)
        XCTAssertEqual(StoredValue.stored(0x1.ffffffp127), Double(Float.greatestFiniteMagnitude))
        XCTAssertTrue(StoredValue.isRefused(0x1.ffffffp127.nextUp))
        XCTAssertTrue(StoredValue.isRefused(.nan))
        XCTAssertTrue(StoredValue.isRefused(-.infinity))
        XCTAssertFalse(StoredValue.isRefused(-3.4e38))
        XCTAssertEqual(VariantCap.variantsPerMetric(metrics: 200), 20)
        XCTAssertEqual(VariantCap.variantsPerMetric(metrics: 7), 571)
    }

    /// Random doubles over twenty decades, duplicates, refused values (some at iterations that
    /// already hold a value), halfway values, events without iter, and 200 metrics of 25 variants.
    static func dump() -> [String] {
        var generator = LinearCongruential(seed: 17)
        var lines: [String] = []
        var time: Int64 = 1_795_357_331_768
        let shapes: [(String, String, ClosedRange<Int>, Int)] = [
            ("loss", "train", 0...4999, 1), ("loss", "validation", 0...4999, 50), ("acc", "a", -300...300, 3),
            ("lr", "x", 0...123_457, 997), ("sparse", "s", 0...3, 1), ("wide", "w", 0...20000, 1),
        ]
        let refused = ["NaN", "Infinity", "-Infinity", "1e39", "-3.5e38", "3.41e38"]
        for (metric, variant, range, step) in shapes {
            for iteration in stride(from: range.lowerBound, through: range.upperBound, by: step) {
                time += Int64(generator.next() % 500)
                let scale = pow(10.0, Double(Int(generator.next() % 21) - 10))
                var value = "\(Double(generator.next() % 1_000_000_007) / 997.0 * scale)"
                if generator.next() % 97 == 0 { value = "1.0000000596046448" }
                if generator.next() % 89 == 0 { value = "3.4028235677973366e+38" }
                lines.append(scalarLine(metric: metric, variant: variant, iter: Int64(iteration), value: value, timestamp: time))
                switch generator.next() % 40 {
                case 0:  // a duplicate that replaces the first
                    lines.append(scalarLine(metric: metric, variant: variant, iter: Int64(iteration), value: "\(Double(iteration) * 0.3)",
                                            timestamp: time + 1))
                case 1:  // a refused value at the same iteration: replaces nothing on the server
                    lines.append(scalarLine(metric: metric, variant: variant, iter: Int64(iteration),
                                            value: refused[Int(generator.next() % UInt64(refused.count))], timestamp: time + 2))
                case 2:  // no iter: in no histogram
                    lines.append("{\"timestamp\": \(time), \"type\": \"training_stats_scalar\", \"task\": \"t\", \"metric\": \"\(metric)\", "
                                 + "\"variant\": \"\(variant)\", \"value\": 99.5}")
                default: break
                }
            }
        }
        lines.swapAt(10, 3000)  // out of order: the bucket's sum goes in document order
        for metric in 0..<200 {
            for variant in 0..<25 {
                for iteration in 0..<3 {
                    time += 1
                    lines.append(scalarLine(metric: "m\(metric)", variant: "v\(variant)", iter: Int64(iteration),
                                            value: "\(Double(generator.next() % 10000) / 7.0)", timestamp: time))
                }
            }
        }
        return lines
    }

    private func assertBitForBit(_ a: String, _ b: String, _ label: String) throws {
        let left = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: [String: [String: Any]]])
        let right = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(b.utf8)) as? [String: [String: [String: Any]]])
        XCTAssertEqual(left.keys.sorted(), right.keys.sorted(), label)
        var compared = 0
        for (metric, variants) in right {
            XCTAssertEqual(left[metric].map { $0.keys.sorted() }, variants.keys.sorted(), "\(label) \(metric)")
            for (variant, expected) in variants {
                guard let got = left[metric]?[variant] else { continue }
                XCTAssertEqual("\(got["x"] ?? "")", "\(expected["x"] ?? "")", "\(label) \(metric)/\(variant) x")
                let gy = (got["y"] as? [NSNumber]) ?? [], ey = (expected["y"] as? [NSNumber]) ?? []
                XCTAssertEqual(gy.count, ey.count, "\(label) \(metric)/\(variant) y count")
                for (g, e) in zip(gy, ey) where g.doubleValue.bitPattern != e.doubleValue.bitPattern {
                    XCTFail("\(label) \(metric)/\(variant): \(g.doubleValue) != \(e.doubleValue)")
                    return
                }
                compared += gy.count
            }
        }
        XCTAssertGreaterThan(compared, 0, label)
    }
}

/// Runs python3 with `arguments` from the repository's root; its stdout.
func runPython(_ arguments: [String], interpreter: String = "python3") throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [interpreter] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "python3 \(arguments.joined(separator: " "))")
    return String(decoding: data, as: UTF8.self)
}
