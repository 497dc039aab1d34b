import Foundation
@testable import RunReport
import XCTest

/// The archive's walls: folder names read from manifests and run cards are checked before use,
/// names made from ids are distinct for distinct ids, and an input counts as done only when all
/// its runs were written.
final class ArchiveWallTests: XCTestCase {
    private typealias Wall = WriteWallTests

    /// Folder names a manifest may carry to reach outside `runs/`, or onto runreport's own files.
    static let hostileFolders = ["../../victim", "..", ".", "", "/tmp", "a/../../b", "x/y", "a\u{0}b", ".staging", ".runreport",
                                 "..\\victim", "é", "a b", "ok\n", String(repeating: "a", count: 129)]

    func testSafeNamesHaveOneShape() {
        for name in Self.hostileFolders { XCTAssertNil(SafeName(validating: name), String(reflecting: name)) }
        for name in ["a", "run-1", "A.b_c~0", "a..b", String(repeating: "a", count: 128)] {
            XCTAssertEqual(SafeName(validating: name)?.text, name)
        }
    }

    func testMadeNamesAreSafeAndDistinctForDistinctIds() {
        let long = String(repeating: "x", count: 64)
        let pairs = [("a<b", "a>b"), (".", ".."), ("", "run"), ("run", "run~"), (long + "1", long + "2"), ("a_b", "a<b"),
                     ("a/b", "a_b"), ("é", "è"), (".hidden", "_hidden")]
        for (one, other) in pairs {
            let a = SafeName(making: one).text, b = SafeName(making: other).text
            XCTAssertNotEqual(a, b, "\(one) and \(other)")
            XCTAssertNotNil(SafeName(validating: a), a)
        }
        XCTAssertEqual(SafeName(making: "4abade68ae224041b48f1e16b5aa5510").text, "4abade68ae224041b48f1e16b5aa5510", "a clean id is kept")
        // Many short strings over an alphabet of what cleaning drops: no two share a name.
        var generator = SplitMix(seed: 16)
        let alphabet = Array("a_.<>~/é ").map(String.init)
        var seen: [String: String] = [:]
        for _ in 0..<5_000 {
            let text = (0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let name = SafeName(making: text).text
            XCTAssertNotNil(SafeName(validating: name), name)
            if let other = seen[name] { XCTAssertEqual(other, text, "\(other) and \(text) share \(name)") }
            seen[name] = text
        }
    }

    func testRunsWhoseIdsDifferOnlyInDroppedCharactersGetTheirOwnFolders() throws {
        let folder = TemporaryFolder()
        let long = String(repeating: "r", count: 70)
        let ids = ["a<b", "a>b", ".", "..", long + "-1", long + "-2"]
        let input = Wall.dump(folder, "in.jsonl", ids: ids)
        let outcome = try ArchiveBuilder().build(paths: [input], into: folder.path + "/site")
        XCTAssertEqual(outcome.runCount, ids.count)
        XCTAssertEqual(Set(ArchiveManifest.read(from: folder.path + "/site").runs.values.map(\.folder)).count, ids.count)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/site/runs").count, ids.count)
        XCTAssertEqual(try Wall.runreport(["render", input, "-o", folder.path + "/report"]).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/report").filter { $0 != ".runreport" && $0 != "index.html" }.count,
                       ids.count, "the same in a multi-run report")
    }

    /// A site of one run `t1`, then its manifest's folder for `t1` set to `name`.
    private func site(in folder: TemporaryFolder, folderName name: String) throws -> (site: String, input: String) {
        let input = Wall.dump(folder, "in/in.jsonl", ids: ["t1"])
        let site = folder.path + "/a/site"
        _ = try ArchiveBuilder().build(paths: [input], into: site)
        var manifest = ArchiveManifest.read(from: site)
        manifest.runs["t1"]?.folder = name
        try AtomicFile.write(manifest.encoded(), to: site + "/manifest.json")
        return (site, input)
    }

    func testAManifestNamingAFolderOutsideItsRunsIsRefusedWithNothingTouched() throws {
        for name in Self.hostileFolders {
            let folder = TemporaryFolder()
            let (site, _) = try site(in: folder, folderName: name)
            let victim = folder.write("a/victim/keep.txt", "keep")
            folder.write("a/site/b/keep.txt", "keep")
            folder.write(".merged.lock", "")  // the lock file beside an output is runreport's own
            let before = try Wall.snapshot(folder.path)
            var prune = ArchiveOptions()
            prune.prune = true
            XCTAssertThrowsError(try ArchiveBuilder(options: prune).build(paths: [], into: site), String(reflecting: name)) {
                XCTAssertEqual($0 as? OutputRefusal, .unsafeName(name: name, file: site + "/manifest.json"))
            }
            XCTAssertThrowsError(try ArchiveMerger().merge([site], into: folder.path + "/merged"))
            XCTAssertEqual(try Wall.snapshot(folder.path), before, "\(String(reflecting: name)): nothing touched")
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/merged"))
            XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep")
        }
        let folder = TemporaryFolder()
        let (site, _) = try site(in: folder, folderName: "../../victim")
        for command in [["archive", "--prune", folder.path + "/in/in.jsonl", "-o", site], ["index", site, "-o", folder.path + "/merged"]] {
            let outcome = try Wall.runreport(command)
            XCTAssertEqual(outcome.status, 1, command[0])
            XCTAssertTrue(outcome.stderr.contains("runreport: \(site)/manifest.json names the folder \"../../victim\", which is not one plain name"),
                          outcome.stderr)
        }
    }

    func testSymbolicLinksInsideASiteOrAShardAreRefused() throws {
        let folder = TemporaryFolder()
        let (site, _) = try site(in: folder, folderName: "t1")
        let victim = folder.write("victim/keep.txt", "keep")
        // runs/t1 swapped for a link out of the site: prune and merge refuse it.
        try FileManager.default.moveItem(atPath: site + "/runs/t1", toPath: folder.path + "/t1")
        try FileManager.default.createSymbolicLink(atPath: site + "/runs/t1", withDestinationPath: folder.path + "/victim")
        var prune = ArchiveOptions()
        prune.prune = true
        XCTAssertThrowsError(try ArchiveBuilder(options: prune).build(paths: [], into: site)) {
            XCTAssertEqual($0 as? OutputRefusal, .symbolicLink(path: site + "/runs/t1"))
        }
        XCTAssertThrowsError(try ArchiveMerger().merge([site], into: folder.path + "/merged"))
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep")
        // A real run folder holding a link to a file outside: a merge would copy what it points at.
        try FileManager.default.removeItem(atPath: site + "/runs/t1")
        try FileManager.default.moveItem(atPath: folder.path + "/t1", toPath: site + "/runs/t1")
        try FileManager.default.createSymbolicLink(atPath: site + "/runs/t1/charts/extra.svg", withDestinationPath: victim)
        XCTAssertThrowsError(try ArchiveMerger().merge([site], into: folder.path + "/merged")) {
            XCTAssertEqual($0 as? OutputRefusal, .symbolicLink(path: site + "/runs/t1/charts/extra.svg"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/merged"))
        // runs/ itself a link: refused before anything is written through it.
        try FileManager.default.removeItem(atPath: site + "/runs/t1/charts/extra.svg")
        try FileManager.default.moveItem(atPath: site + "/runs", toPath: folder.path + "/runs-elsewhere")
        try FileManager.default.createSymbolicLink(atPath: site + "/runs", withDestinationPath: folder.path + "/victim")
        XCTAssertThrowsError(try ArchiveBuilder().build(paths: [folder.path + "/in/in.jsonl"], into: site)) {
            XCTAssertEqual($0 as? OutputRefusal, .symbolicLink(path: site + "/runs"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/victim"), ["keep.txt"])
    }

    func testTwoShardsNamingOneFolderForTwoRunsDoNotOverwriteEachOther() throws {
        let folder = TemporaryFolder()
        let one = Wall.dump(folder, "in/one.jsonl", ids: ["t1"])
        let two = Wall.dump(folder, "in/two.jsonl", ids: ["t2"])
        _ = try ArchiveBuilder().build(paths: [one], into: folder.path + "/s1")
        _ = try ArchiveBuilder().build(paths: [two], into: folder.path + "/s2")
        var manifest = ArchiveManifest.read(from: folder.path + "/s2")
        manifest.runs["t2"]?.folder = "t1"
        try AtomicFile.write(manifest.encoded(), to: folder.path + "/s2/manifest.json")
        try FileManager.default.moveItem(atPath: folder.path + "/s2/runs/t2", toPath: folder.path + "/s2/runs/t1")
        let merged = try ArchiveMerger().merge([folder.path + "/s1", folder.path + "/s2"], into: folder.path + "/merged")
        XCTAssertEqual(merged.rendered, ["t1"])
        XCTAssertEqual(merged.problems.map(\.description).count, 1)
        XCTAssertTrue(merged.problems.first?.description.contains("names the folder runs/t1 of run t1") ?? false, "\(merged.problems)")
        XCTAssertEqual(RunCard.read(folder.path + "/merged/runs/t1/run.json")?.id, "t1", "the first run's folder is kept")
    }

    func testARunCardsOwnFolderIsNotTrusted() throws {
        let folder = TemporaryFolder()
        let (site, _) = try site(in: folder, folderName: "t1")
        let card = try String(contentsOfFile: site + "/runs/t1/run.json", encoding: .utf8)
        try AtomicFile.write(card.replacingOccurrences(of: "\"folder\" : \"t1\"", with: "\"folder\" : \"../../../evil\""), to: site + "/runs/t1/run.json")
        XCTAssertTrue(try String(contentsOfFile: site + "/runs/t1/run.json", encoding: .utf8).contains("evil"))
        _ = try ArchiveMerger().merge([site], into: folder.path + "/merged")
        let index = try String(contentsOfFile: folder.path + "/merged/index.html", encoding: .utf8)
        XCTAssertFalse(index.contains("evil"))
        XCTAssertTrue(index.contains("runs/t1/index.html"))
    }

    /// A shard's manifest names its inputs' paths: a merge reads them only when the command names them.
    func testAMergeReadsNoInputOnAManifestsWord() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/private", withIntermediateDirectories: true)
        for name in ["run-1.zip", "run-2.zip", "run-3.zip"] {
            try FileManager.default.copyItem(atPath: samplePath("clearml/sweep/" + name), toPath: folder.path + "/private/" + name)
        }
        _ = try ArchiveBuilder().build(paths: [folder.path + "/private"], into: folder.path + "/shard")
        try FileManager.default.removeItem(atPath: folder.path + "/shard/compare")
        let slug = SafeName(making: "examples/sweep").text
        _ = try ArchiveMerger().merge([folder.path + "/shard"], into: folder.path + "/merged")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/merged/compare/" + slug), "no input read")
        _ = try ArchiveMerger().merge([folder.path + "/shard"], into: folder.path + "/merged", inputs: [folder.path + "/private"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.path + "/merged/compare/" + slug + "/index.html"), "named, so read")
    }

    func testAnInputWhoseWriteFailedIsNotDoneAndIsReadAgain() throws {
        let folder = TemporaryFolder()
        let one = Wall.dump(folder, "in/one.jsonl", ids: ["t1"])
        let two = Wall.dump(folder, "in/two.jsonl", ids: ["t2", "t3"])
        let site = folder.path + "/site"
        var failing = ArchiveOptions()
        failing.beforeRunWrite = { id in if id == "t3" { throw OutputError.cannotWrite(path: id, reason: "No space left on device") } }
        let first = try ArchiveBuilder(options: failing).build(paths: [one, two], into: site)
        XCTAssertEqual(first.failed, [two])
        XCTAssertEqual(first.rendered, ["t1"], "no run of the failed input is put in place")
        XCTAssertEqual(ArchiveManifest.read(from: site).inputs.keys.sorted(), [one])
        let second = try ArchiveBuilder().build(paths: [one, two], into: site)
        XCTAssertEqual(second.failed, [])
        XCTAssertEqual(second.rendered.sorted(), ["t2", "t3"], "read again and written")
        XCTAssertEqual(second.reused, ["t1"])
        // A changed input that fails keeps what the archive had of it (old hash, old runs).
        let recorded = ArchiveManifest.read(from: site)
        Wall.dump(folder, "in/two.jsonl", ids: ["t2", "t3", "t4"])
        let third = try ArchiveBuilder(options: failing).build(paths: [one, two], into: site)
        XCTAssertEqual(third.failed, [two])
        XCTAssertEqual(ArchiveManifest.read(from: site).inputs[two], recorded.inputs[two])
        XCTAssertEqual(try ArchiveBuilder().build(paths: [one, two], into: site).rendered.sorted(), ["t2", "t3", "t4"])
    }

    /// A real short write: a file size limit (ulimit -f, SIGXFSZ ignored) that the run's page
    /// passes and the site's index and manifest do not.
    func testAFullDiskFailsTheArchiveAndTheNextRunRetries() throws {
        let folder = TemporaryFolder()
        let big = folder.path + "/big.zip"
        try FileManager.default.copyItem(atPath: samplePath("clearml/small.zip"), toPath: big)
        let small = Wall.dump(folder, "small.jsonl", ids: ["t1"])
        let site = folder.path + "/site"
        let limited = try Wall.runreport(["archive", big, small, "-o", site, "--quiet"], shell: "ulimit -f 32; trap '' XFSZ")
        XCTAssertEqual(limited.status, 1, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("1 input(s) could not be written; the manifest does not count them as done"), limited.stderr)
        XCTAssertEqual(ArchiveManifest.read(from: site).inputs.keys.sorted(), [small])
        let again = try Wall.runreport(["archive", big, small, "-o", site, "--quiet"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("(1 rendered, 1 unchanged, 0 removed)"), again.stderr)
    }
}
