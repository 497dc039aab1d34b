import Foundation
@testable import RunReport
import XCTest

/// Issue 19's command-line items: `--version`, distinct messages for a task that is not there
/// and a folder with no inputs, negative numbers told they are out of range, an email that
/// names its recipient, "1 run".
final class CLIContractTests: XCTestCase {
    func testVersion() throws {
        let outcome = try runCLI(["--version"])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines), RunReportVersion.string)
    }

    func testAnEmptyFolderAndAnUnknownTaskSayDifferentThings() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/empty", withIntermediateDirectories: true)
        for command in ["render", "scalars", "log", "compare", "email"] {
            let extra = command == "email" ? ["--to", "a@example.com", "-o", folder.path + "/m.eml"] : command == "render" || command == "compare" ? ["-o", folder.path + "/out"] : []
            let empty = try runCLI([command, folder.path + "/empty", "--quiet"] + extra)
            XCTAssertEqual(empty.status, 1, "\(command): \(empty.stderr)")
            XCTAssertTrue(empty.stderr.contains("no inputs found in '\(folder.path)/empty'"), "\(command): \(empty.stderr)")
            let task = try runCLI([command, samplePath("clearml/small"), "--task", "nosuch", "--quiet"] + extra)
            XCTAssertEqual(task.status, 1)
            XCTAssertTrue(task.stderr.contains("no task 'nosuch' in the inputs; they hold: offline-56f00b8ed5164de6ac8ecacbb40a6c43"), task.stderr)
            XCTAssertNotEqual(empty.stderr, task.stderr)
        }
    }

    func testNegativeNumbersAreOutOfRangeNotMissing() throws {
        for (arguments, message) in [(["scalars", "--samples", "-3"], "--samples takes 0 or more."),
                                     (["render", "--samples", "-3"], "--samples takes 0 or more."),
                                     (["render", "--max-charts", "-1"], "--max-charts takes 1 or more."),
                                     (["render", "--smoothing", "-0.5"], "--smoothing takes a weight from 0"),
                                     (["archive", "--jobs", "-2"], "--jobs takes 1 or more.")] {
            let outcome = try runCLI(arguments + [samplePath("clearml/small"), "-o", NSTemporaryDirectory() + "rr-never"])
            XCTAssertEqual(outcome.status, 64, "\(arguments)")
            XCTAssertTrue(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
            XCTAssertFalse(outcome.stderr.contains("Missing value"), outcome.stderr)
        }
    }

    func testAnEmailNeedsARecipient() throws {
        let folder = TemporaryFolder()
        let outcome = try runCLI(["email", samplePath("clearml/small"), "-o", folder.path + "/run.eml", "--quiet"])
        XCTAssertEqual(outcome.status, 64)
        XCTAssertTrue(outcome.stderr.contains("Name a recipient with --to"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/run.eml"))
        let sent = try runCLI(["email", samplePath("clearml/small"), "-o", folder.path + "/run.eml", "--to", "Ann <ann@example.com>", "--quiet"])
        XCTAssertEqual(sent.status, 0, sent.stderr)
        let text = try String(contentsOfFile: folder.path + "/run.eml", encoding: .utf8)
        XCTAssertTrue(text.contains("\r\nTo: \"Ann\" <ann@example.com>\r\n"), "a To header for `sendmail -t`")
    }

    func testEmailChartsAreOnlyThoseWithEnoughPoints() throws {
        let folder = TemporaryFolder()
        var lines: [String] = []
        for i in 0..<20 { lines.append(ExtremeDumps.scalar(iter: Int64(i), timestamp: "\(1_700_000_000_000 + i)", value: "\(1.0 / Double(i + 1))", metric: "zz_curve")) }
        lines.append(ExtremeDumps.scalar(iter: 0, timestamp: "1700000000000", value: "1", metric: "a_loss_one_point"))
        for i in 0..<20 { lines.append(ExtremeDumps.scalar(iter: Int64(i), timestamp: "\(1_700_000_000_000 + i)", value: "NaN", metric: "a_loss_nan")) }
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        var options = EmailOptions()
        options.to = ["a@example.com"]
        let page = try EmailBuilder(options: options).page(for: RunLoader().load(paths: [path]).runs[0])
        XCTAssertEqual(page.charts.map(\.title), ["zz_curve"], "the one-point and the NaN-only losses are not drawn")
    }
}
