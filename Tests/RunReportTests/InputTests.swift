@testable import RunReport
import XCTest

/// Byte sources and input recognition: gzip, zip, sessions, documents, damage of every kind.
final class InputTests: XCTestCase {
    private let lines = (0..<50).map { scalarLine(iter: Int64($0), value: "\($0)") }.joined(separator: "\n") + "\n"
    /// The same lines naming no task: in a session they belong to task.json's task.
    private let sessionLines = (0..<50).map { scalarLine(iter: Int64($0), value: "\($0)") }
        .joined(separator: "\n").replacingOccurrences(of: "\"task\": \"t\", ", with: "") + "\n"

    private func load(_ paths: [String], _ configure: (inout LoadOptions) -> Void = { _ in }) -> LoadResult {
        var options = LoadOptions()
        configure(&options)
        return RunLoader(options: options).load(paths: paths)
    }

    func testMultiMemberGzipIsReadWhole() {
        let folder = TemporaryFolder()
        let half = lines.count / 2
        let first = String(lines.prefix(half)), second = String(lines.dropFirst(half))
        let path = folder.write("two.jsonl.gz", gzip(Array(first.utf8)) + gzip(Array(second.utf8)))
        let result = load([path])
        XCTAssertEqual(result.inputs.first?.item.kind, .eventLines(gzip: true))
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.runs.first?.series[SeriesKey(metric: "loss", variant: "train")]?.count, 50)
    }

    func testTruncatedGzipKeepsWhatCameBeforeAndSaysSo() {
        let folder = TemporaryFolder()
        let whole = gzip(Array(lines.utf8))
        let path = folder.write("cut.jsonl.gz", Array(whole.prefix(whole.count * 2 / 3)))
        let result = load([path])
        let points = result.runs.first?.series[SeriesKey(metric: "loss", variant: "train")]?.count ?? 0
        XCTAssertGreaterThan(points, 10)
        XCTAssertLessThan(points, 50)
        XCTAssertTrue(result.problems.contains { $0.reason == .unreadable("gzip stream is truncated") }, "\(result.problems)")
    }

    func testCorruptGzipKeepsWhatCameBeforeAndSaysSo() {
        let folder = TemporaryFolder()
        // Incompressible-ish lines so that damage at two thirds lands after the first lines' data.
        var random = LinearCongruential(seed: 3)
        let text = (0..<2000).map { scalarLine(iter: Int64($0), value: "\(Double(random.next() % 1_000_000) / 7)") }
            .joined(separator: "\n") + "\n"
        var bytes = gzip(Array(text.utf8))
        for i in (bytes.count * 2 / 3)..<(bytes.count * 2 / 3 + 64) { bytes[i] ^= 0xA5 }
        let result = load([folder.write("bad.jsonl.gz", bytes)])
        let points = result.runs.first?.series[SeriesKey(metric: "loss", variant: "train")]?.count ?? 0
        XCTAssertGreaterThan(points, 100)
        XCTAssertLessThan(points, 2000)
        XCTAssertTrue(result.problems.contains { $0.explanation.hasPrefix("gzip stream is corrupt") }, "\(result.problems)")
    }

    func testSessionZipReadsTheSameAsTheFolder() {
        let folder = load([samplePath("clearml/small")])
        let zip = load([samplePath("clearml/small.zip")])
        XCTAssertEqual(folder.problems, [])
        XCTAssertEqual(zip.problems, [])
        XCTAssertEqual(folder.runs.count, 1)
        XCTAssertEqual(folder.runs.first?.counts, zip.runs.first?.counts)
        XCTAssertEqual(folder.runs.first.map(pointBits), zip.runs.first.map(pointBits))
        XCTAssertEqual(zip.runs.first?.files, .sessionZip(samplePath("clearml/small.zip")))
    }

    func testTruncatedZipIsReadFromItsLocalHeaders() throws {
        let folder = TemporaryFolder()
        let task = Array(#"{"id": "task-1", "name": "cut"}"#.utf8)
        let metrics = Array(sessionLines.utf8)
        let log = Array((#"[{"type": "log", "msg": "hello", "level": "info", "timestamp": 1}]"# + "\n").utf8)
        let whole = storedZip([("task.json", task), ("metrics.jsonl", metrics), ("log.jsonl", log)])
        // Cut inside log.jsonl's data: no central directory, log.jsonl incomplete.
        let cut = Array(whole.prefix(30 + 9 + task.count + 30 + 13 + metrics.count + 30 + 9 + 10))
        let path = folder.write("session.zip", cut)
        let result = load([path])
        XCTAssertEqual(result.inputs.first?.item.kind, .clearmlSessionZip)
        let run = try XCTUnwrap(result.runs.first)
        XCTAssertEqual(run.id, "task-1")
        XCTAssertEqual(run.metadata?.name, "cut")
        XCTAssertEqual(run.series[SeriesKey(metric: "loss", variant: "train")]?.count, 50)
        XCTAssertTrue(result.problems.contains { $0.explanation.contains("truncated") }, "\(result.problems)")
    }

    func testATruncatedZipsLastEntryIsReadUpToTheDamage() throws {
        let folder = TemporaryFolder()
        let metrics = Array(((0..<2000).map { scalarLine(task: "t1", iter: Int64($0), value: "\($0)") }.joined(separator: "\n") + "\n").utf8)
        for deflate in [false, true] {
            let whole = testZip([TestZipEntry(name: "task.json", bytes: Array(#"{"id": "t1"}"#.utf8)),
                                 TestZipEntry(name: "metrics.jsonl", bytes: metrics, deflate: deflate)])
            let dataStart = 30 + 9 + 12 + 30 + 13
            let dataSize = deflate ? rawDeflate(metrics).count : metrics.count
            let path = folder.write("cut\(deflate).zip", Array(whole.prefix(dataStart + dataSize / 2)))
            let result = RunLoader().load(paths: [path])
            let points = try XCTUnwrap(result.runs.first?.series.first?.value.count, "deflate \(deflate)")
            XCTAssertGreaterThan(points, deflate ? 100 : 900, "deflate \(deflate)")
            XCTAssertLessThan(points, 2000)
            let explanations = result.problems.map(\.explanation)
            XCTAssertTrue(explanations.contains("zip entry metrics.jsonl is truncated"), "\(explanations)")
            XCTAssertTrue(explanations.contains { $0.hasPrefix("zip archive is truncated (no central directory)") })
        }
    }

    func testZipEntriesThatLeaveTheirFolderAreRefused() {
        let folder = TemporaryFolder()
        let zip = storedZip([("task.json", Array(#"{"id": "z"}"#.utf8)), ("metrics.jsonl", Array(sessionLines.utf8)),
                             ("../../escape.jsonl", Array("x".utf8)), ("/etc/passwd", Array("x".utf8))])
        let result = load([folder.write("evil.zip", zip)])
        let refused = result.problems.map(\.explanation)
        XCTAssertTrue(refused.contains { $0.contains("../../escape.jsonl") && $0.contains("leaves its folder") })
        XCTAssertTrue(refused.contains { $0.contains("/etc/passwd") })
        XCTAssertEqual(result.runs.first?.series.first?.value.count, 50)
    }

    func testAZipEntryCannotExpandPastItsLimitOrItsDeclaredSize() throws {
        let folder = TemporaryFolder()
        let big = storedZip([("task.json", Array(#"{"id": "z"}"#.utf8)), ("metrics.jsonl", Array(lines.utf8))])
        var options = LoadOptions()
        options.zipLimits = ZipArchive.Limits(maxEntrySize: 100, maxTotalSize: 1 << 20, maxEntries: 10)
        let limited = RunLoader(options: options).load(paths: [folder.write("big.zip", big)])
        XCTAssertTrue(limited.problems.contains { $0.explanation.contains("larger than the limit of 100 bytes") })

        // An entry whose data is longer than its header says is cut at the declared size.
        let lying = storedZip([("metrics.jsonl", Array(lines.utf8))], declaredSizes: [200])
        let archive = try ZipArchive(file: OpenFile(path: folder.write("lying.zip", lying)))
        let entry = try XCTUnwrap(archive.entry(named: "metrics.jsonl"))
        var source = try archive.source(for: entry)
        XCTAssertThrowsError(try source.readAll()) { error in
            XCTAssertEqual(error as? InputError, .zipEntryTooLarge(name: "metrics.jsonl", limit: 200))
        }
    }

    func testPrettyPrintedResponsePageIsReadAsOneDocument() {
        let folder = TemporaryFolder()
        let page = """
            {
              "events": [
                {"type": "log", "task": "p", "msg": "one", "timestamp": 1, "level": "info", "worker": "w"},
                {"type": "log", "task": "p", "msg": "two", "timestamp": 2, "level": "info", "worker": "w"}
              ],
              "returned": 2,
              "total": 2,
              "scroll_id": "abc"
            }
            """
        let result = load([folder.write("page.json", page)])
        XCTAssertEqual(result.inputs.first?.item.kind, .eventDocument(gzip: false))
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.runs.first?.logCount, 2)
    }

    func testADumpWhoseFirstLineIsBrokenLosesOnlyThatLine() {
        let folder = TemporaryFolder()
        // Cut off at the front (a file copied from the middle of a stream), then whole lines.
        let dump = #"ic": "loss", "variant": "train", "value": 0.5}"# + "\n" + lines
        let result = load([folder.write("cut.json", dump)])
        XCTAssertEqual(result.inputs.first?.item.kind, .eventLines(gzip: false))
        XCTAssertEqual(result.problems.map(\.line), [1])
        XCTAssertEqual(result.runs.first?.series.values.reduce(0) { $0 + $1.count }, load([folder.write("whole.jsonl", lines)]).runs.first?.series.values.reduce(0) { $0 + $1.count })
        // A first line that opens an object but is broken: the same.
        let opened = load([folder.write("opened.jsonl", "{\"type\": \"log\", \"ta\n" + lines)])
        XCTAssertEqual(opened.inputs.first?.item.kind, .eventLines(gzip: false))
        XCTAssertEqual(opened.problems.map(\.line), [1])
    }

    func testFoldersAreWalkedAndNonInputsBelowThemIgnored() {
        let folder = TemporaryFolder()
        folder.write("a/one.jsonl", lines)
        folder.write("a/b/two.jsonl", scalarLine(task: "other", iter: 0, value: "1") + "\n")
        folder.write("a/notes.txt", "not an input")
        let result = load([folder.path + "/a"])
        XCTAssertEqual(result.inputs.map { ($0.item.path as NSString).lastPathComponent }, ["two.jsonl", "one.jsonl"])
        XCTAssertEqual(result.ignored.map { ($0 as NSString).lastPathComponent }, ["notes.txt"])
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(Set(result.runs.map(\.id)), ["t", "other"])
    }

    func testANamedFileThatIsNotAnInputIsAProblem() {
        let folder = TemporaryFolder()
        let result = load([folder.write("notes.txt", "hello"), folder.path + "/missing.jsonl"])
        XCTAssertEqual(result.problems.map(\.explanation), ["not a recognised input: does not start with a JSON object or array",
                                                           "no such file or folder"])
        XCTAssertFalse(result.hasContent)
    }

    func testParallelSplitGivesTheSameRunAndLineNumbers() {
        let folder = TemporaryFolder()
        var text: [String] = []
        for i in 0..<20_000 {
            text.append(i == 15_000 ? "{broken" : scalarLine(metric: i % 2 == 0 ? "a" : "b", iter: Int64(i), value: "\(i)"))
        }
        let path = folder.write("big.jsonl", text.joined(separator: "\n") + "\n")
        let serial = load([path]) { $0.workers = 1 }
        let parallel = load([path]) { $0.workers = 2; $0.parallelThreshold = 1; $0.chunkSize = 64 << 10 }
        XCTAssertEqual(serial.problems.map(\.line), [15_001])
        XCTAssertEqual(parallel.problems.map(\.line), [15_001])
        XCTAssertEqual(serial.runs.first.map(pointBits), parallel.runs.first.map(pointBits))
        XCTAssertEqual(parallel.runs.first?.series[SeriesKey(metric: "a", variant: "train")]?.count, 9_999)
        XCTAssertEqual(parallel.runs.first?.series[SeriesKey(metric: "b", variant: "train")]?.count, 10_000)
    }

    func testAMappedFileReadsAsTheBufferedOneDoes() {
        let folder = TemporaryFolder()
        var text = "\u{FEFF}"
        for i in 0..<6_000 {
            switch i {
            case 100: text += "{broken\r\n"
            case 2_000: text += "\n\r\n"
            case 3_000: text += scalarLine(metric: String(repeating: "m", count: 200 << 10), iter: 1, value: "1") + "\n"  // past a chunk
            default: text += scalarLine(metric: i % 3 == 0 ? "a" : "b", iter: Int64(i), value: i % 7 == 0 ? "NaN" : "\(i).5") + (i % 5 == 0 ? "\r\n" : "\n")
            }
        }
        text += scalarLine(iter: 9_999, value: "1")  // no final newline
        let path = folder.write("mixed.jsonl", text)
        for workers in [1, 2] {
            let configure: (inout LoadOptions) -> Void = { $0.workers = workers; $0.parallelThreshold = 1; $0.chunkSize = 64 << 10 }
            let buffered = load([path], configure)
            let mapped = load([path]) { configure(&$0); $0.mapFiles = true }
            XCTAssertEqual(mapped.problems.map(\.description), buffered.problems.map(\.description), "workers \(workers)")
            XCTAssertEqual(mapped.problems.map(\.line), [101], "workers \(workers)")
            XCTAssertEqual(mapped.runs.first.map(pointBits), buffered.runs.first.map(pointBits), "workers \(workers)")
            XCTAssertEqual(mapped.runs.first?.counts.total, 5_999, "workers \(workers)")
            XCTAssertEqual(mapped.inputs.first?.bytes, buffered.inputs.first?.bytes)
        }
    }

    func testEventsWithoutATaskAreAProblemOutsideASession() {
        let folder = TemporaryFolder()
        let path = folder.write("notask.jsonl", #"{"type": "log", "msg": "who am i"}"# + "\n")
        let result = load([path])
        XCTAssertEqual(result.problems, [InputProblem(source: path, line: 1, reason: .missingTask)])
    }

    /// Points by series with values as bit patterns, so that NaN equals NaN.
    private func pointBits(_ run: Run) -> [SeriesKey: [String]] {
        run.series.mapValues { $0.points.map { "\($0.iteration) \($0.timestamp ?? -1) \($0.value.bitPattern)" } }
    }
}

/// Debug images resolve through their key under the session's data/.
final class ImageResolverTests: XCTestCase {
    func testImagesResolveInTheFolderAndTheZip() throws {
        for path in [samplePath("clearml/small"), samplePath("clearml/small.zip")] {
            let run = try XCTUnwrap(RunLoader().load(paths: [path]).runs.first)
            let resolver = ImageResolver(files: run.files)
            XCTAssertEqual(run.debugImages.count, 2)
            for image in run.debugImages {
                let bytes = try XCTUnwrap(resolver.bytes(of: image), "\(path): \(image.key ?? "")")
                XCTAssertEqual(Array(bytes.prefix(3)), [0xFF, 0xD8, 0xFF], "a JPEG")  // the SDK writes JPEG
                XCTAssertFalse(image.url?.hasPrefix(path) ?? true, "the url names the machine that ran the job")
            }
        }
    }

    func testAKeyThatLeavesTheSessionIsNotFollowed() {
        let resolver = ImageResolver(files: .sessionFolder(samplePath("clearml/small")))
        let evil = DebugImageEvent(task: "t", position: EventPosition(metric: "m", variant: "v", iteration: 0, timestamp: nil),
                                   key: "../../../../etc/passwd", url: "/etc/passwd")
        XCTAssertNil(resolver.location(of: evil))
        XCTAssertNil(resolver.bytes(of: evil))
    }
}
