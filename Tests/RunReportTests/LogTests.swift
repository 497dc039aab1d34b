import Foundation
@testable import RunReport
import XCTest

/// `runreport log`: order, formats and escaping, as download_task_log.
final class LogTests: XCTestCase {
    private func render(_ events: [LogEvent], format: String = LineFormat.serverDefault, type: LogExport.LineType = .text,
                        raw: Bool = false) throws -> String {
        var run = Run(id: "task-1")
        let spool = LogSpool()
        for event in events { try spool.append(event) }
        run.logs = [spool]
        var export = LogExport(format: try LineFormat(format))
        export.lineType = type
        export.rawAsctime = raw
        let folder = TemporaryFolder()
        let path = folder.path + "/log.txt"
        let stream = try OutputStream(path: path)
        try export.write(run, to: stream)
        try stream.finish()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    private func event(_ time: Int64?, _ message: String, level: String? = "info", worker: String? = "vm") -> LogEvent {
        LogEvent(task: nil, timestamp: time, level: level, worker: worker, message: message)
    }

    func testAHugeWidthIsRefusedNotAllocated() {
        XCTAssertThrowsError(try LineFormat("{msg:>171712222222222222}"))
        XCTAssertThrowsError(try LineFormat("{msg:.99999}"))
        XCTAssertNoThrow(try LineFormat("{msg:>4096}"))
    }

    func testDefaultLinesInTimeOrder() throws {
        let text = try render([event(1_795_357_331_768, "second"), event(1_795_357_331_000, "first\ncontinued", level: "error"),
                               event(1_795_357_331_768, "third (same time, later)")])
        XCTAssertEqual(text, """
            2026-11-22 14:22:11,000 vm error first
            continued
            2026-11-22 14:22:11,768 vm info second
            2026-11-22 14:22:11,768 vm info third (same time, later)

            """)
    }

    func testRawAsctimeTimestampAndMissingFields() throws {
        let text = try render([event(5, "m", level: nil, worker: nil), event(nil, "no time")],
                              format: "{asctime}|{timestamp}|{level}|{worker}|{msg}|{task}|{type}", raw: true)
        // No time sorts first, its time fields empty; a missing level or worker is empty too.
        XCTAssertEqual(text, "||info|vm|no time|task-1|log\n5|5|||m|task-1|log\n")
    }

    func testFormatSpecsAndBraces() throws {
        let text = try render([event(0, "héllo wörld", level: "warning")], format: "{{{level:>9}}} [{level:*^9}] {msg:.5}|{msg:<13}|")
        XCTAssertEqual(text, "{  warning} [*warning*] héllo|héllo wörld  |\n")
    }

    func testUnknownPlaceholdersAreRefusedUpFront() {
        XCTAssertThrowsError(try LineFormat("{asctime} {message} {lvl}")) { error in
            XCTAssertEqual(error as? LineFormat.FormatError, .unknownFields(["message", "lvl"]))
        }
        XCTAssertThrowsError(try LineFormat("{msg")) { error in
            XCTAssertEqual(error as? LineFormat.FormatError, .malformed("unclosed '{'"))
        }
    }

    func testJSONLinesAreWhatTheServersRapidJSONWrites() throws {
        let message = "quote \" backslash \\ tab \t nl \n bell \u{7} del \u{7F} é 日本 🎉 </script>"
        let text = try render([event(1_795_357_331_768, message, level: "error", worker: "w\u{1}")], type: .json)
        // The fields clearml-server stores for an imported log event, @timestamp left out, through
        // python-rapidjson as apiserver/utilities/json.py configures it.
        let script = "import rapidjson,sys; m=sys.stdin.read(); print(rapidjson.Encoder(datetime_mode=rapidjson.DM_ISO8601 | "
            + "rapidjson.DM_NAIVE_IS_UTC)({'level':'error','worker':'w\\x01','msg':m,'model_event':False,'metric':'','variant':'',"
            + "'asctime':1795357331768}))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(message.utf8))
        try input.fileHandleForWriting.close()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(text, expected)
    }

    func testALogSpooledToDiskAndOutOfOrderComesOutSorted() throws {
        let saved = LogSpool.memoryBudget
        LogSpool.memoryBudget = 4096
        defer { LogSpool.memoryBudget = saved }
        let times = (0..<2000).map { Int64(($0 * 7919) % 2000) }
        let text = try render(times.map { event($0, "line \($0)") }, format: "{timestamp} {msg}")
        let expected = (0..<2000).map { "\($0) line \($0)\n" }.joined()
        XCTAssertEqual(text, expected)
    }

    func testTheCommandIgnoresTheLocalTimeZone() throws {
        let folder = TemporaryFolder()
        // 05:30 and 06:30 UTC on 2026-11-01: either side of New York's change back from daylight time.
        let path = folder.write("log.jsonl", """
            {"type": "log", "task": "t", "timestamp": 1793511000000, "level": "info", "worker": "w", "msg": "before"}
            {"type": "log", "task": "t", "timestamp": 1793514600000, "level": "info", "worker": "w", "msg": "after"}

            """)
        let binary = repositoryRoot + "/.build/debug/runreport"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["log", "--extras", path]
        process.environment = ["TZ": "America/New_York"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(text, "2026-11-01 05:30:00,000 w info before\n2026-11-01 06:30:00,000 w info after\n")
    }
}
