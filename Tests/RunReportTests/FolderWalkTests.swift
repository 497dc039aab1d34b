import Foundation
@testable import RunReport
import XCTest

/// Walks below a named folder follow no symbolic link, meet each folder once and open no
/// special file; a named path is used as it is, a link included.
final class FolderWalkTests: XCTestCase {
    private func dump(_ task: String) -> String { scalarLine(task: task, iter: 0, value: "1") + "\n" }

    func testAWalkFollowsNoLinkAndEndsOnLoops() throws {
        let folder = TemporaryFolder()
        let named = folder.path + "/runs"
        folder.write("runs/a.jsonl", dump("inside"))
        folder.write("runs/sub/b.jsonl", dump("below"))
        folder.write("elsewhere/other.jsonl", dump("outside"))
        XCTAssertEqual(symlink(".", named + "/self"), 0)
        XCTAssertEqual(symlink("..", named + "/sub/up"), 0)
        XCTAssertEqual(symlink(named, named + "/sub/back"), 0)
        XCTAssertEqual(symlink("../elsewhere/other.jsonl", named + "/link.jsonl"), 0)
        XCTAssertEqual(symlink("../elsewhere", named + "/linkdir"), 0)
        XCTAssertEqual(mkfifo(named + "/pipe.jsonl", 0o600), 0)

        let catalog = InputCatalog(paths: [named])
        XCTAssertEqual(catalog.items.map(\.path), [named + "/a.jsonl", named + "/sub/b.jsonl"])
        XCTAssertEqual(catalog.problems, [])
        XCTAssertEqual(catalog.ignored, [named + "/link.jsonl", named + "/linkdir", named + "/pipe.jsonl", named + "/self",
                                         named + "/sub/back", named + "/sub/up"])
        let result = RunLoader().load(paths: [named])
        XCTAssertEqual(result.runs.map(\.id), ["inside", "below"])
    }

    func testANamedLinkIsTheUsersChoice() throws {
        let folder = TemporaryFolder()
        folder.write("real/a.jsonl", dump("named"))
        XCTAssertEqual(symlink(folder.path + "/real", folder.path + "/via"), 0)
        XCTAssertEqual(symlink(folder.path + "/real/a.jsonl", folder.path + "/file.jsonl"), 0)
        XCTAssertEqual(RunLoader().load(paths: [folder.path + "/via"]).runs.map(\.id), ["named"])
        XCTAssertEqual(RunLoader().load(paths: [folder.path + "/file.jsonl"]).runs.map(\.id), ["named"])
    }

    func testAFolderIsDetectedOnlyByFilesInsideIt() throws {
        let folder = TemporaryFolder()
        folder.write("outside/task.json", #"{"id": "stolen"}"#)
        folder.write("outside/metrics.jsonl", dump("stolen"))
        folder.write("runs/s/readme.txt", "not a session")
        XCTAssertEqual(symlink("../../outside/task.json", folder.path + "/runs/s/task.json"), 0)
        XCTAssertEqual(symlink("../../outside/metrics.jsonl", folder.path + "/runs/s/metrics.jsonl"), 0)
        XCTAssertNil(InputDetector.detect(folder: folder.path + "/runs/s"), "links that leave do not make a session")
        let result = RunLoader().load(paths: [folder.path + "/runs"])
        XCTAssertFalse(result.runs.contains { $0.id == "stolen" })
    }

    func testADeepFolderChainEnds() throws {
        let folder = TemporaryFolder()
        var path = folder.path + "/deep"
        for _ in 0..<(InputCatalog.maxDepth + 5) { path += "/d" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path + "/a.jsonl", contents: Data(dump("deep").utf8))
        let catalog = InputCatalog(paths: [folder.path + "/deep"])
        XCTAssertEqual(catalog.items, [], "nothing below the depth limit")
        XCTAssertEqual(catalog.ignored.count, 1)
    }
}

extension FolderWalkTests {
    func testANamedFIFOIsRefusedWithoutWaiting() throws {
        let folder = TemporaryFolder()
        let fifo = folder.path + "/pipe.jsonl"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertThrowsError(try OpenFile(path: fifo)) { error in
            XCTAssertEqual(error as? InputError, .cannotOpen(path: fifo, reason: "not a regular file"))
        }
        let result = RunLoader().load(paths: [fifo])
        XCTAssertEqual(result.problems.map(\.description), [fifo + ": cannot open " + fifo + ": not a regular file"])
    }
}
