@testable import RunReport
import XCTest

/// The simdjson scan: every event type, every way a line can be wrong, and line numbers.
final class EventScanTests: XCTestCase {
    /// Scans `text` as one stream of lines and returns the events and problems.
    private func scan(_ text: String, chunkSize: Int = 1 << 20) -> (events: [Event], problems: [InputProblem]) {
        scan(bytes: Array(text.utf8), chunkSize: chunkSize)
    }

    private func scan(bytes: [UInt8], chunkSize: Int = 1 << 20) -> (events: [Event], problems: [InputProblem]) {
        let scanner = EventScanner()
        var chunker = LineChunker(source: MemorySource(bytes), chunkSize: chunkSize)
        var events: [Event] = []
        var problems: [InputProblem] = []
        try! chunker.forEachChunk { chunk in
            let lines = scanner.scan(chunk)
            events += scanner.decodedEvents()
            problems += scanner.problems(source: "f")
            scanner.clear()
            return lines
        }
        return (events, problems)
    }

    func testDecodesEveryEventTypeOfTheFormatsDocument() {
        let text = """
            {"timestamp": 1795357331768, "type": "training_stats_scalar", "task": "offline-80e1", "iter": 0, "metric": "loss", "variant": "train", "value": 1.0308876428475735, "method": "get"}
            {"timestamp": 1795357500616, "type": "log", "task": "offline-2c20", "level": "error", "worker": "vm", "msg": "Traceback\\n  File \\"x.py\\"\\nValueError: recovered", "method": "get"}
            {"timestamp": 1795357339195, "type": "training_debug_image", "task": "t", "iter": 100, "metric": "samples", "variant": "input", "key": "a/b.jpeg", "url": "/home/x/b.jpeg"}
            {"timestamp": 5, "type": "plot", "task": "t", "iter": 3, "metric": "cm", "variant": "v", "plot_str": "{\\"data\\": []}"}
            {"timestamp": 6, "type": "training_stats_vector", "task": "t", "iter": 4, "metric": "vec", "variant": "v", "values": [1, 2.5, NaN, null]}
            {"timestamp": 7, "type": "training_stats_scalar", "task": "t", "iter": 9, "metric": "m", "variant": "v", "value": 2, "x_axis_label": "epoch"}
            """
        let (events, problems) = scan(text)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(events.count, 6)
        guard case let .scalar(scalar) = events[0], case let .log(log) = events[1], case let .debugImage(image) = events[2],
              case let .plot(plot) = events[3], case let .vector(vector) = events[4], case let .scalar(labelled) = events[5] else {
            return XCTFail("wrong kinds: \(events)")
        }
        XCTAssertEqual(scalar.task, "offline-80e1")
        XCTAssertEqual(scalar.position, EventPosition(metric: "loss", variant: "train", iteration: 0, timestamp: 1_795_357_331_768))
        XCTAssertEqual(scalar.value, 1.0308876428475735)
        XCTAssertEqual(log.level, "error")
        XCTAssertEqual(log.worker, "vm")
        XCTAssertEqual(log.message, "Traceback\n  File \"x.py\"\nValueError: recovered")
        XCTAssertEqual(image.key, "a/b.jpeg")
        XCTAssertEqual(image.url, "/home/x/b.jpeg")
        XCTAssertEqual(image.position.iteration, 100)
        XCTAssertEqual(plot.plotJSON, "{\"data\": []}")
        XCTAssertEqual(vector.values.count, 4)
        XCTAssertEqual(vector.values[0...1], [1, 2.5])
        XCTAssertTrue(vector.values[2].isNaN && vector.values[3].isNaN)
        XCTAssertEqual(labelled.xAxisLabel, "epoch")
    }

    func testNonFiniteTokensAndStringsAreKept() {
        let lines = ["NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-inf\"", "1e308"]
            .enumerated().map { scalarLine(iter: Int64($0.offset), value: $0.element) }
        let (events, problems) = scan(lines.joined(separator: "\n"))
        XCTAssertEqual(problems, [])
        let values = events.compactMap { event -> Double? in
            if case let .scalar(s) = event { return s.value }
            return nil
        }
        XCTAssertEqual(values.count, 7)
        XCTAssertTrue(values[0].isNaN)
        XCTAssertEqual(values[1], .infinity)
        XCTAssertEqual(values[2], -.infinity)
        XCTAssertTrue(values[3].isNaN)
        XCTAssertEqual(values[4], .infinity)
        XCTAssertEqual(values[5], -.infinity)
        XCTAssertEqual(values[6], 1e308)
    }

    func testATokenInsideAStringIsNotRewritten() {
        let line = #"{"type": "log", "task": "t", "msg": "value NaN and Infinity stay text", "level": "info", "x": NaN}"#
        let (events, problems) = scan(line)
        XCTAssertEqual(problems, [])
        guard case let .log(log) = events.first else { return XCTFail("no log event") }
        XCTAssertEqual(log.message, "value NaN and Infinity stay text")
    }

    func testBadLinesAreSkippedCountedAndLocated() {
        let text = [
            scalarLine(iter: 0, value: "1"),                                         // 1 ok
            "not json",                                                              // 2
            "[1, 2]",                                                                // 3: two non-events
            "42",                                                                    // 4
            #"{"type": "log", "task": "t", "msg": "a"} trailing"#,                   // 5
            #"{"type": "training_stats_scalar", "task": "t", "iter": 2, "metric": "m", "variant": "v"}"#,  // 6
            #"{"type": "training_stats_scalar", "task": "t", "iter": "1.5", "metric": "m", "variant": "v", "value": 1}"#,  // 7
            #"{"type": "training_stats_scalar", "task": "t", "iter": 99999999999999999999, "metric": "m", "variant": "v", "value": 1}"#,  // 8
            #"{"task": "t", "msg": "no type"}"#,                                     // 9
            #"{"type": "training_stats_scalar", "task": "t", "iter": 3, "value": null}"#,  // 10
            #"{"type": "training_stats_scalar", "task": "t", "iter": 3, "value": "high"}"#,  // 11
            scalarLine(iter: 4, value: "2"),                                         // 12 ok
            #"{"type": "training_stats_scalar", "task": "t", "iter": 5, "val"#,     // 13 truncated
        ].joined(separator: "\n")
        let (events, problems) = scan(text)
        XCTAssertEqual(events.count, 2)
        let located = problems.map { "\($0.line!)\($0.element.map { ":\($0)" } ?? "") \($0.explanation)" }
        XCTAssertEqual(located, [
            "2 malformed JSON: Problem while parsing an atom starting with the letter 'n'",
            "3:0 not an event object: found a number",
            "3:1 not an event object: found a number",
            "4 not an event object: found a number",
            "5 malformed JSON: Unexpected trailing content in the JSON input.",
            "6 missing required field 'value'",
            "7 invalid field iter: not an integer",
            "8 invalid field iter: does not fit a signed 64-bit integer",
            "9 missing required field 'type'",
            "10 invalid field value: null",
            "11 invalid field value: not a number",
            "13 truncated last line: A string is opened, but never closed.",
        ])
    }

    func testByteOrderMarkCRLFAndBlankLines() {
        let text = "\u{FEFF}" + scalarLine(iter: 0, value: "1") + "\r\n\r\n   \n" + scalarLine(iter: 1, value: "2") + "\r\n"
        let (events, problems) = scan(text)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(events.count, 2)
    }

    func testBatchLinesAndResponsePages() {
        let batch = "[" + scalarLine(iter: 0, value: "1") + ", " + scalarLine(iter: 1, value: "NaN") + "]"
        let page = #"{"events": [{"type": "log", "task": "p", "msg": "from a page", "timestamp": 3}], "returned": 1, "total": 1, "scroll_id": "x"}"#
        let (events, problems) = scan(batch + "\n" + page + "\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(events.count, 3)
        guard case let .log(log) = events[2] else { return XCTFail("page event missing") }
        XCTAssertEqual(log.task, "p")
        XCTAssertEqual(log.message, "from a page")
    }

    func testNamesSpelledWithEscapesAreTheSameNames() {
        // One metric written three ways, interleaved with others so that the name caches turn over.
        var lines: [String] = []
        for (i, metric) in [#"a\"b"#, #"a\u0022b"#, "x", #"a\"b"#, "é", #"\u00e9"#].enumerated() {
            lines.append(#"{"type": "training_stats_scalar", "task": "t", "iter": \#(i), "metric": "\#(metric)", "variant": "v", "value": 1}"#)
        }
        let (events, problems) = scan(lines.joined(separator: "\n"))
        XCTAssertEqual(problems, [])
        let metrics = events.compactMap { event -> String? in
            if case let .scalar(s) = event { return s.position.metric }
            return nil
        }
        XCTAssertEqual(metrics, ["a\"b", "a\"b", "x", "a\"b", "é", "é"])
    }

    func testAnUnknownTypeIsAnEventNotAProblem() {
        let (events, problems) = scan(#"{"type": "future_thing", "task": "t"}"#)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(events, [.unknown(type: "future_thing", task: "t")])
    }

    func testLineNumbersHoldAcrossFastPathAndChunks() {
        // Many good lines with bad ones among them, in chunks much smaller than the input.
        var lines: [String] = []
        for i in 0..<5000 { lines.append(scalarLine(iter: Int64(i), value: i % 997 == 0 ? "NaN" : "\(i)")) }
        for bad in [17, 1234, 4321, 4999] { lines[bad] = "{\"broken\": " }
        let (events, problems) = scan(lines.joined(separator: "\n") + "\n", chunkSize: 64 << 10)
        XCTAssertEqual(events.count, 4996)
        XCTAssertEqual(problems.map(\.line), [18, 1235, 4322, 5000])
        let iterations = events.compactMap { event -> Int64? in
            if case let .scalar(s) = event { return s.position.iteration }
            return nil
        }
        XCTAssertEqual(iterations, (0..<5000).filter { ![17, 1234, 4321, 4999].contains($0) }.map(Int64.init))
    }

    func testTwoObjectsOnOneLineAreOneMalformedLine() {
        let line = scalarLine(iter: 0, value: "1") + " " + scalarLine(iter: 1, value: "1")
        let (events, problems) = scan(line + "\n" + scalarLine(iter: 2, value: "1") + "\n")
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(problems.map(\.line), [1])
    }

    func testADocumentOverTwoLinesIsTwoMalformedLines() {
        // Eight bad lines hand the rest to simdjson's stream, whose last document is the two lines.
        let lines = Array(repeating: "{oops", count: 8) + ["{\"type\": \"log\", \"task\": \"t\",", "\"msg\": \"m\"}"]
        let (events, problems) = scan(lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(events, [])
        XCTAssertEqual(problems.map(\.line), Array(1...10))
    }

    func testJunkAfterTheStreamsLastDocumentMakesItsLineMalformed() {
        // Eight bad lines hand the rest to simdjson's stream; the last line's event (nested, so
        // the direct path leaves it to simdjson) is followed on its line by bytes the stream left
        // unparsed at its end (found by fuzzing: the event was taken, the rest never looked at).
        let event = #"{"type": "training_debug_image", "task": "t", "iter": 3, "metric": "img", "variant": "v", "#
            + #""key": "k", "url": "https://example.com/a.png", "extra": {"a": 1}}"#
        let lines = [#"{"type": "log", "task": "t", "msg": "first"}"#] + Array(repeating: "{oops", count: 8) + [event + #"""}"#]
        let (events, problems) = scan(lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(events.count, 1, "only the first line's log event")
        XCTAssertEqual(problems.map(\.line), Array(2...10))
        // The same event alone on its line is read.
        XCTAssertEqual(scan((lines.dropLast() + [event]).joined(separator: "\n") + "\n").events.count, 2)
    }

    func testAMalformedLineStaysMalformedOnceItsNamesAreKnown() {
        // A colon after the type where a comma belongs (the line a fuzzer found); read once its
        // type name is cached (by the direct path's attempt at the line), simdjson stepped over it.
        let bad = "{\"timestamp\": 1795357331769, \"type\": \"traininotstr\": \"{}\"g_stats_scalar\", \"task\"ic\":\": "
            + "\"train\", )~aluevalu}e\": 0.5, \"method\": \"get\"]}"
        let (events, problems) = scan(bad + "\n")
        XCTAssertEqual(events, [])
        XCTAssertEqual(problems.map(\.line), [1])
    }

    func testAHundredMegabyteLine() {
        let message = String(repeating: "x", count: 100 << 20)
        let text = scalarLine(iter: 0, value: "1") + "\n"
            + "{\"type\": \"log\", \"task\": \"t\", \"level\": \"info\", \"msg\": \"\(message)\"}\n"
            + scalarLine(iter: 1, value: "1") + "\n"
        let (events, problems) = scan(text, chunkSize: 4 << 20)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(events.count, 3)
        guard case let .log(log) = events[1] else { return XCTFail("no log") }
        XCTAssertEqual(log.message.utf8.count, 100 << 20)
    }
}

/// Bytes in memory as a source.
struct MemorySource: ByteSource {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}
