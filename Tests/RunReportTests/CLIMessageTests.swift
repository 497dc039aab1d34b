import Foundation
import XCTest

/// Every error the command prints is a sentence with the path and the system's reason, and
/// choices that name nothing (`--task`, `--templates`) say so.
final class CLIMessageTests: XCTestCase {
    private let small = samplePath("clearml/small")
    private let smallTask = "offline-56f00b8ed5164de6ac8ecacbb40a6c43 (offline run <b>bold</b> & ünïcode \"quoted\")"

    private func assertNoRawFoundationText(_ stderr: String, file: StaticString = #filePath, line: UInt = #line) {
        for raw in ["NSCocoaErrorDomain", "Error Domain", "NSUnderlyingError", "UserInfo", "(null)"] {
            XCTAssertFalse(stderr.contains(raw), stderr, file: file, line: line)
        }
    }

    func testAnOutputBelowAFileIsACannotWriteWithItsReason() throws {
        let folder = TemporaryFolder()
        let blocker = folder.write("file", "not a folder")
        let commands: [[String]] = [["render", small, "-o", blocker + "/report"], ["compare", small, "-o", blocker + "/compare"],
                                    ["archive", small, "-o", blocker + "/site"], ["email", small, "-o", blocker + "/run.eml", "--to", "a@example.com"],
                                    ["scalars", small, "-o", blocker + "/s.json"], ["log", small, "-o", blocker + "/log.txt"],
                                    ["validate", small, "-o", blocker + "/v.txt"]]
        for arguments in commands {
            let outcome = try runCLI(arguments + ["--quiet"])
            XCTAssertEqual(outcome.status, 1, "\(arguments)")
            let last = outcome.stderr.split(separator: "\n").last.map(String.init) ?? ""
            XCTAssertTrue(last.hasPrefix("runreport: cannot write " + blocker + "/"), last)
            XCTAssertTrue(last.hasSuffix(": Not a directory (ENOTDIR)"), last)
            assertNoRawFoundationText(outcome.stderr)
        }
    }

    func testAFolderThatCannotBeMadeSaysWhy() throws {
        let outcome = try runCLI(["render", small, "-o", "/proc/runreport-test-\(getpid())", "--quiet"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains(": No such file or directory (ENOENT)") || outcome.stderr.contains("(EACCES)")
            || outcome.stderr.contains("(EPERM)"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("/proc/runreport-test-\(getpid())"), outcome.stderr)
        assertNoRawFoundationText(outcome.stderr)
    }

    func testAReadOnlyFolderIsPermissionDenied() throws {
        guard geteuid() != 0 else { throw XCTSkip("root writes into read-only folders") }
        let folder = TemporaryFolder()
        let locked = folder.path + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
        defer { chmod(locked, 0o700) }
        for arguments in [["render", small, "-o", locked + "/report"], ["scalars", small, "-o", locked + "/s.json"]] {
            let outcome = try runCLI(arguments + ["--quiet"])
            XCTAssertEqual(outcome.status, 1)
            XCTAssertTrue(outcome.stderr.contains("runreport: cannot write " + locked + "/"), outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains("Permission denied (EACCES)"), outcome.stderr)
            assertNoRawFoundationText(outcome.stderr)
        }
    }

    func testATaskThatIsNotThereIsNamedWithTheTasksThatAre() throws {
        let folder = TemporaryFolder()
        for command in [["log"], ["scalars"], ["validate"], ["render", "-o", folder.path + "/r"], ["compare", "-o", folder.path + "/c"],
                        ["email", "-o", folder.path + "/m.eml", "--to", "a@example.com"]] {
            let outcome = try runCLI(command + [small, "--task", "nosuch", "--quiet"])
            XCTAssertEqual(outcome.status, 1, "\(command)")
            XCTAssertEqual(outcome.stderr, "runreport: no task 'nosuch' in the inputs; they hold: \(smallTask)\n")
            XCTAssertEqual(outcome.stdout, "")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/r"))
        // One good name does not hide a bad one; a name that would drive the terminal is shown escaped.
        let mixed = try runCLI(["log", small, "--task", "offline-56f00b8ed5164de6ac8ecacbb40a6c43", "--task", "\u{1B}[2Jx"])
        XCTAssertEqual(mixed.status, 1)
        XCTAssertEqual(mixed.stderr, "runreport: no task '\\u{1b}[2Jx' in the inputs; they hold: \(smallTask)\n")
        // By its name, the task is found.
        let byName = try runCLI(["scalars", small, "--task", "offline run <b>bold</b> & ünïcode \"quoted\"", "--quiet"])
        XCTAssertEqual(byName.status, 0, byName.stderr)
        // Inputs without any task say so.
        let empty = folder.write("empty.jsonl", "")
        let none = try runCLI(["log", empty, "--task", "a"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.hasSuffix("runreport: no task 'a' in the inputs; they hold no task\n"), none.stderr)
    }

    func testATemplatesFolderThatIsNotThereIsAUsageError() throws {
        let folder = TemporaryFolder()
        let file = folder.write("style.css", "body{}")
        for (path, reason) in [(folder.path + "/missing", "does not exist"), (file, "is not a folder")] {
            for command in [["render", "-o", folder.path + "/r"], ["compare", "-o", folder.path + "/c"], ["email", "-o", folder.path + "/m.eml", "--to", "a@example.com"]] {
                let outcome = try runCLI(command + [small, "--templates", path, "--quiet"])
                XCTAssertEqual(outcome.status, 64, "\(command) \(path)")
                XCTAssertTrue(outcome.stderr.hasPrefix("Error: --templates '\(path)' \(reason).\n"), outcome.stderr)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/r"))
    }

    func testAnOverrideThatDoesNotParseIsAFailureNamingIt() throws {
        let folder = TemporaryFolder()
        folder.write("templates/report.mustache", "fine\n{{#open}}\n")
        let broken = try runCLI(["render", small, "--templates", folder.path + "/templates", "-o", folder.path + "/r", "--quiet"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertEqual(broken.stderr, "runreport: template report.mustache does not parse: line 3, column 1: expectedSectionEnd\n")
        folder.write("templates/report.mustache", [0x66, 0xFF, 0xFE, 0x0A])
        let binary = try runCLI(["render", small, "--templates", folder.path + "/templates", "-o", folder.path + "/r", "--quiet"])
        XCTAssertEqual(binary.status, 1)
        XCTAssertEqual(binary.stderr, "runreport: template report.mustache does not parse: it cannot be read as UTF-8 text\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/r"))
    }
}
