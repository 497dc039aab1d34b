@testable import RunReport
import XCTest

/// The scan's direct path (flat event objects decoded without simdjson) against the simdjson
/// path: the same events, values to the bit, and the same problems, on the samples and on
/// every edge its subset of JSON borders on.
final class DirectPathTests: XCTestCase {
    private struct Outcome {
        var events: [String] = []
        var problems: [InputProblem] = []
        var directLines: UInt64 = 0
        var programObjects: UInt64 = 0
    }

    private func scan(_ bytes: [UInt8], direct: Bool, chunkSize: Int = 1 << 20) -> Outcome {
        let scanner = EventScanner(directPath: direct)
        var chunker = LineChunker(source: MemorySource(bytes), chunkSize: chunkSize)
        var outcome = Outcome()
        try! chunker.forEachChunk { chunk in
            let lines = scanner.scan(chunk)
            // Values by their bits: NaN is not equal to itself, and -0.0 equals 0.0.
            outcome.events += scanner.decodedEvents().map { event in
                if case let .scalar(s) = event { return "\(event) bits \(s.value.bitPattern)" }
                return "\(event)"
            }
            outcome.problems += scanner.problems(source: "f")
            scanner.clear()
            return lines
        }
        outcome.directLines = scanner.directLineCount
        outcome.programObjects = scanner.programObjectCount
        return outcome
    }

    /// Scans with both paths, asserts they agree, and returns the direct path's outcome.
    @discardableResult
    private func assertPathsAgree(_ text: String, chunkSize: Int = 1 << 20, file: StaticString = #filePath,
                                  line: UInt = #line) -> Outcome {
        let bytes = Array(text.utf8)
        let direct = scan(bytes, direct: true, chunkSize: chunkSize)
        let simdjson = scan(bytes, direct: false, chunkSize: chunkSize)
        XCTAssertEqual(direct.events, simdjson.events, "events", file: file, line: line)
        XCTAssertEqual(direct.problems, simdjson.problems, "problems", file: file, line: line)
        XCTAssertEqual(simdjson.directLines, 0, file: file, line: line)
        return direct
    }

    /// The value of a one-line scalar event, and whether the direct path read it.
    private func value(of line: String) -> (value: Double?, direct: Bool) {
        let scanner = EventScanner()
        var chunker = LineChunker(source: MemorySource(Array((line + "\n").utf8)), chunkSize: 1 << 20)
        var result: Double?
        try! chunker.forEachChunk { chunk in
            let lines = scanner.scan(chunk)
            if case let .scalar(s)? = scanner.decodedEvents().first { result = s.value }
            return lines
        }
        return (result, scanner.directLineCount == 1)
    }

    func testTheSDKSamplesTakeTheDirectPathAndAgree() throws {
        for relative in ["clearml/small/metrics.jsonl", "clearml/small/log.jsonl", "clearml/artifacts/metrics.jsonl",
                         "clearml/artifacts/log.jsonl"] {
            let text = try String(contentsOfFile: samplePath(relative), encoding: .utf8)
            let outcome = assertPathsAgree(text)
            XCTAssertFalse(outcome.events.isEmpty, relative)
            // Every line the SDK wrote (batches of scalars, plots, images, log messages with
            // escapes) is read without simdjson.
            XCTAssertEqual(outcome.directLines, UInt64(text.split(separator: "\n").count), relative)
        }
    }

    func testNumbersAreTheCorrectlyRoundedDoubles() {
        let tokens = ["0", "-0", "0.5", "-0.0", "1", "-17", "1.0017536838039676", "0.1", "0.30000000000000004",
                      "123456789012345678", "1234567890123456789", "12345678901234567890123", "1e5", "1E-5", "-2.5e+3",
                      "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324", "5e-324",
                      "9007199254740993", "0.07069537619509635", "-0.012672511986306567", "0.000000000000000000000000000001", "3.14159265358979323846264338327950288",
                      "1e22", "1e23", "8.98846567431158e307",
                      // simdjson 3.0.1 read these from a wrapped mantissa (simdjson#2093): 0.0277, -4.8e-05
                      "0.95000000000000000000", "-0.12345678901234567890123"]
        for token in tokens {
            guard let expected = Double(token) else { return XCTFail(token) }
            let read = value(of: scalarLine(iter: 0, value: token))
            XCTAssertEqual(read.value?.bitPattern, expected.bitPattern, token)
            XCTAssertTrue(read.direct, token)
        }
    }

    /// Digits are read eight at a time and the rest of a run in one word: every run length, in
    /// the integer part, the fraction and the exponent, and as the iteration and the timestamp.
    func testEveryLengthOfADigitRunReadsTheSame() {
        let digits = "98765432109876543210987"
        var lines: [String] = []
        for n in 1...digits.count {
            let run = String(digits.prefix(n))
            for token in [run, "-" + run, "0." + run, run + ".5", "1." + run + "e-7", "2e" + String(run.prefix(2)), run + "e0"] {
                guard let expected = Double(token) else { XCTFail(token); continue }
                let read = value(of: scalarLine(iter: 0, value: token))
                XCTAssertEqual(read.value?.bitPattern, expected.bitPattern, token)
                XCTAssertTrue(read.direct, token)
                lines.append(scalarLine(iter: Int64(run.prefix(18)) ?? 0, value: token))
            }
            lines.append(#"{"type": "training_stats_scalar", "task": "t", "metric": "m", "variant": "v", "value": 1, "timestamp": "#
                         + run + #", "iter": "# + run + "}")
        }
        _ = assertPathsAgree(lines.joined(separator: "\n") + "\n")
        _ = assertPathsAgree(lines.joined(separator: "\n"))  // the last number at the very end of the input
    }

    /// A member's last string token is remembered and matched whole: a longer token that it
    /// starts, an escaped quote, a string that becomes a number, a name longer than the memo.
    func testRememberedTokensAreMatchedWhole() {
        let long = String(repeating: "x", count: 40)
        let values = [#""t""#, #""t2""#, #""t""#, #""a\"b""#, #""a\"c""#, #""a\"b""#, "7", #""t""#, "\"" + long + "\"",
                      "\"" + long + "\"", #""\u0074""#, #""t""#]
        let lines = values.enumerated().map { index, value in
            #"{"type": "training_stats_scalar", "task": "# + value + #", "metric": "# + value + #", "method": "# + value
                + #", "iter": "# + String(index) + #", "value": 1.5}"#
        }
        let outcome = assertPathsAgree(lines.joined(separator: "\n") + "\n")
        // A number as a task is simdjson's to report; every other line is read directly.
        XCTAssertEqual(outcome.directLines, UInt64(lines.count - 1))
        XCTAssertEqual(outcome.problems.count, 1)
        XCTAssertEqual(outcome.events.count, lines.count - 1)
    }

    func testEdgesOfTheSubsetAgreeWithSimdjson() {
        let good = scalarLine(iter: 1, value: "0.5")
        var edges: [String] = []
        // numbers the direct path leaves to simdjson, or rejects as simdjson does
        edges += [
            scalarLine(iter: 0, value: "01"),
            scalarLine(iter: 0, value: "1."),
            scalarLine(iter: 0, value: ".5"),
            scalarLine(iter: 0, value: "1e400"),
            scalarLine(iter: 0, value: "-1e400"),
            scalarLine(iter: 0, value: "1e-400"),
            scalarLine(iter: 0, value: "+1"),
            scalarLine(iter: 0, value: "1-2"),
            scalarLine(iter: 0, value: "1e"),
            scalarLine(iter: 0, value: "NaN"),
            scalarLine(iter: 0, value: "-Infinity"),
            scalarLine(iter: 0, value: "\"NaN\""),
            scalarLine(iter: 0, value: "null"),
            scalarLine(iter: 0, value: "Infinity"),
            scalarLine(iter: 0, value: "Infinityx"),
            scalarLine(iter: 0, value: "-Inf"),
            scalarLine(iter: 0, value: "\"inf\""),
            scalarLine(iter: 0, value: "\"-Infinity\""),
            scalarLine(iter: 0, value: "\"nan\\u0020\""),
            scalarLine(iter: 0, value: "-NaN"),
            scalarLine(iter: 0, value: "NaN").replacingOccurrences(of: "\"method\": \"get\"", with: "\"extra\": NaN"),
            scalarLine(iter: 0, value: "true"),
            scalarLine(iter: 0, value: "\"1\""),
            good.replacingOccurrences(of: "\"iter\": 1", with: "\"iter\": 3.0"),
            good.replacingOccurrences(of: "\"iter\": 1", with: "\"iter\": 1.5"),
            good.replacingOccurrences(of: "\"iter\": 1", with: "\"iter\": -7"),
            good.replacingOccurrences(of: "\"iter\": 1", with: "\"iter\": 9223372036854775807"),
            good.replacingOccurrences(of: "\"iter\": 1", with: "\"iter\": 9223372036854775808"),
            good.replacingOccurrences(of: "\"iter\": 1", with: "\"iter\": null"),
            good.replacingOccurrences(of: "1795357331768", with: "1e12"),
        ]
        // strings: escapes, UTF-8 good and bad, control bytes
        edges += [
            scalarLine(metric: "lo\\u0073s", iter: 0, value: "1"),
            scalarLine(metric: "l\\\"oss", iter: 0, value: "1"),
            scalarLine(metric: "Verlust ü 损失 🚀", iter: 0, value: "1"),
            scalarLine(metric: "bad \u{7F} del", iter: 0, value: "1"),
            scalarLine(metric: "tab\there", iter: 0, value: "1"),
        ]
        // escapes the direct path resolves, and those it leaves to simdjson
        let log = "{\"type\": \"log\", \"task\": \"t\", \"level\": \"info\", \"msg\": "
        edges += [
            log + "\"a\\nb\\tc\\\"d\\\\e\\/f\\bg\\fh\\ri\"}",
            log + "\"caf\\u00e9 \\u00E9 \\u4e2d \\ud83d\\ude80 rocket\"}",
            log + "\"lone \\ud83d high\"}", log + "\"lone \\ude80 low\"}", log + "\"nul \\u0000 byte\"}",
            log + "\"bad \\x escape\"}", log + "\"bad \\u12G4 hex\"}", log + "\"short \\u12\"}", log + "\"end \\\"}",
            log + "\"high then text \\ud83dxx\\ude80\"}",
            scalarLine(metric: "caf\\u00e9", iter: 0, value: "1"), scalarLine(variant: "\\ud83d\\ude80", iter: 0, value: "1"),
            good.replacingOccurrences(of: "\"method\"", with: "\"meth\\u006fd\""),
            good.replacingOccurrences(of: "\"type\"", with: "\"typ\\u0065\""),
        ]
        // layout: spacing, order, duplicates, unknown and nested members, missing fields
        edges += [
            good.replacingOccurrences(of: ", ", with: ","),
            good.replacingOccurrences(of: ": ", with: " :  "),
            good.replacingOccurrences(of: ", ", with: "\t,\r "),
            "  " + good + " \r",
            good + "\u{0C}",
            good + "\u{0B} \r",
            "\u{0C}" + good,
            good + "\u{0}",
            good + "\r\r",
            good.replacingOccurrences(of: "\"method\": \"get\"", with: "\"value\": 2"),
            good.replacingOccurrences(of: "\"method\": \"get\"", with: "\"extra\": [1, {\"a\": 2}]"),
            good.replacingOccurrences(of: "\"method\": \"get\"", with: "\"extra\": {}"),
            good.replacingOccurrences(of: "\"method\": \"get\"", with: "\"flag\": false, \"none\": null, \"n\": -1.5e3"),
            good.replacingOccurrences(of: "\"value\": 0.5, ", with: ""),
            good.replacingOccurrences(of: "\"type\": \"training_stats_scalar\", ", with: ""),
            good.replacingOccurrences(of: "training_stats_scalar", with: "something_new"),
            "{}",
            "[]",
            "[{}]",
            "{\"type\": \"log\", \"task\": \"t\", \"msg\": \"plain\"}",
            "{\"type\": \"plot\", \"plot_str\": \"{}\"}",
            "{\"type\": \"training_debug_image\", \"key\": \"k\"}",
            "{\"type\": \"training_stats_vector\", \"values\": [1, 2]}",
            "[" + good + ", " + good + "]",
            "[" + good + ", 5]",
            "[" + good + ",]",
            "[" + good + "] x",
            good + " " + good,
            "{\"events\": [" + good + "]}",
        ]
        // truncation and junk
        edges += [
            String(good.dropLast()),
            String(good.dropLast(9)),
            good + "}",
            good + ",",
            "{\"type\"",
            "{\"type\": ",
            "{\"",
            "nul",
            "null",
            "42",
            "\"text\"",
        ]
        for edge in edges {
            // Alone, and among good lines so that the layout the direct path learnt changes.
            assertPathsAgree(edge + "\n")
            assertPathsAgree(edge)
            assertPathsAgree([good, edge, good, edge, edge, good].joined(separator: "\n") + "\n")
        }
    }

    func testChangingLayoutsAndChunkBoundaries() {
        var lines: [String] = []
        for i in 0..<3000 {
            switch i % 7 {
            case 0: lines.append("{\"timestamp\": \(i), \"type\": \"log\", \"task\": \"t\", \"level\": \"info\", \"worker\": \"w\", \"msg\": \"step \(i)\"}")
            case 3: lines.append("[" + scalarLine(iter: Int64(i), value: "\(i).25") + ", " + scalarLine(metric: "acc", iter: Int64(i), value: "-\(i)e-3") + "]")
            case 5: lines.append(scalarLine(variant: "v\(i % 11)", iter: Int64(i), value: "\(i)"))
            default: lines.append(scalarLine(iter: Int64(i), value: "0.\(i)"))
            }
        }
        let outcome = assertPathsAgree(lines.joined(separator: "\r\n"), chunkSize: 16 << 10)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.directLines, 3000)
    }

    /// A layout's program compares the members whose value stayed the same (a task, a type) as
    /// part of its runs: a change of such a value, once, now and then, or back and forth, is read
    /// as the new value, as simdjson reads it, and only such objects leave the program.
    func testAFixedValueThatChangesIsReadAnew() {
        var lines: [String] = []
        for i in 0..<2000 {
            let task = i < 700 ? "a" : i < 701 ? "b" : i % 97 == 0 ? #"c\u0041"# : i % 211 < 5 ? "t\(i % 2)" : "a"
            let metric = i % 400 < 300 ? "loss" : "acc"
            let method = i % 500 == 499 ? "\"post\"" : "\"get\""
            lines.append(scalarLine(task: task, metric: metric, variant: "v\(i % 3)", iter: Int64(i), value: "0.\(i)")
                .replacingOccurrences(of: "\"get\"", with: method))
        }
        let outcome = assertPathsAgree(lines.joined(separator: "\n") + "\n", chunkSize: 16 << 10)
        XCTAssertEqual(outcome.directLines, 2000)
        XCTAssertEqual(outcome.events.count, 2000)
        // Most objects by the program; those whose fixed task, metric or method changed not.
        XCTAssertGreaterThan(outcome.programObjects, 1800)
        XCTAssertLessThan(outcome.programObjects, 2000)
    }

    /// A timestamp in fractional milliseconds is floored to whole ones (it was skipped as "not a
    /// number"), by the direct path and by simdjson alike: from the token's own digits in decimal
    /// notation (exact, whatever the fraction), by floor() with an exponent; past Int64 it stays a
    /// problem. An iteration with a fraction is truncated, as clearml-server's int(iter), by the
    /// simdjson path (the direct path hands such lines over); a string int() refuses is a problem.
    func testFractionalTimestampsAreFlooredByBothPaths() {
        let cases: [(token: String, floored: Int64?)] = [
            ("1700000000000.7", 1_700_000_000_000), ("1700000000000.0", 1_700_000_000_000), ("-0.5", -1), ("0.25", 0),
            ("-2.0000000000000000001", -3), ("1700000000000.99999999999999999999", 1_700_000_000_000),
            ("1.7000000000015e12", 1_700_000_000_001), ("-9223372036854775807.5", .min), ("9223372036854775806.5", .max - 1),
            ("9223372036854775807.5", .max), ("9223372036854775808.5", nil), ("-9223372036854775808.5", nil), ("1e400", nil),
            ("9.3e18", nil),
        ]
        for (token, floored) in cases {
            let line = "{\"timestamp\": \(token), \"type\": \"training_stats_scalar\", \"task\": \"t\", \"iter\": 3, "
                + "\"metric\": \"m\", \"variant\": \"v\", \"value\": 1.5}\n"
            let outcome = assertPathsAgree(line)
            let scanner = EventScanner()
            var chunker = LineChunker(source: MemorySource(Array(line.utf8)), chunkSize: 1 << 20)
            var time: Int64?
            try! chunker.forEachChunk { chunk in
                let lines = scanner.scan(chunk)
                if case let .scalar(s)? = scanner.decodedEvents().first { time = s.position.timestamp }
                return lines
            }
            XCTAssertEqual(time, floored, token)
            XCTAssertEqual(outcome.problems.count, floored == nil ? 1 : 0, token)
            if floored != nil { XCTAssertEqual(outcome.directLines, 1, "the direct path reads \(token)") }
        }
        let iteration = assertPathsAgree(scalarLine(iter: 0, value: "1").replacingOccurrences(of: "\"iter\": 0", with: "\"iter\": 1.5") + "\n")
        XCTAssertEqual(iteration.problems.count, 0)
        let text = assertPathsAgree(scalarLine(iter: 0, value: "1").replacingOccurrences(of: "\"iter\": 0", with: "\"iter\": \"1.5\"") + "\n")
        XCTAssertEqual(text.problems.map(\.description).first?.contains("iter"), true)
    }
}
