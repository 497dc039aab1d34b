import Foundation
@testable import RunReport
import XCTest

/// `runreport log` against Tests/reference/server_log.py (the SDK's import, the server's
/// `add_events` and `download_task_log`, python-rapidjson's own bytes): text byte for byte for
/// several line formats, JSON byte for byte (every stored field but `@timestamp`), and the same
/// line formats accepted and refused.
final class ServerLogTests: XCTestCase {
    static let samples = ["clearml/small", "clearml/server/console.zip", "clearml/server/nan-sweep-1.zip"]
    static let formats = [LineFormat.serverDefault, "{msg!r}", "{level!s:>7}|{msg!a:.20}", "{asctime!r:>20} {msg!s:^30.10}",
                          "{msg!a:_^90}", "[{level!s:07}] {worker!r:x<12} {msg}"]

    func testTextAndJSONEqualTheReferenceByteForByte() throws {
        for sample in Self.samples {
            let run = try XCTUnwrap(RunLoader().load(paths: [samplePath(sample)]).runs.first, sample)
            for format in Self.formats {
                let expected = try runPython(["Tests/reference/server_log.py", samplePath(sample), "text", format], interpreter: "/usr/bin/python3")
                XCTAssertEqual(try write(run, LogExport(format: LineFormat(format, extras: false)), raw: true), expected, "\(sample) \(format)")
            }
            var json = LogExport()
            json.lineType = .json
            let expected = try runPython(["Tests/reference/server_log.py", samplePath(sample), "json"], interpreter: "/usr/bin/python3")
            XCTAssertEqual(try write(run, json, raw: true), expected, sample)
            XCTAssertTrue(expected.contains("\"model_event\":false,\"metric\":\"\",\"variant\":\"\",\"asctime\":"), sample)
        }
    }

    func testLineFormatsAreAcceptedAndRefusedAsTheServerDoes() throws {
        let formats = Self.formats + ["{level:>7}", "{level:}", "{msg!r:>10}", "{timestamp}", "{foo}", "{ }", "{0}", "{}", "{msg.x}",
                                      "{msg[0]}", "{msg!x}", "{msg!}", "{msg", "}", "{level!s:=7}", "{level!s:+7}", "{level!s:#7}",
                                      "{level!s:,}", "{level!s:d}", "{level!s:.3s}", "{level!s:z}", "{msg!s:.}", "{{literal}} {msg}",
                                      "{asctime:d}", "{foo.bar}", "{level!s:<<5}"]
        for format in formats {
            let server = try runPython(["Tests/reference/server_log.py", "-", "check", format], interpreter: "/usr/bin/python3")
            let ours = (try? LineFormat(format, extras: false)) != nil
            XCTAssertEqual(ours, server.hasPrefix("ok"), "\(format): the server says \(server)")
        }
    }

    /// The server stamps an event without a time with the moment of the import: it comes last.
    func testEventsWithoutATimeComeLast() throws {
        var run = Run(id: "t")
        let spool = LogSpool()
        for (time, message) in [(Int64?.none, "untimed"), (2, "second"), (1, "first")] {
            try spool.append(LogEvent(task: nil, timestamp: time, level: "info", worker: "w", message: message))
        }
        run.logs = [spool]
        var export = LogExport(format: try LineFormat("{msg}", extras: false))
        export.untimedLast = true
        XCTAssertEqual(try write(run, export, raw: true), "first\nsecond\nuntimed\n")
        export.untimedLast = false
        XCTAssertEqual(try write(run, export, raw: true), "untimed\nfirst\nsecond\n")
    }

    func testRapidJSONEscapes() {
        var out: [UInt8] = []
        PythonText.rapidJSONString(Array("\u{8}\u{C}\u{B}\u{1F}\u{7F}/\u{2028}é😀\"\\".utf8), into: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #""\b\f\u000B\u001F"# + "\u{7F}" + #"/\u2028\u00E9\uD83D\uDE00\"\\""#)
        out = []
        PythonText.repr(Array("it's \"x\"\t\u{7F}\u{A0}\u{AD} é 😀 \u{2028}".utf8), asciiOnly: false, into: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #"'it\'s "x"\t\x7f\xa0\xad é 😀 \u2028'"#)
    }

    private func write(_ run: Run, _ export: LogExport, raw: Bool) throws -> String {
        var export = export
        export.rawAsctime = raw
        let folder = TemporaryFolder()
        let path = folder.path + "/log.txt"
        let stream = try OutputStream(path: path)
        try export.write(run, to: stream)
        try stream.finish()
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
