import Foundation
@testable import RunReport
import XCTest

/// Reading stays inside the input: names and symbolic links that leave an input's root are
/// refused and reported, folder walks follow no link, zip link entries are never read.
final class ReadWallTests: XCTestCase {
    private let secret = "OUTSIDE-SECRET-7f3a"
    private var fakePNG: [UInt8] { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(secret.utf8) }

    private func link(_ path: String, to target: String) {
        XCTAssertEqual(symlink(target, path), 0, "symlink \(path)")
    }

    private func refusal(_ root: InputRoot, _ name: String) -> String? {
        do {
            _ = try root.open(name)
            return nil
        } catch let InputError.outsideInput(_, reason) {
            return reason
        } catch {
            return "\(error)"
        }
    }

    /// Every file below `folder`, as text: what an output holds.
    private func everything(below folder: String) -> String {
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return files.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .isoLatin1) }.joined()
    }

    func testNamesThatLeaveTheRootAreRefused() throws {
        let folder = TemporaryFolder()
        folder.write("root/a/b.txt", "b")
        folder.write("outside.txt", secret)
        let root = InputRoot(path: folder.path + "/root")
        XCTAssertEqual(refusal(root, "/etc/passwd"), "an absolute name")
        XCTAssertEqual(refusal(root, "../outside.txt"), "a name with '..'")
        XCTAssertEqual(refusal(root, "a/../../outside.txt"), "a name with '..'")
        XCTAssertEqual(refusal(root, "a/../a/b.txt"), "a name with '..'", "no '..' at all, even one that comes back")
        XCTAssertEqual(refusal(root, "a"), "not a regular file")
        XCTAssertEqual(refusal(root, ""), "not a regular file")
        XCTAssertEqual(try root.open("./a//b.txt")?.bytes(at: 0, count: 1), Array("b".utf8))
        XCTAssertNil(try root.open("a/missing.txt"))
        XCTAssertNil(try root.open("a/b.txt/c"), "a file is not a folder")
    }

    func testLinksAreFollowedOnlyWhileTheyStayInside() throws {
        let folder = TemporaryFolder()
        let rootPath = folder.path + "/root"
        folder.write("root/inside.txt", "in")
        folder.write("root/sub/keep.txt", "keep")
        folder.write("outside.txt", secret)
        folder.write("outdir/secret.txt", secret)
        link(rootPath + "/good", to: "inside.txt")
        link(rootPath + "/sub/good2", to: "../inside.txt")
        link(rootPath + "/chain1", to: "chain2")
        link(rootPath + "/chain2", to: "sub/../inside.txt")
        link(rootPath + "/selfdir", to: ".")
        link(rootPath + "/out", to: "../outside.txt")
        link(rootPath + "/abs", to: rootPath + "/inside.txt")
        link(rootPath + "/sub/deep", to: "../../outside.txt")
        link(rootPath + "/dirout", to: "../outdir")
        link(rootPath + "/sub/updown", to: "../sub/../../outdir/secret.txt")
        link(rootPath + "/loop", to: "loop")
        link(rootPath + "/dangling", to: "nothing-here")
        XCTAssertEqual(mkfifo(rootPath + "/pipe", 0o600), 0)
        let root = InputRoot(path: rootPath)
        for name in ["good", "sub/good2", "chain1", "selfdir/inside.txt", "selfdir/selfdir/sub/good2"] {
            XCTAssertEqual(try root.open(name)?.bytes(at: 0, count: 2), Array("in".utf8), name)
        }
        XCTAssertEqual(try root.open("sub/keep.txt")?.size, 4)
        for name in ["out", "abs", "sub/deep", "dirout/secret.txt", "sub/updown", "selfdir/out", "dirout"] {
            XCTAssertEqual(refusal(root, name), "a symbolic link that leaves the input", name)
        }
        XCTAssertEqual(refusal(root, "loop"), "more than 32 symbolic links in a row")
        XCTAssertEqual(refusal(root, "pipe"), "not a regular file", "a FIFO is never opened for reading (it would block)")
        XCTAssertEqual(refusal(root, "selfdir"), "not a regular file")
        XCTAssertNil(try root.open("dangling"))
        XCTAssertFalse(root.holds("out"))
        XCTAssertTrue(root.holds("good"))

        let leaving = root.leavingLinks()
        XCTAssertEqual(leaving.map(\.name), ["abs", "dirout", "loop", "out", "sub/deep", "sub/updown"])
        XCTAssertEqual(leaving.first?.reason, "a symbolic link that leaves the input")
    }

    private func sessionFolder(in folder: TemporaryFolder, images: [String]) -> String {
        folder.write("session/task.json", #"{"id": "t1", "name": "links"}"#)
        var lines = (0..<5).map { scalarLine(task: "t1", iter: Int64($0), value: "\($0)") }
        for (index, key) in images.enumerated() {
            lines.append(#"{"timestamp": 1795357331768, "type": "training_debug_image", "task": "t1", "iter": \#(index), "metric": "m", "variant": "\#(key)", "key": "\#(key)", "url": "/root/\#(key)", "method": "get"}"#)
        }
        folder.write("session/metrics.jsonl", lines.joined(separator: "\n") + "\n")
        return folder.path + "/session"
    }

    func testASessionsLinksThatLeaveAreReportedAndNothingOutsideReachesTheReport() throws {
        let folder = TemporaryFolder()
        let session = sessionFolder(in: folder, images: ["x.png", "sub/y.png", "in.png"])
        folder.write("outside.png", fakePNG)
        folder.write("outdir/y.png", fakePNG)
        let inside = [0x89, 0x50, 0x4E, 0x47] + Array("INSIDE-IMAGE".utf8)
        try FileManager.default.createDirectory(atPath: session + "/data", withIntermediateDirectories: true)
        folder.write("session/extra/in.png", inside)
        link(session + "/data/x.png", to: "../../outside.png")
        link(session + "/data/sub", to: folder.path + "/outdir")
        link(session + "/data/in.png", to: "../extra/in.png")
        let result = RunLoader().load(paths: [session])
        let run = try XCTUnwrap(result.runs.first)
        XCTAssertEqual(run.series.first?.value.count, 5, "the rest is read")
        let problems = result.problems.map(\.description)
        XCTAssertEqual(problems.sorted(), [
            session + ": data/sub: a symbolic link that leaves the input; not read",
            session + ": data/x.png: a symbolic link that leaves the input; not read",
        ])
        let resolver = ImageResolver(files: run.files)
        XCTAssertNil(resolver.bytes(of: run.debugImages[0]))
        XCTAssertNil(resolver.bytes(of: run.debugImages[1]), "a link in an intermediate folder")
        XCTAssertEqual(resolver.bytes(of: run.debugImages[2]), inside, "a link that stays inside is followed")
        XCTAssertEqual(ValidationReport.imagesFound(in: run), 1)

        let out = folder.path + "/report"
        var options = ReportOptions()
        options.imageBudget = 1 << 20
        try ReportWriter(options: options).write(result, to: out)
        let written = everything(below: out)
        XCTAssertFalse(written.contains(secret))
        XCTAssertFalse(written.contains(Data(fakePNG).base64EncodedString()))
        XCTAssertTrue(written.contains(Data(inside).base64EncodedString()), "the inside image is embedded")
    }

    func testACometFoldersLinkedAssetIsNotRead() throws {
        let folder = TemporaryFolder()
        folder.write("secret.txt", secret)
        folder.write("exp/experiment.json", #"{"offline_id": "c1"}"#)
        folder.write("exp/messages.json", [
            #"{"payload":{"context":null,"metric":{"metricName":"loss","metricValue":1,"step":0}},"type":"metric_msg"}"#,
            #"{"payload":{"file_path":"sample.txt","upload_type":"text-sample"},"type":"file_upload"}"#,
            #"{"payload":{"file_path":"code.py","upload_type":"source_code"},"type":"file_upload"}"#,
        ].joined(separator: "\n"))
        link(folder.path + "/exp/sample.txt", to: "../secret.txt")
        link(folder.path + "/exp/code.py", to: folder.path + "/secret.txt")
        let result = RunLoader().load(paths: [folder.path + "/exp"])
        let run = try XCTUnwrap(result.runs.first)
        XCTAssertTrue(run.extras.textSamples.isEmpty && run.extras.sourceFiles.isEmpty)
        let problems = result.problems.map(\.description)
        XCTAssertTrue(problems.contains { $0.hasSuffix("messages.json:2: sample.txt: a symbolic link that leaves the input; not read") },
                      "\(problems)")
        XCTAssertEqual(problems.filter { $0.contains("code.py: a symbolic link that leaves the input") }.count, 2,
                       "the folder's link and the upload that names it")
        try ReportWriter().write(result, to: folder.path + "/report")
        XCTAssertFalse(everything(below: folder.path + "/report").contains(secret))
    }

    func testZipSymbolicLinkEntriesAreNeverRead() throws {
        let folder = TemporaryFolder()
        let session = testZip([
            TestZipEntry(name: "task.json", bytes: Array(#"{"id": "t1"}"#.utf8)),
            TestZipEntry(name: "metrics.jsonl", bytes: Array((scalarLine(task: "t1", iter: 0, value: "1") + "\n"
                + #"{"timestamp": 1, "type": "training_debug_image", "task": "t1", "iter": 0, "metric": "m", "variant": "v", "key": "x.png"}"#).utf8)),
            TestZipEntry(name: "data/x.png", bytes: Array("/etc/passwd".utf8), symbolicLink: true),
            TestZipEntry(name: "log.jsonl", bytes: Array("../../outside.jsonl".utf8), deflate: true, symbolicLink: true),
        ])
        let result = RunLoader().load(paths: [folder.write("s.zip", session)])
        let run = try XCTUnwrap(result.runs.first)
        XCTAssertEqual(run.series.first?.value.count, 1)
        XCTAssertEqual(result.problems.map(\.explanation).sorted(), [
            "zip entry data/x.png is a symbolic link; not followed",
            "zip entry log.jsonl is a symbolic link; not followed",
        ])
        XCTAssertNil(ImageResolver(files: run.files).bytes(of: run.debugImages[0]))
        XCTAssertEqual(run.logCount, 0, "the link's text is not read as log.jsonl")

        let comet = testZip([
            TestZipEntry(name: "experiment.json", bytes: Array(#"{"offline_id": "c1"}"#.utf8)),
            TestZipEntry(name: "messages.json", bytes: Array(#"{"payload":{"file_path":"s.txt","upload_type":"text-sample"},"type":"file_upload"}"#.utf8)),
            TestZipEntry(name: "s.txt", bytes: Array("/etc/hostname".utf8), symbolicLink: true),
        ])
        let cometResult = RunLoader().load(paths: [folder.write("c.zip", comet)])
        XCTAssertEqual(cometResult.runs.first?.extras.textSamples.count, 0)
        XCTAssertTrue(cometResult.problems.contains { $0.explanation == "zip entry s.txt is a symbolic link; not followed" })
    }
}
