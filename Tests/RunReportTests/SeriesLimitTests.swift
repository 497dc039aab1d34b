import Foundation
@testable import RunReport
import XCTest

/// The series-count wall (`--max-series`): an input whose distinct scalar series, with those of
/// the inputs before it, pass the limit is refused whole, however its reading was split.
final class SeriesLimitTests: XCTestCase {
    /// `metrics` distinct series, each with a point at every one of `rounds` iterations, in
    /// iteration order: every part of a split file holds every series.
    private func dump(task: String = "t1", metrics: Int, rounds: Int = 1) -> String {
        (0..<rounds).flatMap { round in
            (0..<metrics).map { scalarLine(task: task, metric: "m\($0)", variant: "v", iter: Int64(round), value: "\($0).5") }
        }.joined(separator: "\n") + "\n"
    }

    /// `metrics` distinct series, one point each, spread over a file of about 4 MB (filler
    /// points of one more series between them): each part of a split file holds a share.
    private func spread(task: String, metrics: Int) -> String {
        var lines: [String] = []
        for index in 0..<metrics {
            lines.append(scalarLine(task: task, metric: "m\(index)", variant: "v", iter: 1, value: "1"))
            for step in 0..<(30_000 / metrics) {
                lines.append(scalarLine(task: task, metric: "filler", variant: "v", iter: Int64(index * 1000 + step), value: "0"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every way one file can be read: one worker or split into many small parts, mapped or read.
    private var readings: [LoadOptions] {
        [(1, false, 4 << 20), (2, false, 4096), (4, true, 4096), (4, false, 1 << 20)].map { workers, mapped, chunk in
            var options = LoadOptions()
            options.workers = workers
            options.mapFiles = mapped
            options.chunkSize = chunk
            options.parallelThreshold = 1
            return options
        }
    }

    func testAnInputOverTheLimitIsRefusedWholeHoweverItIsSplit() throws {
        let folder = TemporaryFolder()
        let wide = folder.write("wide.jsonl", spread(task: "wide", metrics: 300))
        let small = folder.write("small.jsonl", dump(task: "small", metrics: 5))
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: wide)[.size] as? Int)
        XCTAssertGreaterThan(size, 4 * EventStreamReader.minimumPart, "split into parts of a share of the series each")
        for var options in readings {
            options.maxSeries = 200
            let result = RunLoader(options: options).load(paths: [wide, small])
            XCTAssertEqual(result.runs.map(\.id), ["small"], "workers \(options.workers)")
            XCTAssertEqual(result.runs.first?.series.count, 5)
            XCTAssertEqual(result.problems.map(\.description),
                           [wide + ": more than 200 scalar series (--max-series); the input is not read"])
            XCTAssertEqual(result.inputs.map(\.isRefused), [true, false])
            options.maxSeries = 20
            let early = RunLoader(options: options).load(paths: [wide])
            XCTAssertEqual(early.runs.count, 0)
            XCTAssertLessThan(early.inputs.first?.bytes ?? .max, size / 2, "reading stops soon after the limit (workers \(options.workers))")
            options.maxSeries = 301
            let exact = RunLoader(options: options).load(paths: [wide])
            XCTAssertEqual(exact.runs.first?.series.count, 301, "at the limit it is read (workers \(options.workers))")
            XCTAssertEqual(exact.problems, [])
        }
    }

    /// A series in every part counts once: summing the parts' counts would refuse this file.
    func testSeriesThatSpanPartsCountOnce() throws {
        let folder = TemporaryFolder()
        let path = folder.write("long.jsonl", dump(metrics: 40, rounds: 1000))
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0, 4 * EventStreamReader.minimumPart)
        for var options in readings {
            options.maxSeries = 40
            let result = RunLoader(options: options).load(paths: [path])
            XCTAssertEqual(result.problems, [], "workers \(options.workers), chunk \(options.chunkSize)")
            XCTAssertEqual(result.runs.first?.series.count, 40)
            XCTAssertEqual(result.runs.first?.series.values.map(\.count), Array(repeating: 1000, count: 40))
            options.maxSeries = 39
            XCTAssertEqual(RunLoader(options: options).load(paths: [path]).runs.count, 0)
        }
    }

    func testTheInputsCountTogetherInTheOrderNamed() throws {
        let folder = TemporaryFolder()
        let first = folder.write("a.jsonl", dump(task: "a", metrics: 100))
        let second = folder.write("b.jsonl", dump(task: "b", metrics: 100))
        let third = folder.write("c.jsonl", dump(task: "c", metrics: 50))
        var options = LoadOptions()
        options.maxSeries = 150
        let result = RunLoader(options: options).load(paths: [first, second, third])
        XCTAssertEqual(result.runs.map(\.id), ["a", "c"], "the third still fits beside the first")
        XCTAssertEqual(result.problems.map(\.description),
                       [second + ": more than 150 scalar series with the 100 of the inputs before it (--max-series); the input is not read"])
    }

    func testGzipSessionAndCometInputsAreRefusedToo() throws {
        let folder = TemporaryFolder()
        let gz = folder.write("d.jsonl.gz", gzip(Array(dump(metrics: 30).utf8)))
        let session = folder.write("s.zip", testZip([
            TestZipEntry(name: "task.json", bytes: Array(#"{"id": "t1", "name": "s"}"#.utf8)),
            TestZipEntry(name: "metrics.jsonl", bytes: Array(dump(metrics: 30).utf8), deflate: true),
        ]))
        folder.write("comet/experiment.json", #"{"offline_id": "c1"}"#)
        folder.write("comet/messages.json", (0..<30).map {
            #"{"payload":{"metric":{"metricName":"m\#($0)","metricValue":1,"step":1}},"type":"metric_msg"}"#
        }.joined(separator: "\n"))
        for path in [gz, session, folder.path + "/comet"] {
            var options = LoadOptions()
            options.maxSeries = 20
            let refused = RunLoader(options: options).load(paths: [path])
            XCTAssertEqual(refused.runs.count, 0, path)
            XCTAssertEqual(refused.problems.map(\.description), [path + ": more than 20 scalar series (--max-series); the input is not read"])
            options.maxSeries = 30
            let read = RunLoader(options: options).load(paths: [path])
            XCTAssertEqual(read.runs.first?.series.count, 30, path)
            XCTAssertEqual(read.problems, [], path)
        }
    }

    func testTheCommandsTakeTheLimit() throws {
        let folder = TemporaryFolder()
        let wide = folder.write("wide.jsonl", dump(task: "wide", metrics: 30))
        let small = folder.write("small.jsonl", dump(task: "small", metrics: 2))
        let out = folder.path + "/out.json"
        let skipped = try runCLI(["scalars", wide, small, "--max-series", "20", "--quiet", "-o", out])
        XCTAssertEqual(skipped.status, 3, skipped.stderr)
        XCTAssertTrue(skipped.stderr.contains("wide.jsonl: more than 20 scalar series (--max-series); the input is not read"), skipped.stderr)
        let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        XCTAssertEqual(Set(written.keys), ["m0", "m1"], "the other input's series only")
        let nothing = try runCLI(["render", wide, "--max-series", "20", "--quiet", "-o", folder.path + "/r"])
        XCTAssertEqual(nothing.status, 1, nothing.stderr)
        XCTAssertEqual(try runCLI(["validate", wide, "--max-series", "0"]).status, 64)
    }

    /// A refused input is not recorded as done: the next archive, with a higher limit, reads it.
    func testTheArchiveReadsARefusedInputAgain() throws {
        let folder = TemporaryFolder()
        let wide = folder.write("in/wide.jsonl", dump(task: "wide", metrics: 30))
        let site = folder.path + "/site"
        var options = ArchiveOptions()
        options.maxSeries = 20
        let first = try ArchiveBuilder(options: options).build(paths: [wide], into: site)
        XCTAssertEqual(first.rendered, [])
        XCTAssertEqual(first.failed, [], "a refusal is not a failed write")
        XCTAssertEqual(first.problems.count, 1)
        options.maxSeries = 30
        let second = try ArchiveBuilder(options: options).build(paths: [wide], into: site)
        XCTAssertEqual(second.rendered, ["wide"])
        XCTAssertEqual(second.problems, [])
    }

    /// The series' storage is shared between copies until one is written to.
    func testASeriesIsAValue() {
        var original = ScalarSeries([ScalarPoint(iteration: 1, timestamp: 10, value: 1)])
        var copy = original
        copy.append(iteration: 2, timestamp: 20, value: 2)
        copy.xAxisLabel = "epoch"
        XCTAssertEqual(original.points.map(\.iteration), [1])
        XCTAssertNil(original.xAxisLabel)
        XCTAssertEqual(copy.points.map(\.iteration), [1, 2])
        var joined = ScalarSeries()
        joined.append(contentsOf: original)
        joined.append(iteration: 3, timestamp: 30, value: 3)
        original.append(iteration: 5, timestamp: 50, value: 5)
        XCTAssertEqual(joined.points.map(\.iteration), [1, 3])
        XCTAssertEqual(original.points.map(\.iteration), [1, 5])
        XCTAssertEqual(joined.order.last?.iteration, 3)
        XCTAssertEqual(original.order.last?.iteration, 5)
    }
}
