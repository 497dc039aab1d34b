import Foundation
@testable import RunReport
import XCTest

/// Writing stays inside the output: runreport writes only into folders it made, never through a
/// symbolic link, one writer at a time, and leaves no staging or scratch behind.
final class WriteWallTests: XCTestCase {
    struct Outcome { var status: Int32; var stderr: String }

    static var binary: String {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("runreport").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : repositoryRoot + "/.build/debug/runreport"
    }

    /// Runs the binary (through `shell` when given: `sh -c shell runreport args…`).
    static func runreport(_ arguments: [String], shell: String? = nil) throws -> Outcome {
        let process = Process()
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// An events dump holding one scalar point for each of `ids`.
    @discardableResult
    static func dump(_ folder: TemporaryFolder, _ name: String, ids: [String]) -> String {
        folder.write(name, ids.map { scalarLine(task: $0, iter: 1, value: "0.5") + "\n" }.joined())
    }

    /// Every file below a folder with its bytes, to show that nothing changed.
    static func snapshot(_ path: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: path) {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder)
            files[name] = isFolder.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        }
        return files
    }

    /// A folder of the user's: two files, one in a subfolder.
    private func usersFolder(_ folder: TemporaryFolder, _ name: String) -> String {
        folder.write(name + "/notes.txt", "mine")
        folder.write(name + "/sub/data.bin", [0, 1, 2])
        return folder.path + "/" + name
    }

    func testEveryWritingCommandRefusesAFolderItDidNotMake() throws {
        let folder = TemporaryFolder()
        let input = Self.dump(folder, "in.jsonl", ids: ["t1", "t2"])
        let mine = usersFolder(folder, "mine")
        let before = try Self.snapshot(mine)
        for command in [["render", input], ["compare", input], ["archive", input], ["index", folder.path + "/nosuch"]] {
            let outcome = try Self.runreport(command + ["-o", mine, "--quiet"].filter { command[0] != "index" || $0 != "--quiet" })
            XCTAssertEqual(outcome.status, 1, command[0])
            XCTAssertTrue(outcome.stderr.contains("runreport: \(mine) exists and was not written by runreport; remove it or choose another -o"),
                          command[0] + ": " + outcome.stderr)
            XCTAssertEqual(try Self.snapshot(mine), before, "\(command[0]): the user's folder is untouched")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: mine + ".partial"))
        // The same through the library.
        let result = RunLoader().load(paths: [input])
        XCTAssertThrowsError(try ReportWriter().write(result, to: mine + "/")) {
            XCTAssertEqual($0 as? OutputRefusal, .notOurs(path: mine))
        }
        XCTAssertThrowsError(try CompareWriter().write(result, to: mine))
        XCTAssertThrowsError(try ArchiveBuilder().build(paths: [input], into: mine))
        XCTAssertEqual(try Self.snapshot(mine), before)
    }

    func testASymbolicLinkOrAFileAsTheOutputIsRefused() throws {
        let folder = TemporaryFolder()
        let input = Self.dump(folder, "in.jsonl", ids: ["t1"])
        // A link to an empty folder, and a link to a report runreport made: refused all the same.
        try FileManager.default.createDirectory(atPath: folder.path + "/empty", withIntermediateDirectories: true)
        XCTAssertEqual(try Self.runreport(["render", input, "-o", folder.path + "/made"]).status, 0)
        let made = try Self.snapshot(folder.path + "/made")
        for target in ["empty", "made"] {
            try FileManager.default.createSymbolicLink(atPath: folder.path + "/link-" + target, withDestinationPath: folder.path + "/" + target)
            for command in ["render", "compare", "archive"] {
                let outcome = try Self.runreport([command, input, "-o", folder.path + "/link-" + target])
                XCTAssertEqual(outcome.status, 1)
                XCTAssertTrue(outcome.stderr.contains("link-\(target) is a symbolic link; runreport writes only into real folders"), outcome.stderr)
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/empty"), [])
        XCTAssertEqual(try Self.snapshot(folder.path + "/made"), made)
        let file = folder.write("file.txt", "mine")
        let outcome = try Self.runreport(["render", input, "-o", file])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("file.txt exists and is not a folder"), outcome.stderr)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "mine")
    }

    func testAnOutputThatDoesNotEndInANameIsRefused() throws {
        let folder = TemporaryFolder()
        let input = Self.dump(folder, "in.jsonl", ids: ["t1"])
        try FileManager.default.createDirectory(atPath: folder.path + "/empty", withIntermediateDirectories: true)
        for out in [folder.path + "/empty/.", folder.path + "/empty/..", folder.path + "/empty/./", "/"] {
            let outcome = try Self.runreport(["render", input, "-o", out])
            XCTAssertEqual(outcome.status, 1, out)
            XCTAssertTrue(outcome.stderr.contains("does not end in a folder's name"), outcome.stderr)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["empty", "in.jsonl"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/empty"), [])
    }

    func testAnEmptyFolderIsUsedAndItsOwnOutputReplaced() throws {
        let folder = TemporaryFolder()
        let input = Self.dump(folder, "in.jsonl", ids: ["t1"])
        let out = folder.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: out + "/.runreport", encoding: .utf8), "runreport report\n")
        let first = try Self.snapshot(out)
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 0)
        XCTAssertEqual(try Self.snapshot(out), first, "its own folder replaced, the same bytes")
        // A report may be replaced by a comparison: both are runreport's.
        XCTAssertEqual(try Self.runreport(["compare", input, "-o", out]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: out + "/.runreport", encoding: .utf8), "runreport compare\n")
        // A marker that is not runreport's own text does not count.
        try FileManager.default.removeItem(atPath: out + "/.runreport")
        folder.write("out/.runreport", "someone else\n")
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 1)
    }

    func testStagingAndPreviousFoldersBesideTheOutputAreRemovedOnlyWhenRunreportMadeThem() throws {
        let folder = TemporaryFolder()
        let input = Self.dump(folder, "in.jsonl", ids: ["t1"])
        let out = folder.path + "/out"
        // A crash left a marked staging folder: cleaned up.
        folder.write("out.partial/.runreport", "runreport report\n")
        folder.write("out.partial/index.html", "half")
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + ".partial"))
        // A folder of the user's that happens to have the staging name: refused, untouched.
        let mine = usersFolder(folder, "out.partial")
        let before = try Self.snapshot(mine)
        let outcome = try Self.runreport(["render", input, "-o", out])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("\(mine) exists and was not written by runreport"), outcome.stderr)
        XCTAssertEqual(try Self.snapshot(mine), before)
        try FileManager.default.removeItem(atPath: mine)
        // A link there is refused too (it is never followed or emptied).
        let target = usersFolder(folder, "elsewhere")
        try FileManager.default.createSymbolicLink(atPath: out + ".partial", withDestinationPath: target)
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 1)
        XCTAssertEqual(try Self.snapshot(target).count, 3)
        try FileManager.default.removeItem(atPath: out + ".partial")
        // "out.previous" is a name a user may have: the old report is set aside elsewhere.
        let previous = usersFolder(folder, "out.previous")
        let kept = try Self.snapshot(previous)
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 0)
        XCTAssertEqual(try Self.snapshot(previous), kept)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
                       [".out.lock", "elsewhere", "in.jsonl", "out", "out.previous"])
    }

    /// Two processes: this one holds the lock as another runreport would; the binary stops at once.
    func testASecondWriterToTheSameOutputStopsWithAClearMessage() throws {
        let folder = TemporaryFolder()
        let input = Self.dump(folder, "in.jsonl", ids: ["t1", "t2"])
        let out = folder.path + "/out"
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 0)
        let shard = folder.path + "/shard"
        XCTAssertEqual(try Self.runreport(["archive", input, "-o", shard]).status, 0)
        let before = try Self.snapshot(out)
        let held = try OutputLock(for: out)
        for command in ["render", "compare", "archive", "index"] {
            let outcome = try Self.runreport(command == "index" ? [command, shard, "-o", out] : [command, input, "-o", out])
            XCTAssertEqual(outcome.status, 1, command)
            XCTAssertTrue(outcome.stderr.contains("runreport: another runreport is writing \(out) (it holds \(folder.path)/.out.lock); "
                + "try again when it has finished"), outcome.stderr)
            XCTAssertEqual(try Self.snapshot(out), before, "\(command): nothing touched")
        }
        XCTAssertThrowsError(try OutputLock(for: out + "/"), "a second lock in this process conflicts as well") {
            guard case .busy = $0 as? OutputRefusal else { return XCTFail("\($0)") }
        }
        held.release()
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 0, "free again once the first is done")
        // The lock file is opened without following a link: a link there is an error, not a write elsewhere.
        let victim = folder.write("victim.txt", "keep")
        try FileManager.default.removeItem(atPath: folder.path + "/.out.lock")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/.out.lock", withDestinationPath: victim)
        XCTAssertEqual(try Self.runreport(["render", input, "-o", out]).status, 1)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep")
    }

    func testAnInterruptedRenderLeavesNoStagingFolder() throws {
        let folder = TemporaryFolder()
        // Enough runs that the render is still staging when the signal comes.
        let input = Self.dump(folder, "in.jsonl", ids: (0..<3000).map { "run-\($0)" })
        let out = folder.path + "/out"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["render", input, "-o", out, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        var staging = false
        for _ in 0..<20_000 where !staging && process.isRunning {
            staging = FileManager.default.fileExists(atPath: out + ".partial/.runreport")
            if !staging { usleep(500) }
        }
        if staging { process.terminate() }
        process.waitUntilExit()
        guard staging else { throw XCTSkip("the render ended before it could be interrupted") }
        XCTAssertTrue(process.terminationStatus == 130 || process.terminationReason == .exit, "a signal that killed it: \(process.terminationStatus)")
        guard process.terminationStatus == 130 else { throw XCTSkip("the render ended as the signal came") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + ".partial"), "the staging folder is removed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing was put in place")
    }

    func testAnInterruptedEmailLeavesNoScratchFolder() throws {
        let folder = TemporaryFolder()
        let scratch = folder.path + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        // One run with many points, so that the report in scratch takes a while.
        let input = folder.write("in.jsonl", (0..<200_000).map { scalarLine(task: "t1", iter: Int64($0), value: "\($0 % 89)") + "\n" }.joined())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["email", input, "-o", folder.path + "/m.eml", "--quiet"]
        process.environment = ["TMPDIR": scratch]
        process.standardError = FileHandle.nullDevice
        try process.run()
        var made = false
        for _ in 0..<40_000 where !made && process.isRunning {
            made = ((try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []).contains { $0.hasPrefix("runreport-email-") }
            if !made { usleep(250) }
        }
        if made { kill(process.processIdentifier, SIGINT) }
        process.waitUntilExit()
        guard made else { throw XCTSkip("the email ended before it could be interrupted") }
        XCTAssertTrue(process.terminationStatus == 130 || process.terminationReason == .exit, "a signal that killed it: \(process.terminationStatus)")
        guard process.terminationStatus == 130 else { throw XCTSkip("the email ended as the signal came") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [], "the scratch folder is removed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/m.eml"))
    }

    func testEmailScratchIsPrivateAndRemovedAlsoOnError() throws {
        let folder = TemporaryFolder()
        let scratch = try EmailWriter.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        XCTAssertTrue(scratch.hasPrefix(NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()))
        let result = RunLoader().load(paths: [Self.dump(folder, "in.jsonl", ids: ["t1"])])
        func scratches() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("runreport-email-") })
        }
        let before = try scratches()
        var options = EmailOptions()
        options.to = ["a@example.com"]
        options.from = "b@example.com"
        try EmailWriter(options: options).write(result, to: folder.path + "/m.eml")
        XCTAssertEqual(try scratches(), before, "removed once written")
        XCTAssertThrowsError(try EmailWriter(options: options).write(result, to: folder.path + "/no/such/folder/m.eml"))
        XCTAssertEqual(try scratches(), before, "removed after an error")
    }

    func testScratchAKilledEmailLeftIsRemovedByTheNext() throws {
        let folder = TemporaryFolder()
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = folder.path + "/runreport-email-\(gone.processIdentifier)-abcdef"
        let alive = folder.path + "/runreport-email-1-abcdef"
        let other = folder.path + "/runreport-email-\(gone.processIdentifier)-notours"
        for path in [dead, alive, other] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        folder.write("runreport-email-\(gone.processIdentifier)-abcdef/report/index.html", "left")
        let target = folder.write("keep/file.txt", "keep")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/runreport-email-\(gone.processIdentifier)-linked",
                                                   withDestinationPath: folder.path + "/keep")
        EmailWriter.removeAbandonedScratch(in: folder.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead), "its process is gone")
        XCTAssertTrue(FileManager.default.fileExists(atPath: alive), "pid 1 is running")
        XCTAssertTrue(FileManager.default.fileExists(atPath: other), "not the shape of a scratch folder")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep")
    }
}
