import Foundation
@testable import RunReport
import XCTest

/// Rule 3 of issue 16, "arithmetic on input never traps": timestamps at both ends of Int64,
/// iterations 0 and Int64.max in one series, ±1e308, subnormals with a log axis, one point, zero
/// width and fractional milliseconds, through the entry points the CLI uses (render with every x
/// key and log y, scalars with --samples 1 and summaries, email, archive) and through the binary.
/// Each must finish, write what parses back, and say something sensible.
final class ExtremeNumberTests: XCTestCase {
    private func load(_ lines: [String], in folder: TemporaryFolder) -> (path: String, result: LoadResult) {
        let path = ExtremeDumps.write(lines, "dump-\(UUID().uuidString.prefix(8)).jsonl", in: folder)
        return (path, RunLoader().load(paths: [path]))
    }

    /// Renders `lines` with every x key, linear and log y, and checks every page and chart.
    private func renderEveryWay(_ lines: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
        let folder = TemporaryFolder()
        let (_, result) = load(lines, in: folder)
        var pages: [String: String] = [:]
        for key in ScalarKey.allCases {
            for logY in [false, true] {
                var options = ReportOptions()
                options.key = key
                options.logY = logY
                options.smoothing = 0.6
                let out = folder.path + "/report-\(key.rawValue)-\(logY)"
                try ReportWriter(options: options).write(result, to: out)
                let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
                _ = try XMLStructure(html, html: true)
                let charts = try FileManager.default.contentsOfDirectory(atPath: out + "/charts").filter { $0.hasPrefix("scalar-") }
                XCTAssertFalse(charts.isEmpty, file: file, line: line)
                for chart in charts {
                    let svg = try String(contentsOfFile: out + "/charts/" + chart, encoding: .utf8)
                    try ChartGeometry(svg).assertSensible("\(key) logY \(logY) \(chart)", file: file, line: line)
                }
                _ = try JSONParser.parse(Array(FileManager.default.contents(atPath: out + "/scalars.json") ?? Data()))
                pages["\(key.rawValue) \(logY)"] = html
            }
        }
        return pages
    }

    func testTimestampsAtBothEndsOfInt64RenderWithEveryKey() throws {
        let pages = try renderEveryWay(ExtremeDumps.int64Ends)
        let page = try XCTUnwrap(pages["iter false"])
        XCTAssertTrue(page.contains("duration <b>106751991167 d 07 h</b>"), "the span saturates at Int64.max ms")
        XCTAssertTrue(page.contains("-292275055-05-16T16:47:04.192Z → +292278994-08-17T07:12:55.807Z"))
        XCTAssertTrue(page.contains("-292275055-05-16 16:47:04,193"), "the first log line's time")
        // The time axis spans millennia: its labels are dates with their years.
        let folder = TemporaryFolder()
        let (_, result) = load(ExtremeDumps.int64Ends, in: folder)
        var options = ReportOptions()
        options.key = .timestamp
        try ReportWriter(options: options).write(result, to: folder.path + "/r")
        let svg = try String(contentsOfFile: folder.path + "/r/charts/scalar-0.svg", encoding: .utf8)
        let labels = try ChartGeometry(svg).xTicks.map(\.label)
        XCTAssertTrue(labels.contains("1970-01-01"), "\(labels)")
        XCTAssertTrue(labels.contains { $0.hasPrefix("+") } && labels.contains { $0.hasPrefix("-") }, "\(labels)")
    }

    func testEveryBucketAtTheEndsOfInt64IsKept() throws {
        let folder = TemporaryFolder()
        let (_, result) = load(ExtremeDumps.int64Ends, in: folder)
        let run = try XCTUnwrap(result.runs.first)
        let key = SeriesKey(metric: "m", variant: "v")
        // Every point its own bucket: the one at Int64.min was taken for "no bucket" and dropped.
        let every = try XCTUnwrap(ScalarHistogram(run: run, key: .timestamp, samples: 2000).series[key])
        XCTAssertEqual(every.x, [.min, 1_700_000_000_000, 1_700_000_001_000, .max])
        XCTAssertEqual(every.y, [1, 2, 4, 8])
        // One sample: the interval (2^64 / 1) is held at Int64.max; buckets -2, 0 and 1 of it, the
        // lowest key saturated at Int64.min.
        let one = try XCTUnwrap(ScalarHistogram(run: run, key: .timestamp, samples: 1).series[key])
        XCTAssertEqual(one.interval, .max)
        XCTAssertEqual(one.x, [.min, 0, .max])
        XCTAssertEqual(one.y, [1, 3, 8])
        let iso = String(decoding: ScalarsExport(runs: [run], key: .isoTime, samples: 1).histogramJSONBytes, as: UTF8.self)
        XCTAssertTrue(iso.contains(#""x":["-292275055-05-16T16:47:04.192Z","1970-01-01T00:00:00.000Z","+292278994-08-17T07:12:55.807Z"]"#), iso)
    }

    func testIterationsZeroAndInt64MaxWithOneSample() throws {
        let folder = TemporaryFolder()
        let (_, result) = load(ExtremeDumps.iterationEnds, in: folder)
        let run = try XCTUnwrap(result.runs.first)
        let key = SeriesKey(metric: "m", variant: "v")
        let points = try XCTUnwrap(run.series[key]).points
        for samples in [1, 2, 10, 1000] {
            let series = try XCTUnwrap(ScalarHistogram(run: run, key: .iter, samples: samples).series[key])
            // The buckets computed here by a table, from the interval the histogram chose.
            let interval = series.interval
            XCTAssertGreaterThanOrEqual(interval, 1)
            var sums: [Int64: (Double, Int)] = [:]
            for point in points {
                let bucket = point.iteration / interval * interval  // all ≥ 0: no floor, no overflow
                sums[bucket, default: (0, 0)].0 += point.value
                sums[bucket, default: (0, 0)].1 += 1
            }
            XCTAssertEqual(series.x, sums.keys.sorted(), "samples \(samples)")
            XCTAssertEqual(series.y, sums.keys.sorted().map { sums[$0]!.0 / Double(sums[$0]!.1) }, "samples \(samples)")
        }
        let one = try XCTUnwrap(ScalarHistogram(run: run, key: .iter, samples: 1).series[key])
        XCTAssertEqual(one.interval, .max)
        XCTAssertEqual(one.x, [0, .max])
        XCTAssertEqual(one.y, [499.5, 5000])
        let json = try JSONParser.parse(ScalarsExport(runs: [run], key: .iter, samples: 1).histogramJSONBytes)
        XCTAssertEqual(json["m"]?["v"]?["x"]?.arrayValue?.count, 2)
        let summary = try XCTUnwrap(ScalarHistogram(run: run, key: .iter).summary(of: key, in: run))
        XCTAssertEqual(summary.count, 1001)
        XCTAssertEqual(summary.lastIteration, .max)
        XCTAssertEqual(summary.maxValue, 5000)
        XCTAssertEqual(summary.meanValue, (499_500.0 + 5000) / 1001)
        _ = try renderEveryWay(ExtremeDumps.iterationEnds)
    }

    func testHugeValuesAverageWithoutOverflowAndSubnormalsDrawOnALogAxis() throws {
        let folder = TemporaryFolder()
        let (_, result) = load(ExtremeDumps.hugeAndTiny, in: folder)
        let run = try XCTUnwrap(result.runs.first)
        let huge = SeriesKey(metric: "m", variant: "v"), tiny = SeriesKey(metric: "tiny", variant: "v")
        // (1e308 + 1e308 - 1e308 + 1e308) / 4: the plain sum is +∞ on the second value.
        let summary = SeriesSummary(try XCTUnwrap(run.series[huge]))
        XCTAssertEqual(summary.meanValue, 5e307, accuracy: 1e294)
        XCTAssertEqual(summary.last100Value, 5e307, accuracy: 1e294)
        let bucket = try XCTUnwrap(ScalarHistogram(run: run, key: .iter, samples: 1).series[huge])
        XCTAssertEqual(bucket.y.count, 1)
        XCTAssertEqual(bucket.y[0], 5e307, accuracy: 1e294)
        XCTAssertEqual(bucket.low, [-1e308])
        XCTAssertEqual(bucket.high, [1e308])
        let smoothed = Smoothing.debiasedEMA([1e308, 1.7e308, -1.7e308, 1.7e308], weight: 0.9)
        XCTAssertTrue(smoothed.allSatisfy(\.isFinite), "\(smoothed)")
        XCTAssertEqual(SeriesSummary(try XCTUnwrap(run.series[tiny])).minValue, Double.leastNonzeroMagnitude, "5e-324, the smallest subnormal")
        // Every way of drawing them finishes (log y looped forever on the subnormal) and is sane.
        let started = Date()
        let pages = try renderEveryWay(ExtremeDumps.hugeAndTiny)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
        XCTAssertEqual(pages.count, 6)
    }

    func testOnePointZeroWidthAndFractionalMilliseconds() throws {
        _ = try renderEveryWay(ExtremeDumps.degenerate)
        let folder = TemporaryFolder()
        let (_, result) = load(ExtremeDumps.fractional, in: folder)
        XCTAssertEqual(result.problems.map(\.description), [], "fractional milliseconds are times, not problems")
        let run = try XCTUnwrap(result.runs.first)
        XCTAssertEqual(run.series[SeriesKey(metric: "m", variant: "v")]?.points.map(\.timestamp), [1_700_000_000_000, 1_700_000_000_999])
        XCTAssertEqual(run.timestamps, 1_700_000_000_000...1_700_000_000_999)
        _ = try renderEveryWay(ExtremeDumps.fractional)
    }

    func testEmailOfEventsAtTheEndsOfInt64() throws {
        let folder = TemporaryFolder()
        let (_, result) = load(ExtremeDumps.int64Ends, in: folder)
        let path = folder.path + "/run.eml"
        try EmailWriter().write(result, to: path)
        let message = try String(contentsOfFile: path, encoding: .utf8)
        // RFC 5322 has no year past 9999 (nor before 1900): the Date is held at its end.
        XCTAssertTrue(message.contains("\r\nDate: Fri, 31 Dec 9999 23:59:59 +0000\r\n"))
        XCTAssertTrue(message.contains("Content-Type: image/png"), "the chart was drawn")
        XCTAssertEqual(MIMEEncoding.date(milliseconds: .min), "Mon, 1 Jan 1900 00:00:00 +0000")
    }

    /// One such run among ordinary ones no longer stops the archive: every run is rendered.
    func testArchiveWithOneRunAtTheEndsOfInt64() throws {
        let folder = TemporaryFolder()
        let extreme = ExtremeDumps.write(ExtremeDumps.int64Ends, "extreme.jsonl", in: folder)
        let ordinary = ExtremeDumps.write(ExtremeDumps.degenerate.map { $0.replacingOccurrences(of: "\"t\"", with: "\"u\"") },
                                          "ordinary.jsonl", in: folder)
        let site = folder.path + "/site"
        _ = try ArchiveBuilder().build(paths: [extreme, ordinary, samplePath("clearml/small")], into: site)
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        _ = try XMLStructure(index, html: true)
        XCTAssertTrue(index.contains("106751991167 d 07 h"))
        XCTAssertTrue(index.contains("-292275055-05-16 16:47:04"), "the start, its long year whole")
        let card = try XCTUnwrap(RunCard.read(site + "/runs/t/run.json"))
        XCTAssertEqual(card.durationMilliseconds, .max)
        XCTAssertNotNil(RunCard.read(site + "/runs/u/run.json"))
    }

    /// The binary itself, as issue 16 ran it (it died of SIGILL).
    func testTheCLIOnExtremeDumps() throws {
        let folder = TemporaryFolder()
        let path = ExtremeDumps.write(ExtremeDumps.int64Ends + ExtremeDumps.iterationEnds.map {
            $0.replacingOccurrences(of: "\"metric\":\"m\"", with: "\"metric\":\"i\"")
        } + ExtremeDumps.hugeAndTiny.map { $0.replacingOccurrences(of: "\"variant\":\"v\"", with: "\"variant\":\"w\"") },
        "all.jsonl", in: folder)
        let render = try runCLI(["render", path, "-o", folder.path + "/r", "--x-axis", "timestamp", "--log-y", "--quiet"])
        XCTAssertEqual(render.status, 0, render.stderr)
        let scalars = try runCLI(["scalars", path, "--samples", "1", "--quiet"])
        XCTAssertEqual(scalars.status, 0, scalars.stderr)
        let json = try JSONParser.parse(scalars.stdout)
        XCTAssertEqual(json["i"]?["v"]?["x"]?.arrayValue?.count, 2)
        let summary = try runCLI(["scalars", path, "--summary", "--quiet"])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        let email = try runCLI(["email", path, "-o", folder.path + "/run.eml", "--to", "a@example.com", "--quiet"])
        XCTAssertEqual(email.status, 0, email.stderr)
        let archive = try runCLI(["archive", path, "-o", folder.path + "/site", "--quiet"])
        XCTAssertEqual(archive.status, 0, archive.stderr)
    }
}
