import Foundation
import RunReport
import XCTest

/// The read walls as a user meets them on the command line: messages and exit codes.
final class WallCommandTests: XCTestCase {
    private func runreport(_ arguments: [String]) throws -> Invocation { try runCLI(arguments) }

    func testALineOverTheFlagsCapIsSkippedWithExitThree() throws {
        let folder = TemporaryFolder()
        let long = #"{"x": ""# + String(repeating: "a", count: 5000) + #""}"#
        let path = folder.write("d.jsonl", [scalarLine(iter: 0, value: "1"), long, scalarLine(iter: 1, value: "2")].joined(separator: "\n"))
        let capped = try runreport(["render", "--quiet", "--max-line-bytes", "1000", "-o", folder.path + "/out", path])
        XCTAssertEqual(capped.status, 3)
        XCTAssertTrue(capped.stderr.contains("d.jsonl:2: line longer than 1000 bytes (--max-line-bytes); skipped"), capped.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.path + "/out/index.html"))
        XCTAssertEqual(try runreport(["validate", "--quiet", "--max-line-bytes", "0", path]).status, 64)
        XCTAssertEqual(try runreport(["validate", "--quiet", "--max-line-bytes", "-5", path]).status, 64)
    }

    func testALinkThatLeavesIsNamedOnStderrAndTheRestRendered() throws {
        let folder = TemporaryFolder()
        folder.write("secret.txt", "OUTSIDE-SECRET-cli")
        folder.write("exp/experiment.json", #"{"offline_id": "c1"}"#)
        folder.write("exp/messages.json", [
            #"{"payload":{"context":null,"metric":{"metricName":"loss","metricValue":1,"step":0}},"type":"metric_msg"}"#,
            #"{"payload":{"file_path":"sample.txt","upload_type":"text-sample"},"type":"file_upload"}"#,
        ].joined(separator: "\n"))
        XCTAssertEqual(symlink("../secret.txt", folder.path + "/exp/sample.txt"), 0)
        let out = folder.path + "/out"
        let outcome = try runreport(["render", "--quiet", "-o", out, folder.path + "/exp"])
        XCTAssertEqual(outcome.status, 3)
        XCTAssertTrue(outcome.stderr.contains("sample.txt: a symbolic link that leaves the input; not read"), outcome.stderr)
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertFalse(html.contains("OUTSIDE-SECRET-cli"))
        XCTAssertTrue(html.contains("loss"))
    }

    func testAnArchiveHonoursTheLineCapAndRefusesTask() throws {
        let folder = TemporaryFolder()
        let long = #"{"x": ""# + String(repeating: "a", count: 5000) + #""}"#
        let path = folder.write("in/d.jsonl", [scalarLine(iter: 0, value: "1"), long, scalarLine(iter: 1, value: "2")].joined(separator: "\n"))
        let capped = try runreport(["archive", "--quiet", "--max-line-bytes", "1000", "-o", folder.path + "/site", folder.path + "/in"])
        XCTAssertEqual(capped.status, 3, capped.stderr)
        XCTAssertTrue(capped.stderr.contains(path + ":2: line longer than 1000 bytes (--max-line-bytes); skipped"), capped.stderr)
        XCTAssertEqual(try runreport(["archive", "--quiet", "-o", folder.path + "/site2", folder.path + "/in"]).status, 3,
                       "the default cap reads the line; it is not an event")
        let task = try runreport(["archive", "--quiet", "--task", "t", "-o", folder.path + "/site3", folder.path + "/in"])
        XCTAssertEqual(task.status, 64)
        XCTAssertTrue(task.stderr.contains("archive takes every run of its inputs"), task.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/site3"))
    }
}
