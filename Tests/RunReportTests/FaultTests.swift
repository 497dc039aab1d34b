import Foundation
@testable import RunReport
import XCTest

/// Faults: a read error mid-file, a full disk, Ctrl-C during an archive.
final class FaultTests: XCTestCase {
    /// Gives `good` bytes, then fails the way a disk does.
    private struct FailingSource: ByteSource {
        var good: [UInt8]
        var offset = 0
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard offset < good.count else { throw InputError.readFailed(path: "dump.jsonl", reason: "Input/output error") }
            let count = min(buffer.count, good.count - offset, 100)
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: good.withUnsafeBytes { $0 }[offset..<(offset + count)]))
            offset += count
            return count
        }
    }

    func testAReadErrorMidFileKeepsWhatCameBefore() {
        let lines = (0..<20).map { scalarLine(iter: Int64($0), value: "\($0)") }.joined(separator: "\n") + "\n"
        let reader = EventStreamReader(options: LoadOptions(), name: "dump.jsonl", defaultTask: nil)
        let outcome = reader.readLines(FailingSource(good: Array(lines.utf8)))
        XCTAssertEqual(outcome.runs.first?.series.values.first?.count, 20, "every whole line before the failure")
        XCTAssertEqual(outcome.problems.map(\.description), ["dump.jsonl:21: cannot read dump.jsonl: Input/output error"])
    }

    private func runreport(_ arguments: [String], limitKilobytes: Int? = nil) throws -> (Int32, String) {
        let binary = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("runreport").path
        let path = try XCTUnwrap([binary, repositoryRoot + "/.build/debug/runreport"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = ([path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        process.arguments = ["-c", (limitKilobytes.map { "ulimit -f \($0 * 2); " } ?? "") + "exec " + quoted]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    func testAFullDiskLeavesThePreviousReportWhole() throws {
        let folder = TemporaryFolder()
        let out = folder.path + "/report"
        XCTAssertEqual(try runreport(["render", samplePath("clearml/small"), "-o", out, "--quiet"]).0, 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/index.html"))
        // Files may not pass 100 kB: the sweep's report cannot be written.
        let (status, message) = try runreport(["render", samplePath("clearml/sweep"), "-o", out, "--quiet"], limitKilobytes: 100)
        XCTAssertEqual(status, 1, message)
        XCTAssertTrue(message.contains("File too large"), message)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/index.html")), before, "the previous report, untouched")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), [".report.lock", "report"],
                       "no half-written folder left, only the lock file beside the report")
        let (logStatus, _) = try runreport(["log", samplePath("clearml/small"), "-o", folder.path + "/log.txt", "--quiet"], limitKilobytes: 1)
        XCTAssertEqual(logStatus, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/log.txt"), "no partial log in place")
    }

    func testBackgroundWritesFinishEveryFileAndThrowTheFirstFailureAskedFor() throws {
        let folder = TemporaryFolder()
        let writes = BackgroundWrites()
        let files = (0..<12).map { index in (folder.path + "/file-\(index)", Array(repeating: UInt8(65 + index), count: 10_000 * (index + 1))) }
        for (path, bytes) in files { writes.write(bytes, to: path) }
        let stream = try OutputStream(path: folder.path + "/stream.txt")
        try stream.write("streamed\n")
        writes.finish(stream)
        try writes.wait()
        for (path, bytes) in files { XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(bytes), path) }
        XCTAssertEqual(try String(contentsOfFile: folder.path + "/stream.txt", encoding: .utf8), "streamed\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".runreport-") }, [],
                       "no temporary file left")

        let failing = BackgroundWrites()
        failing.write([1], to: folder.path + "/fine")
        failing.write([2], to: folder.path + "/missing-a/file")
        failing.write([3], to: folder.path + "/missing-b/file")
        XCTAssertThrowsError(try failing.wait()) { error in
            XCTAssertTrue(String(describing: error).contains("missing-a"), "the first failure asked for: \(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/fine")), Data([1]))
    }

    func testAnInterruptedArchiveIsConsistentWithItsManifest() throws {
        let folder = TemporaryFolder()
        let inputs = (0..<120).map { run in
            folder.write(String(format: "in/run-%03d.jsonl", run),
                         (0..<1500).map { scalarLine(task: "task-\(run)", iter: Int64($0), value: "\($0 % 97)") }.joined(separator: "\n") + "\n")
        }
        let site = folder.path + "/site"
        let binary = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("runreport").path
        let path = try XCTUnwrap([binary, repositoryRoot + "/.build/debug/runreport"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["archive", "--quiet", "-o", site, folder.path + "/in"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ctrl-C once a few runs are rendered (into staging; they move into runs/ at the end).
        for _ in 0..<1000 {
            let done = (try? FileManager.default.contentsOfDirectory(atPath: site + "/.staging").count) ?? 0
            if done >= 3 || !process.isRunning { break }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, "stopped, not finished (or the machine is very fast)")
        let manifest = ArchiveManifest.read(from: site)
        XCTAssertGreaterThan(manifest.runs.count, 0)
        XCTAssertLessThan(manifest.runs.count, inputs.count)
        for (name, file) in manifest.files {
            let size = (try? FileManager.default.attributesOfItem(atPath: site + "/" + name)[.size] as? Int) ?? -1
            XCTAssertEqual(size, file.size, name)
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: site + "/runs").sorted()
        XCTAssertEqual(folders, manifest.runs.values.map(\.folder).sorted(), "every folder in the manifest, nothing else")
        // Run again: the rest is done, what was done is not made again.
        let again = try ArchiveBuilder().build(paths: [folder.path + "/in"], into: site)
        XCTAssertEqual(again.reused.count, manifest.runs.count)
        XCTAssertEqual(again.runCount, inputs.count)
    }
}
