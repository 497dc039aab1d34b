import Foundation
@testable import RunReport
import XCTest

/// `archive` and `index`: the site, its manifest, incremental runs, pruning, shards, bundles.
final class ArchiveTests: XCTestCase {
    /// The three sweep runs and the Comet archive, copied where a test may change them.
    private func inputs(in folder: TemporaryFolder) throws -> [String] {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder.path + "/in", withIntermediateDirectories: true)
        var paths: [String] = []
        for name in ["run-1.zip", "run-2.zip", "run-3.zip"] {
            try manager.copyItem(atPath: samplePath("clearml/sweep/" + name), toPath: folder.path + "/in/" + name)
            paths.append(folder.path + "/in/" + name)
        }
        try manager.copyItem(atPath: samplePath("comet/small.zip"), toPath: folder.path + "/in/comet.zip")
        return paths + [folder.path + "/in/comet.zip"]
    }

    private func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func testTheSiteItsManifestAndAnIncrementalRun() throws {
        let folder = TemporaryFolder()
        let paths = try inputs(in: folder)
        let site = folder.path + "/site"
        let first = try ArchiveBuilder().build(paths: paths, into: site)
        XCTAssertEqual(first.rendered.count, 4)
        XCTAssertEqual(first.problems.map(\.description), [])
        let manifest = ArchiveManifest.read(from: site)
        XCTAssertEqual(manifest.runs.count, 4)
        XCTAssertEqual(manifest.inputs.count, 4)
        let page = try XMLStructure(String(contentsOfFile: site + "/index.html", encoding: .utf8), html: true)
        XCTAssertEqual(page.rows.count, 5, "a header and a row per run")
        XCTAssertTrue(page.rows[0].starts(with: ["run", "project", "status", "started", "duration", "tags"]))
        // Every file listed with its true size and hash; nothing unlisted.
        let files = try ContentHash.files(under: site).filter { $0 != "manifest.json" && !OutputFolder.isOwn($0) }
        XCTAssertEqual(files, manifest.files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let index = try XCTUnwrap(manifest.files["index.html"])
        XCTAssertEqual(index.sha256, SHA256.hex(Array(try read(site + "/index.html"))))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site + "/compare/" + SafeName(making: "examples/sweep").text + "/index.html"), "a comparison per project")

        let manifestBytes = try read(site + "/manifest.json")
        let again = try ArchiveBuilder().build(paths: paths, into: site)
        XCTAssertEqual(again.rendered, [], "nothing changed, nothing read")
        XCTAssertEqual(again.reused.count, 4)
        XCTAssertEqual(try read(site + "/manifest.json"), manifestBytes, "the same site, the same manifest")

        // A changed input: only its run is made again.
        try FileManager.default.removeItem(atPath: paths[3])
        try FileManager.default.copyItem(atPath: samplePath("clearml/small.zip"), toPath: paths[3])
        let changed = try ArchiveBuilder().build(paths: paths, into: site)
        XCTAssertEqual(changed.rendered, ["offline-56f00b8ed5164de6ac8ecacbb40a6c43"])
        XCTAssertEqual(changed.removed, ["4abade68ae224041b48f1e16b5aa5510"], "the run the input no longer holds")
        XCTAssertFalse(FileManager.default.fileExists(atPath: site + "/runs/4abade68ae224041b48f1e16b5aa5510"))
    }

    func testGoneInputsStayUnlessPruned() throws {
        let folder = TemporaryFolder()
        let paths = try inputs(in: folder)
        let site = folder.path + "/site"
        _ = try ArchiveBuilder().build(paths: paths, into: site)
        let kept = try ArchiveBuilder().build(paths: Array(paths.prefix(2)), into: site)
        XCTAssertEqual(kept.runCount, 4, "without --prune the reports stay")
        var options = ArchiveOptions()
        options.prune = true
        let pruned = try ArchiveBuilder(options: options).build(paths: Array(paths.prefix(2)), into: site)
        XCTAssertEqual(pruned.runCount, 2)
        XCTAssertEqual(pruned.removed.count, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site + "/runs").count, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: site + "/compare/" + SafeName(making: "examples/sweep").text + "/index.html"), "two sweep runs still compared")
    }

    func testShardsMergeIntoTheSameSite() throws {
        let folder = TemporaryFolder()
        let paths = try inputs(in: folder)
        var slices: [[String]] = []
        for k in 1...3 {
            var options = ArchiveOptions()
            options.shard = ArchiveOptions.Shard("\(k)/3")
            let outcome = try ArchiveBuilder(options: options).build(paths: paths, into: folder.path + "/shard-\(k)")
            slices.append(outcome.rendered)
        }
        XCTAssertEqual(slices.flatMap { $0 }.count, 4, "every run in exactly one shard")
        XCTAssertEqual(Set(slices.flatMap { $0 }).count, 4)
        let merged = try ArchiveMerger().merge((1...3).map { folder.path + "/shard-\($0)" }, into: folder.path + "/merged", inputs: paths)
        XCTAssertEqual(merged.runCount, 4)
        _ = try ArchiveBuilder().build(paths: paths, into: folder.path + "/whole")
        XCTAssertEqual(try read(folder.path + "/merged/index.html"), try read(folder.path + "/whole/index.html"))
        let wholeFiles = ArchiveManifest.read(from: folder.path + "/whole").files
        let mergedFiles = ArchiveManifest.read(from: folder.path + "/merged").files
        XCTAssertEqual(mergedFiles, wholeFiles, "the same files, byte for byte")
    }

    func testTheBundleIsDeterministicAndTarReadsIt() throws {
        let folder = TemporaryFolder()
        let paths = try inputs(in: folder)
        _ = try ArchiveBuilder().build(paths: Array(paths.prefix(1)), into: folder.path + "/site")
        try TarGzWriter().write(folder: folder.path + "/site", root: "site", to: folder.path + "/a.tar.gz")
        try TarGzWriter().write(folder: folder.path + "/site", root: "site", to: folder.path + "/b.tar.gz")
        XCTAssertEqual(try read(folder.path + "/a.tar.gz"), try read(folder.path + "/b.tar.gz"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tar") else { throw XCTSkip("no tar to read it back") }
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["-xzf", folder.path + "/a.tar.gz", "-C", folder.path + "/x"]
        try FileManager.default.createDirectory(atPath: folder.path + "/x", withIntermediateDirectories: true)
        try tar.run()
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0)
        XCTAssertEqual(try read(folder.path + "/x/site/index.html"), try read(folder.path + "/site/index.html"))
        XCTAssertEqual(try read(folder.path + "/x/site/manifest.json"), try read(folder.path + "/site/manifest.json"))
    }

    func testALongNameGoesIntoTheUstarPrefix() throws {
        let name = "site/" + String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 60) + ".svg"
        let header = try TarGzWriter().header(name: name, size: 5, isFolder: false)
        XCTAssertEqual(String(decoding: header[0..<100].prefix { $0 != 0 }, as: UTF8.self), String(repeating: "f", count: 60) + ".svg")
        XCTAssertEqual(String(decoding: header[345..<500].prefix { $0 != 0 }, as: UTF8.self), "site/" + String(repeating: "d", count: 90))
        XCTAssertThrowsError(try TarGzWriter().header(name: String(repeating: "x", count: 300), size: 0, isFolder: false))
    }
}
