import Foundation
@testable import RunReport
import XCTest

/// `scalars --summary` (clearml-server's `last_metrics`, one `add_batch` per input line) and the
/// histograms of batched input against Tests/reference/server_store.py, field by field and bit for
/// bit, on generated batches and on the SDK's sessions in samples/.
final class ServerSummaryTests: XCTestCase {
    func testLastMetricsOfGeneratedBatchesEqualTheReference() throws {
        let folder = TemporaryFolder()
        let path = folder.write("batches.jsonl", Self.batches().joined(separator: "\n") + "\n")
        try assertSameSummary(path)
        try assertSameHistograms(path)
    }

    func testLastMetricsAndHistogramsOfTheSamplesEqualTheReference() throws {
        var samples = ["clearml/small", "clearml/sweep/run-1.zip", "clearml/sweep/run-2.zip", "clearml/sweep/run-3.zip", "clearml/artifacts"]
        let server = samplePath("clearml/server")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: server)) ?? []
        samples += names.filter { $0.hasSuffix(".zip") }.sorted().map { "clearml/server/" + $0 }
        for sample in samples {
            try assertSameSummary(samplePath(sample))
            try assertSameHistograms(samplePath(sample))
        }
    }

    func testSummaryCSVHasTheServersFieldsForEveryEntry() throws {
        let run = try XCTUnwrap(RunLoader().load(paths: [samplePath("clearml/server/resumed.zip")]).runs.first)
        let export = ScalarsExport(summariesOf: [run], precision: .server)
        let rows = export.summaryCSV.split(separator: "\r\n")
        XCTAssertEqual(rows.first, "task,metric,variant,count,first_value,first_value_iteration,value,min_value,min_value_iteration,"
            + "max_value,max_value_iteration,mean_value")
        XCTAssertEqual(rows.count - 1, ScalarsExport.serverSummaries(of: run).count)
        XCTAssertGreaterThan(rows.count, 1)
    }

    func testMeanIsRoundedAsMongoDBRoundsHalfToEven() {
        XCTAssertEqual(ServerSummary.roundedToHundredths(0.125), 0.12)  // exactly halfway: to even
        XCTAssertEqual(ServerSummary.roundedToHundredths(0.375), 0.38)
        XCTAssertEqual(ServerSummary.roundedToHundredths(1.005), 1.0)  // 1.00499999999999989…
        XCTAssertEqual(ServerSummary.roundedToHundredths(-0.001).sign, .minus)
        var generator = LinearCongruential(seed: 5)
        for _ in 0..<200_000 {
            let digits = Double(generator.next() % 2_000_000) - 1_000_000
            let value = [digits / 1000, digits / 800, digits * 1e-7, Double(bitPattern: generator.next() << 31 | generator.next()) ,
                         (digits + 0.5) / 100, digits / 8 * 1e6][Int(generator.next() % 6)]
            guard value.isFinite else { continue }
            XCTAssertEqual(ServerSummary.roundedToHundredths(value).bitPattern, ServerSummary.roundedToHundredthsByPrintf(value).bitPattern, "\(value)")
        }
    }

    /// Batches (JSON arrays a line) of several series: values repeated at an iteration in later
    /// batches, ties of (iter, timestamp), refused values (NaN, infinity, past float32) in some
    /// batches, one of them past the first bulk chunk of 500, events without iter or timestamp,
    /// single values, and 2,100 series (past the cap of 2,000 last_metrics entries).
    static func batches() -> [String] {
        var generator = LinearCongruential(seed: 23)
        var lines: [String] = []
        var time: Int64 = 1_795_357_331_768
        func event(_ metric: String, _ variant: String, _ iter: Int64?, _ value: String, timed: Bool = true) -> String {
            let iterPart = iter.map { "\"iter\": \($0), " } ?? ""
            let timePart = timed ? "\"timestamp\": \(time), " : ""
            return "{\(timePart)\"type\": \"training_stats_scalar\", \"task\": \"t\", \(iterPart)\"metric\": \"\(metric)\", "
                + "\"variant\": \"\(variant)\", \"value\": \(value)}"
        }
        for batch in 0..<60 {
            var events: [String] = []
            let size = batch == 30 ? 1400 : 5 + Int(generator.next() % 40)
            for position in 0..<size {
                time += Int64(generator.next() % 3)
                let metric = ["loss", "acc", "lr"][Int(generator.next() % 3)]
                let variant = ["train", "val"][Int(generator.next() % 2)]
                let iter = Int64(batch * 10 + Int(generator.next() % 15))  // overlaps the next batch's
                var value = "\(Double(generator.next() % 100_000) / 977.0 - 20)"
                if batch % 9 == 4 && position == size / 2 { value = ["NaN", "Infinity", "1e39"][batch % 3] }
                if batch == 30 && position == 123 { value = "NaN" }  // the chunk of 0-499 is sent; the rest never
                switch generator.next() % 30 {
                case 0: events.append(event(metric, variant, nil, value))
                case 1: events.append(event(metric, variant, iter, value, timed: false))
                case 2: events.append(event("Summary", "best", -2_147_483_648, value))
                default: events.append(event(metric, variant, iter, value))
                }
            }
            lines.append("[" + events.joined(separator: ", ") + "]")
        }
        for chunk in 0..<3 {  // 2,100 series over three batches: the last 100 are past the cap
            var events: [String] = []
            for series in (chunk * 700)..<((chunk + 1) * 700) {
                events.append(event("wide \(series / 25)", "v\(series % 25)", 0, "\(Double(series) / 8)"))
            }
            lines.append("[" + events.joined(separator: ", ") + "]")
        }
        return lines
    }

    private func assertSameSummary(_ path: String) throws {
        let run = try XCTUnwrap(RunLoader().load(paths: [path]).runs.first, path)
        let ours = ScalarsExport(runs: [run], key: .iter, samples: 1, precision: .server).summaryJSON.serialized()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ours.utf8)) as? [String: Any])
        let got = try XCTUnwrap(object["last_metrics"] as? [String: [String: [String: Any]]])
        let latest = try XCTUnwrap(object["latest_scalar_values"] as? NSDictionary)
        let expectedLatest = try JSONSerialization.jsonObject(with: Data(try runPython(["Tests/reference/server_store.py", "latest", path]).utf8))
        XCTAssertEqual(latest, expectedLatest as? NSDictionary, "\(path) latest_scalar_values")
        let reference = try runPython(["Tests/reference/server_store.py", "summary", path])
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(reference.utf8)) as? [String: [String: [String: Any]]])
        XCTAssertEqual(got.keys.sorted(), expected.keys.sorted(), path)
        for (metric, variants) in expected {
            XCTAssertEqual(got[metric].map { $0.keys.sorted() }, variants.keys.sorted(), "\(path) \(metric)")
            for (variant, fields) in variants {
                guard let mine = got[metric]?[variant] else { continue }
                for (name, value) in fields {
                    let a = (mine[name] as? NSNumber)?.doubleValue.bitPattern, b = (value as? NSNumber)?.doubleValue.bitPattern
                    if let a, let b {
                        XCTAssertEqual(a, b, "\(path) \(metric)/\(variant) \(name): \(mine[name]!) != \(value)")
                    } else {
                        XCTAssertEqual("\(mine[name] ?? "-")", "\(value)", "\(path) \(metric)/\(variant) \(name)")
                    }
                }
            }
        }
    }

    private func assertSameHistograms(_ path: String) throws {
        let run = try XCTUnwrap(RunLoader().load(paths: [path]).runs.first, path)
        for key in ScalarKey.allCases {
            for samples in [1, 7, 100, 2000, 6000] {
                let ours = ScalarsExport(runs: [run], key: key, samples: samples, precision: .server).histogramJSONBytes
                let reference = try runPython(["Tests/reference/server_histogram.py", path, key.rawValue, String(samples), "server"])
                let a = try JSONSerialization.jsonObject(with: Data(ours)) as? NSDictionary
                let b = try JSONSerialization.jsonObject(with: Data(reference.utf8)) as? NSDictionary
                XCTAssertEqual(a, b, "\(path) key \(key) samples \(samples)")
            }
        }
    }
}
