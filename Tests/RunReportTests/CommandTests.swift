import Foundation
import RunReport
import XCTest

/// The runreport binary: output, exit codes and atomic files, as a user meets them.
final class CommandTests: XCTestCase {
    private func runreport(_ arguments: [String], environment: [String: String]? = nil) throws -> Invocation {
        try runCLI(arguments, environment: environment)
    }

    #if os(Linux)
    /// A plain file is read mapped; cut short meanwhile, its lost pages raise SIGBUS, which the
    /// command turns into a message and exit status 1.
    func testAnInputCutShortWhileMappedIsAClearFailure() throws {
        let folder = TemporaryFolder()
        let block = String(repeating: scalarLine(metric: "loss", variant: "train", iter: 1, value: "0.5") + "\n", count: 20_000)
        let path = folder.write("big.jsonl", "")
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        for _ in 0..<40 { handle.write(Data(block.utf8)) }  // 800k events, ~100 MB
        try handle.close()
        let binary = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("runreport").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: binary) ? binary : repositoryRoot + "/.build/debug/runreport")
        process.arguments = ["validate", "--quiet", path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var mapped = false
        for _ in 0..<5_000 where !mapped && process.isRunning {
            mapped = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/maps", encoding: .utf8))?.contains(path) == true
            if !mapped { usleep(1_000) }
        }
        if mapped { XCTAssertEqual(truncate(path, 0), 0) }
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard mapped, process.terminationStatus != 0 else { throw XCTSkip("the read ended before the file could be cut") }
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertEqual(stderr, "runreport: an input file shrank while it was being read\n")
    }
    #endif

    func testCleanInputExitsZeroWithJSONThatParses() throws {
        let outcome = try runreport(["validate", "--json", samplePath("clearml/small.zip")])
        XCTAssertEqual(outcome.status, 0)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let summary = try XCTUnwrap(json["summary"] as? [String: Int])
        XCTAssertEqual(summary, ["inputs": 1, "tasks": 1, "events": 393, "problems": 0])
        let input = try XCTUnwrap((json["inputs"] as? [[String: Any]])?.first)
        let task = try XCTUnwrap((input["tasks"] as? [[String: Any]])?.first)
        XCTAssertEqual(task["events"] as? [String: Int],
                       ["training_stats_scalar": 377, "plot": 8, "training_debug_image": 2, "log": 6])
        XCTAssertEqual(task["iterations"] as? [String: Int], ["min": 0, "max": 299])
        XCTAssertEqual(task["debug_images_found"] as? Int, 2)
    }

    func testSkippedInputExitsThreeAndStrictMakesItAFailure() throws {
        let folder = TemporaryFolder()
        let path = folder.write("mixed.jsonl", scalarLine(iter: 0, value: "1") + "\n{oops\n" + scalarLine(iter: 1, value: "2") + "\n")
        let lenient = try runreport(["validate", path])
        XCTAssertEqual(lenient.status, 3)
        XCTAssertTrue(lenient.stdout.contains("\(path):2: malformed JSON"), lenient.stdout)
        XCTAssertTrue(lenient.stdout.contains("loss / train: 2 points"))
        let strict = try runreport(["validate", "--strict", path])
        XCTAssertEqual(strict.status, 1)
    }

    func testNothingUsableExitsOneAndUsageErrorsSixtyFour() throws {
        let missing = try runreport(["validate", "/nonexistent/input.jsonl"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stdout.contains("no such file or folder"))
        XCTAssertEqual(try runreport(["validate"]).status, 64)
        XCTAssertEqual(try runreport(["validate", "--no-such-flag", samplePath("clearml/small")]).status, 64)
    }

    func testOutputFileIsWrittenWholeAndIdenticalForIdenticalInput() throws {
        let folder = TemporaryFolder()
        let first = folder.path + "/first.json", second = folder.path + "/second.json"
        XCTAssertEqual(try runreport(["validate", "--json", "-o", first, samplePath("clearml/sweep")]).status, 0)
        XCTAssertEqual(try runreport(["validate", "--json", "-o", second, samplePath("clearml/sweep")]).status, 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: first)), b = try Data(contentsOf: URL(fileURLWithPath: second))
        XCTAssertEqual(a, b)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: a))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".runreport") }
        XCTAssertEqual(leftovers, [])
    }

    func testScalarsJSONCSVAndSummaryOfTheSweep() throws {
        let one = try runreport(["scalars", "--task", "sweep lr=0.1", "--samples", "100", samplePath("clearml/sweep")])
        XCTAssertEqual(one.status, 0)
        let histogram = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: [String: [String: Any]]])
        XCTAssertEqual(Set(histogram.keys), ["accuracy", "learning rate", "loss"])
        let train = try XCTUnwrap(histogram["loss"]?["train"])
        // 3000 iterations, 100 samples: interval ceil(3000 / 100) = 30, 100 buckets at 0, 30, …, 2970.
        XCTAssertEqual(train["x"] as? [Int], Array(stride(from: 0, to: 3000, by: 30)))
        XCTAssertEqual(train["name"] as? String, "train")

        let all = try runreport(["scalars", "--key", "iso_time", samplePath("clearml/sweep")])
        let multi = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let tasks = try XCTUnwrap((multi["metrics"] as? [String: [String: [String: Any]]])?["loss"]?["train"])
        XCTAssertEqual(tasks.count, 3)
        let first = try XCTUnwrap(tasks.values.first as? [String: Any])
        XCTAssertTrue(((first["x"] as? [String])?.first ?? "").hasSuffix("Z"))

        let csv = try runreport(["scalars", "--format", "csv", "--samples", "0", samplePath("clearml/small")])
        let rows = csv.stdout.split(separator: "\r\n")
        XCTAssertEqual(rows.first, "task,metric,variant,x,y")
        // The sample reports 0.12530942614258925 and then NaN at iteration 150: the server refuses the
        // NaN, so it replaces nothing, and stores the first as float32. stderr says what it left out.
        XCTAssertTrue(rows.contains { $0.hasSuffix(",loss,train,150,0.12530942261219025") }, "NaN refused as the server does")
        XCTAssertTrue(csv.stderr.contains("clearml-server would leave out"), csv.stderr)
        let full = try runreport(["scalars", "--format", "csv", "--samples", "0", "--precision", "full", samplePath("clearml/small")])
        XCTAssertTrue(full.stdout.split(separator: "\r\n").contains { $0.hasSuffix(",loss,train,150,nan") }, "NaN point kept as nan")
        XCTAssertTrue(rows.contains { $0.contains(",'<img src=x onerror=alert(1)>,") == false })

        // The server: the sample's one batch holds a NaN, so it never updates last_metrics.
        let server = try runreport(["scalars", "--summary", samplePath("clearml/small")])
        let serverObject = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(server.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((serverObject["last_metrics"] as? [String: Any])?.count, 0)
        XCTAssertEqual(serverObject["skipped_batches"] as? Int, 1)
        XCTAssertTrue(server.stderr.contains("would skip the last_metrics update of 1 batch"), server.stderr)
        let summary = try runreport(["scalars", "--summary", "--precision", "full", samplePath("clearml/small")])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        let singles = try XCTUnwrap(object["single_values"] as? [[String: Any]])
        XCTAssertEqual(singles.compactMap { $0["variant"] as? String }, ["params", "test accuracy"])
        let loss = try XCTUnwrap((object["last_metrics"] as? [String: [String: [String: Any]]])?["loss"]?["train"])
        XCTAssertEqual(loss["count"] as? Int, 301)
        XCTAssertEqual(loss["non_finite_count"] as? Int, 1)
        XCTAssertEqual(loss["last_iteration"] as? Int, 299)
    }

    func testIsoTimeIsUTCWhateverTheTimeZone() throws {
        let folder = TemporaryFolder()
        // Hourly points across the end of daylight saving time in New York (2026-11-01 06:00 UTC).
        let lines = (0..<4).map { scalarLine(iter: Int64($0), value: "\($0)", timestamp: 1_793_509_200_000 + Int64($0) * 3_600_000) }
        let path = folder.write("dst.jsonl", lines.joined(separator: "\n") + "\n")
        let utc = try runreport(["scalars", "--key", "iso_time", path], environment: ["TZ": "UTC"])
        let newYork = try runreport(["scalars", "--key", "iso_time", path], environment: ["TZ": "America/New_York"])
        XCTAssertEqual(utc.stdout, newYork.stdout)
        XCTAssertTrue(newYork.stdout.contains(#""x":["2026-11-01T05:00:00.000Z","2026-11-01T06:00:00.000Z","2026-11-01T07:00:00.000Z","2026-11-01T08:00:00.000Z"]"#), newYork.stdout)
    }

    func testLogCommand() throws {
        let text = try runreport(["log", samplePath("clearml/small")])
        XCTAssertEqual(text.status, 0)
        // The server's {asctime} is the event's epoch milliseconds; --extras makes it readable.
        XCTAssertTrue(text.stdout.hasPrefix("1795373490589 vm info ClearML Task: created new task"), text.stdout)
        let readable = try runreport(["log", "--extras", samplePath("clearml/small")])
        XCTAssertTrue(readable.stdout.hasPrefix("2026-11-22 18:51:30,589 vm info ClearML Task: created new task"), readable.stdout)
        // stderr lines arrive merged into one error-level event, continued on the following lines.
        XCTAssertTrue(text.stdout.contains(" vm error /root/"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\nwarning: this line goes to stderr\n"))
        let unknown = try runreport(["log", "--line-format", "{asctime} {message}", samplePath("clearml/small")])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("undefined placeholders in line format: message"), unknown.stderr)
        let several = try runreport(["log", samplePath("clearml/sweep")])
        XCTAssertEqual(several.status, 64)
        XCTAssertTrue(several.stderr.contains("name one with --task"))
        let one = try runreport(["log", "--task", "sweep lr=0.01", "--line-type", "json", samplePath("clearml/sweep")])
        XCTAssertEqual(one.status, 0)
        for line in one.stdout.split(separator: "\n") {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(Set(object.keys), ["level", "worker", "msg", "model_event", "metric", "variant", "asctime"])
        }
    }

    func testNamesFromADumpCannotDriveTheTerminal() throws {
        let folder = TemporaryFolder()
        let evil = "t\u{1B}]0;owned\u{7}\u{1B}[2J"
        let line = #"{"type": "training_stats_scalar", "task": "\#(evil.unicodeScalars.map { $0.value < 0x20 ? String(format: "\\u%04x", $0.value) : String($0) }.joined())", "iter": 0, "metric": "m", "variant": "v", "value": 1}"#
        let path = folder.write("evil.jsonl", line + "\n")
        let outcome = try runreport(["validate", path])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertFalse(outcome.stdout.contains("\u{1B}"), "no escape character reaches the terminal")
        XCTAssertTrue(outcome.stdout.contains(#"task t\u{1b}]0;owned\u{7}\u{1b}[2J"#), outcome.stdout)
    }

    func testTaskSelection() throws {
        let outcome = try runreport(["validate", "--json", "--task", "sweep lr=0.03", samplePath("clearml/sweep")])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["summary"] as? [String: Int])?["tasks"], 1)
    }

    func testArchiveAndIndexExitCodes() throws {
        let folder = TemporaryFolder()
        XCTAssertEqual(try runreport(["archive", samplePath("clearml/sweep"), "--shard", "0/2", "-o", folder.path + "/x"]).status, 64)
        let one = try runreport(["archive", samplePath("clearml/sweep"), "--shard", "1/2", "-o", folder.path + "/s1"])
        let two = try runreport(["archive", samplePath("clearml/sweep"), "--shard", "2/2", "-o", folder.path + "/s2"])
        XCTAssertEqual([one.status, two.status], [0, 0], "a shard with no input is not a failure either")
        let merged = try runreport(["index", folder.path + "/s1", folder.path + "/s2", "-o", folder.path + "/site", "--bundle", folder.path + "/site.tar.gz"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertTrue(merged.stderr.contains("3 runs"), merged.stderr)
        // The same session as a folder and a zip: written, one of them reported.
        let twice = try runreport(["archive", samplePath("clearml/small"), samplePath("clearml/small.zip"), "-o", folder.path + "/t"])
        XCTAssertEqual(twice.status, 3, twice.stderr)
        XCTAssertTrue(twice.stderr.contains("is also in"), twice.stderr)
    }

    func testRenderOpensTheReportThroughTheDesktopOpener() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open") else { throw XCTSkip("no xdg-open") }
        let folder = TemporaryFolder()
        // xdg-open outside a desktop hands the URL to $BROWSER: here a command that writes it down.
        let browser = folder.write("browser.sh", "#!/bin/sh\necho \"$1\" > \(folder.path)/opened\n")
        chmod(browser, 0o755)
        let outcome = try runreport(["render", samplePath("clearml/small"), "-o", folder.path + "/report", "--open"],
                                    environment: ["BROWSER": browser, "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        var opened = ""
        for _ in 0..<50 where opened.isEmpty {
            opened = (try? String(contentsOfFile: folder.path + "/opened", encoding: .utf8)) ?? ""
            usleep(100_000)
        }
        XCTAssertEqual(opened, "file://\(folder.path)/report/index.html\n")
    }
}

/// Small pure helpers.
final class FormattingTests: XCTestCase {
    func testStrictDateTime() {
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: 1_795_357_331_768), "2026-11-22T14:22:11.768Z")
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: 0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: -1), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: 951_782_400_000), "2000-02-29T00:00:00.000Z")
    }

    func testJSONEscapesAndNumbers() {
        let value = JSONValue.object([("a\"b", .string("<script>\n\u{1}")), ("n", .double(.nan)), ("x", .double(0.1)),
                                      ("i", .double(3)), ("e", .double(1e-5)), ("l", .array([.int(-2), .bool(true), .null]))])
        XCTAssertEqual(value.serialized(), #"{"a\"b":"<script>\n\u0001","n":null,"x":0.1,"i":3.0,"e":1e-05,"l":[-2,true,null]}"#)
    }

    func testJSONStringsKeepTheirBytesAndEscapeLineSeparators() {
        let text = "é\u{2028}x\u{2029}\\\r\t\u{1F}€"
        XCTAssertEqual(JSONValue.string(text).serialized(), #""é\u2028x\u2029\\\r\t\u001f€""#)
        var out = ""
        JSONValue.quote(text, into: &out)
        XCTAssertEqual(out, JSONValue.string(text).serialized())
        XCTAssertEqual(JSONValue.array([.int(.min), .int(.max), .int(0)]).serialized(), "[-9223372036854775808,9223372036854775807,0]")
        XCTAssertEqual(JSONValue.object([("a", .array([.int(1)]))]).serialized(pretty: true), "{\n  \"a\": [\n    1\n  ]\n}")
    }
}
