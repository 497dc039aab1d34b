import Foundation
@testable import RunReport
import XCTest

/// Memory is bounded by the output, not by what an input refers to: a line over the cap is a
/// reported problem, a file many uploads name is read once, what a run reads has a budget.
final class MemoryWallTests: XCTestCase {
    private func lines(_ count: Int, task: String = "t1", from: Int = 0) -> [String] {
        (from..<(from + count)).map { scalarLine(task: task, iter: Int64($0), value: "\($0)") }
    }

    private func longLine(_ bytes: Int) -> String { #"{"x": ""# + String(repeating: "a", count: bytes) + #""}"# }

    private func chunkedLines(_ text: String, cap: Int, chunkSize: Int) throws -> (lines: [String], skipped: [UInt64]) {
        var chunker = LineChunker(source: MemorySource(Array(text.utf8)), chunkSize: chunkSize, maxLineBytes: cap)
        var seen: [String] = []
        try chunker.forEachChunk { chunk in
            let found = chunk.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            let whole = chunk.endsInput && chunk.bytes.last != 0x0A ? found : found.dropLast()
            seen += whole.map { String(decoding: $0, as: UTF8.self) }
            return UInt64(whole.count)
        }
        return (seen, chunker.skippedLines)
    }

    func testTheLineCapIsExactWhateverTheReadSize() throws {
        for chunkSize in [16, 64, 4096] {
            let cap = 40
            let atCap = String(repeating: "b", count: cap), overCap = String(repeating: "c", count: cap + 1)
            let text = ["short", atCap, overCap, "after", String(repeating: "d", count: 500), atCap, "end"].joined(separator: "\n")
            let (seen, skipped) = try chunkedLines(text, cap: cap, chunkSize: chunkSize)
            XCTAssertEqual(seen, ["short", atCap, "after", atCap, "end"], "chunk \(chunkSize)")
            XCTAssertEqual(skipped, [3, 5], "chunk \(chunkSize)")
            let (lastSeen, lastSkipped) = try chunkedLines("one\n" + overCap, cap: cap, chunkSize: chunkSize)
            XCTAssertEqual(lastSeen, ["one"])
            XCTAssertEqual(lastSkipped, [2], "the last line, without a newline")
        }
    }

    func testALongLineInACompressedZipIsReportedNotHeld() throws {
        let folder = TemporaryFolder()
        let metrics = (lines(3) + [longLine(3 << 20)] + lines(4, from: 3)).joined(separator: "\n") + "\n"
        let zip = testZip([TestZipEntry(name: "task.json", bytes: Array(#"{"id": "t1"}"#.utf8)),
                           TestZipEntry(name: "metrics.jsonl", bytes: Array(metrics.utf8), deflate: true)])
        XCTAssertLessThan(zip.count, 64 << 10, "highly compressible")
        let path = folder.write("s.zip", zip)
        var options = LoadOptions()
        options.maxLineBytes = 1 << 20
        let result = RunLoader(options: options).load(paths: [path])
        XCTAssertEqual(result.problems.map(\.description), [path + ":metrics.jsonl:4: line longer than 1048576 bytes (--max-line-bytes); skipped"])
        XCTAssertEqual(result.runs.first?.series.first?.value.count, 7, "the lines around it are read")
        XCTAssertEqual(RunLoader().load(paths: [path]).problems.count, 1, "the default cap reads it (not an event: one problem)")
    }

    func testALongLineInAGzipDumpIsReportedNotHeld() throws {
        let folder = TemporaryFolder()
        let text = (lines(3) + [longLine(3 << 20)] + lines(4, from: 3)).joined(separator: "\n") + "\n"
        let path = folder.write("d.jsonl.gz", gzip(Array(text.utf8)))
        var options = LoadOptions()
        options.maxLineBytes = 1 << 20
        let result = RunLoader(options: options).load(paths: [path])
        XCTAssertEqual(result.inputs.first?.item.kind, .eventLines(gzip: true))
        XCTAssertEqual(result.problems.map(\.description), [path + ":4: line longer than 1048576 bytes (--max-line-bytes); skipped"])
        XCTAssertEqual(result.runs.first?.series.first?.value.count, 7, "the lines around it are read")
    }

    func testAPlainFilesLongLineIsSkippedMappedOrRead() throws {
        let folder = TemporaryFolder()
        let text = (lines(3) + [longLine(300_000)] + lines(5, from: 3) + [longLine(200_000)] + lines(2, from: 8)).joined(separator: "\n")
        let path = folder.write("d.jsonl", text)
        for mapped in [false, true] {
            for chunkSize in [4096, 1 << 20] {
                var options = LoadOptions()
                options.maxLineBytes = 100_000
                options.mapFiles = mapped
                options.chunkSize = chunkSize
                options.workers = 1
                let result = RunLoader(options: options).load(paths: [path])
                XCTAssertEqual(result.problems.compactMap(\.line), [4, 10], "mapped \(mapped), chunk \(chunkSize)")
                XCTAssertEqual(result.runs.first?.series.first?.value.count, 10, "mapped \(mapped), chunk \(chunkSize)")
            }
        }
    }

    func testACometLineAndADocumentOverTheCapAreReported() throws {
        let folder = TemporaryFolder()
        folder.write("exp/experiment.json", #"{"offline_id": "c1"}"#)
        let metric = #"{"payload":{"context":null,"metric":{"metricName":"loss","metricValue":1,"step":0}},"type":"metric_msg"}"#
        folder.write("exp/messages.json", [metric, longLine(5000), metric].joined(separator: "\n"))
        var options = LoadOptions()
        options.maxLineBytes = 1000
        let comet = RunLoader(options: options).load(paths: [folder.path + "/exp"])
        XCTAssertEqual(comet.problems.map(\.location), [folder.path + "/exp/messages.json:2"])
        XCTAssertEqual(comet.runs.first?.counts.byKind[.scalar], 2)

        let document = "{\n  \"events\": [\n" + String(repeating: " ", count: 2000) + "\n  ]\n}\n"
        let path = folder.write("page.json", document)
        let result = RunLoader(options: options).load(paths: [path])
        XCTAssertEqual(result.inputs.first?.item.kind, .eventDocument(gzip: false))
        XCTAssertTrue(result.problems.contains { $0.explanation.contains("larger than 1000 bytes (--max-line-bytes)") }, "\(result.problems)")
    }

    /// A Comet archive whose messages name one file many times.
    private func repeatedAsset(_ folder: TemporaryFolder, kind: String, size: Int, times: Int) -> String {
        folder.write("exp/experiment.json", #"{"offline_id": "c1"}"#)
        folder.write("exp/big.txt", [UInt8](repeating: UInt8(ascii: "z"), count: size))
        let upload = #"{"payload":{"file_path":"big.txt","upload_type":"\#(kind)"},"type":"file_upload"}"#
        folder.write("exp/messages.json", Array(repeating: upload, count: times).joined(separator: "\n"))
        return folder.path + "/exp"
    }

    /// A folder archive that counts the bytes of the files it hands out.
    private final class CountingFolder: SessionContainer {
        let inner: SessionFolder
        var bytes = 0
        init(_ path: String) { inner = SessionFolder(path: path, isComet: true) }
        func source(for name: String) throws -> ByteSource? { try inner.source(for: name) }
        func contents(of name: String) throws -> [UInt8]? {
            let found = try inner.contents(of: name)
            bytes += found?.count ?? 0
            return found
        }
        func size(of name: String) throws -> Int? { try inner.size(of: name) }
        func displayName(_ name: String) -> String { inner.displayName(name) }
        var files: RunFiles { inner.files }
        var problems: [InputProblem] { inner.problems }
        var isCompressed: Bool { false }
    }

    func testAFileNamedManyTimesIsReadOnceAndWithinTheBudget() throws {
        let folder = TemporaryFolder()
        let size = 4 << 20
        let path = repeatedAsset(folder, kind: "text-sample", size: size, times: 2000)
        let counting = CountingFolder(path)
        var report = InputReport(item: InputItem(path: path, kind: .cometArchive(zip: false)))
        CometLoader(archive: counting, path: path).read(into: &report)
        let experiment = #"{"offline_id": "c1"}"#.utf8.count
        XCTAssertEqual(counting.bytes, size + experiment, "the file is read once")
        let run = try XCTUnwrap(report.runs.first)
        let kept = CometRunBuilder.maxReadBytes / size
        XCTAssertEqual(run.extras.textSamples.count, kept, "64 MiB of text samples in the run")
        XCTAssertEqual(run.extras.assets.count, 2000 - kept, "the others listed with their size")
        XCTAssertEqual(Set(run.extras.assets.map(\.size)), [size])
        XCTAssertEqual(report.problems, [])
    }

    func testJSONUploadsNamedManyTimesAreParsedOnce() throws {
        let folder = TemporaryFolder()
        folder.write("exp/experiment.json", #"{"offline_id": "c1"}"#)
        folder.write("exp/curve.json", #"{"name": "c", "x": [1, 2], "y": [3, 4]}"#)
        let upload = #"{"payload":{"file_path":"curve.json","upload_type":"curve","step":1},"type":"file_upload"}"#
        folder.write("exp/messages.json", Array(repeating: upload, count: 50).joined(separator: "\n"))
        let counting = CountingFolder(folder.path + "/exp")
        var report = InputReport(item: InputItem(path: folder.path + "/exp", kind: .cometArchive(zip: false)))
        CometLoader(archive: counting, path: folder.path + "/exp").read(into: &report)
        XCTAssertEqual(report.runs.first?.plots.count, 50)
        XCTAssertEqual(counting.bytes, #"{"offline_id": "c1"}"#.utf8.count + #"{"name": "c", "x": [1, 2], "y": [3, 4]}"#.utf8.count)
    }
}
