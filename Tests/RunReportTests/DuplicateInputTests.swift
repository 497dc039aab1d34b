import Foundation
@testable import RunReport
import XCTest

/// Issue 19: the same session read twice (its folder and its zip, as `~/.clearml/cache/offline/`
/// holds them) is read once, from the complete copy, in every command, and the choice is told.
final class DuplicateInputTests: XCTestCase {
    /// `cache/a-offline/` (the small session with metrics.jsonl cut mid-line: fewer events and a
    /// truncated last line, first in path order) and `cache/small.zip` (the whole session).
    private func cacheWithATruncatedCopy() throws -> (folder: TemporaryFolder, cache: String, truncated: String, whole: String) {
        let folder = TemporaryFolder()
        let cache = folder.path + "/cache"
        let truncated = cache + "/a-offline"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: samplePath("clearml/small"), toPath: truncated)
        let metrics = truncated + "/metrics.jsonl"
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: metrics))
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: metrics))
        let whole = cache + "/small.zip"
        try FileManager.default.copyItem(atPath: samplePath("clearml/small.zip"), toPath: whole)
        return (folder, cache, truncated, whole)
    }

    func testTheFolderAndItsZipAreReadOnce() throws {
        let once = RunLoader().load(paths: [samplePath("clearml/small")])
        let twice = RunLoader().load(paths: [samplePath("clearml/small"), samplePath("clearml/small.zip")])
        XCTAssertEqual(twice.runs.count, 1)
        XCTAssertEqual(twice.runs[0].counts.total, once.runs[0].counts.total, "every count once, not doubled")
        XCTAssertEqual(twice.runs[0].series.values.map(\.points.count).reduce(0, +),
                       once.runs[0].series.values.map(\.points.count).reduce(0, +))
        let told = twice.problems.filter { if case .duplicate = $0.reason { return true } else { return false } }
        XCTAssertEqual(told.count, 1, "the choice is reported: \(twice.problems)")
        XCTAssertEqual(told.first?.source, samplePath("clearml/small.zip"), "equal copies: the first in path order is read")
        XCTAssertTrue(told.first?.description.contains("is also in " + samplePath("clearml/small")) ?? false)
    }

    func testAnInputNamedTwiceIsReadOnce() {
        let once = RunLoader().load(paths: [samplePath("clearml/small.zip")])
        let twice = RunLoader().load(paths: [samplePath("clearml/small.zip"), samplePath("clearml/small.zip")])
        XCTAssertEqual(twice.runs.first?.counts.total, once.runs.first?.counts.total)
        XCTAssertEqual(twice.problems.map(\.description), [samplePath("clearml/small.zip") + ": named more than once; run "
            + (once.runs.first?.id ?? "") + " is read once"])
    }

    func testTheCompleteCopyIsReadEvenWhenTheTruncatedOneComesFirst() throws {
        let (folder, cache, truncated, whole) = try cacheWithATruncatedCopy()
        withExtendedLifetime(folder) {}
        let complete = RunLoader().load(paths: [samplePath("clearml/small.zip")])
        let result = RunLoader().load(paths: [cache])
        XCTAssertEqual(result.runs.count, 1)
        XCTAssertEqual(result.runs[0].counts.total, complete.runs[0].counts.total, "the complete copy's events")
        XCTAssertEqual(result.runs[0].files, .sessionZip(whole))
        let told = result.problems.first { if case .duplicate = $0.reason { return true } else { return false } }
        XCTAssertEqual(told?.source, truncated)
        XCTAssertTrue(told?.description.contains("read once, from there") ?? false, "\(String(describing: told))")
    }

    func testEveryCommandReadsTheCompleteCopyAndSaysSo() throws {
        let (folder, cache, truncated, whole) = try cacheWithATruncatedCopy()
        // log and scalars: the output is the complete copy's alone, every line and count once.
        for arguments in [["log"], ["scalars", "--summary", "--format", "csv"], ["scalars", "--samples", "0"]] {
            let alone = try runCLI(arguments + [whole, "--quiet"])
            let both = try runCLI(arguments + [cache, "--quiet"])
            XCTAssertEqual(alone.status, 0)
            XCTAssertEqual(both.status, 3, "a copy was skipped: \(both.stderr)")
            XCTAssertFalse(alone.stdout.isEmpty)
            XCTAssertEqual(both.stdout, alone.stdout, "\(arguments)")
            XCTAssertTrue(both.stderr.contains(truncated + ": run "), both.stderr)
        }
        // render: the page's problems say which copy was read.
        let render = try runCLI(["render", cache, "-o", folder.path + "/report", "--quiet"])
        XCTAssertEqual(render.status, 3)
        let page = try String(contentsOfFile: folder.path + "/report/index.html", encoding: .utf8)
        XCTAssertTrue(page.contains("is also in " + whole), "the page tells of the choice")
        // archive: the same rule, not the first in path order.
        let archive = try ArchiveBuilder().build(paths: [cache], into: folder.path + "/site")
        XCTAssertEqual(archive.rendered.count, 1)
        let manifest = try ArchiveManifest.load(from: folder.path + "/site")
        XCTAssertEqual(manifest.runs.values.first?.input, whole, "the archive keeps the complete copy")
        XCTAssertTrue(archive.problems.contains { $0.source == truncated && $0.description.contains("is also in " + whole) },
                      "\(archive.problems)")
    }

    func testIndexKeepsTheCompleteCopyWhicheverShardHoldsIt() throws {
        let (folder, _, truncated, whole) = try cacheWithATruncatedCopy()
        _ = try ArchiveBuilder().build(paths: [truncated], into: folder.path + "/shard-a")
        _ = try ArchiveBuilder().build(paths: [whole], into: folder.path + "/shard-b")
        for (name, shards) in [("ab", ["shard-a", "shard-b"]), ("ba", ["shard-b", "shard-a"])] {
            let outcome = try ArchiveMerger().merge(shards.map { folder.path + "/" + $0 }, into: folder.path + "/merged-" + name)
            let manifest = try ArchiveManifest.load(from: folder.path + "/merged-" + name)
            XCTAssertEqual(manifest.runs.count, 1)
            XCTAssertEqual(manifest.runs.values.first?.input, whole, "\(name): the complete copy")
            XCTAssertEqual(manifest.inputs[truncated]?.runs, [], name)
            XCTAssertTrue(outcome.problems.contains { $0.source == truncated && $0.description.contains("is also in " + whole) },
                          "\(name): \(outcome.problems)")
            let report = try String(contentsOfFile: folder.path + "/merged-\(name)/runs/" + (manifest.runs.values.first?.folder ?? "") + "/index.html",
                                    encoding: .utf8)
            XCTAssertFalse(report.contains("truncated last line"), "\(name): the report is the complete copy's")
        }
    }
}
