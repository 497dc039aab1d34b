/// `runreport log`: a run's log as `events.download_task_log` gives it, streamed: events in
/// ascending time (ties in arrival order), a text line per event through a `LineFormat`, or a
/// JSON object per event.
public struct LogExport {
    public enum LineType: String, CaseIterable, Sendable {
        case text, json
    }

    public var lineType: LineType = .text
    public var format: LineFormat
    /// `{asctime}` as clearml-server writes it, the raw epoch milliseconds, instead of
    /// Python logging's `2026-11-22 14:22:11,768` (UTC).
    public var rawAsctime = false
    /// Events without a time last, as clearml-server stamps them with the moment of the import
    /// (runreport's own order puts them first).
    public var untimedLast = false

    public init(format: LineFormat = try! LineFormat(LineFormat.serverDefault)) { self.format = format }

    /// Writes `run`'s log to `output`; returns the number of events written. Memory stays
    /// bounded when the log is in time order; otherwise an index of 24 bytes an event is sorted.
    @discardableResult
    public func write(_ run: Run, taskName: String? = nil, to output: OutputStream) throws -> Int {
        var clock = AsctimeCache()
        let task = Array(run.id.utf8)
        var written = 0
        let emit = { (record: LogSpool.RecordView) throws in
            try output.append { out in
                switch lineType {
                case .text: LogLine.text(record, task: task, format: format, rawAsctime: rawAsctime, clock: &clock, into: &out)
                case .json: LogLine.json(record, into: &out)
                }
            }
            written += 1
        }
        let untimed = untimedLast ? run.logs.reduce(0) { $0 + $1.untimedCount } : 0
        if untimed == 0, try Self.isInTimeOrder(run.logs) {
            for spool in run.logs { try spool.forEachView(emit) }
            return written
        }
        var index: [(timestamp: Int64, spool: Int32, offset: Int)] = []
        for (number, spool) in run.logs.enumerated() {
            try spool.forEachView { index.append(($0.timestamp ?? (untimedLast ? Int64.max : Int64.min), Int32(number), $0.offset)) }
        }
        // Stable: equal times keep their arrival order (spool, then offset).
        index.sort { ($0.timestamp, $0.spool, $0.offset) < ($1.timestamp, $1.spool, $1.offset) }
        for entry in index { try run.logs[Int(entry.spool)].record(at: entry.offset, emit) }
        return written
    }

    /// Whether the spools, one after another, are in time order (events without a time sort
    /// first, as if stamped at the beginning of time).
    static func isInTimeOrder(_ spools: [LogSpool]) throws -> Bool {
        var previous = Int64.min
        for spool in spools where spool.count > 0 {
            guard spool.isInTimeOrder, spool.firstTimestamp >= previous else { return false }
            previous = spool.lastTimestamp
        }
        return true
    }
}

/// Formats one log record into bytes.
enum LogLine {
    static func text(_ r: LogSpool.RecordView, task: [UInt8], format: LineFormat, rawAsctime: Bool,
                     clock: inout AsctimeCache, into out: inout [UInt8]) {
        format.steps.withUnsafeBufferPointer { steps in
            format.literals.withUnsafeBufferPointer { literals in
                for step in steps {
                    guard let field = step.field else {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: literals[step.literal]))
                        continue
                    }
                    if step.spec.isPlain {
                        append(field, of: r, task: task, rawAsctime: rawAsctime, clock: &clock, into: &out)
                    } else {
                        var value: [UInt8] = []
                        append(field, of: r, task: task, rawAsctime: rawAsctime, clock: &clock, into: &value)
                        let numeric = field == .timestamp || (field == .asctime && rawAsctime)
                        if let conversion = step.spec.conversion, conversion != UInt8(ascii: "s"), !numeric {
                            var converted: [UInt8] = []
                            PythonText.repr(value, asciiOnly: conversion == UInt8(ascii: "a"), into: &converted)
                            value = converted
                        }
                        // After a conversion the value is a str, aligned left by default.
                        pad(value, spec: step.spec, numeric: numeric && step.spec.conversion == nil, into: &out)
                    }
                }
            }
        }
    }

    @inline(__always)
    static func append(_ field: LineFormat.Field, of r: LogSpool.RecordView, task: [UInt8], rawAsctime: Bool,
                       clock: inout AsctimeCache, into out: inout [UInt8]) {
        switch field {
        case .asctime:
            guard let time = r.timestamp else { return }
            if rawAsctime { appendDecimal(time, into: &out) } else { clock.append(time, into: &out) }
        case .timestamp: if let time = r.timestamp { appendDecimal(time, into: &out) }
        case .level: if let level = r.level { out.appendBytes(level) }
        case .worker: if let worker = r.worker { out.appendBytes(worker) }
        case .msg: out.appendBytes(r.message)
        case .task: out.append(contentsOf: task)
        case .type: out.append(contentsOf: [0x6C, 0x6F, 0x67])  // "log"
        }
    }

    static func appendDecimal(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// Python's `format` padding: width and fill counted in characters, precision truncating text.
    static func pad(_ value: [UInt8], spec: LineFormat.Spec, numeric: Bool, into out: inout [UInt8]) {
        var value = value
        if let precision = spec.precision, !numeric {
            var kept = 0, end = 0
            while end < value.count && kept < precision {
                end += 1
                while end < value.count && value[end] & 0xC0 == 0x80 { end += 1 }
                kept += 1
            }
            value.removeSubrange(end...)
        }
        let characters = value.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        let padding = max(0, spec.width - characters)
        guard padding > 0 else { out.append(contentsOf: value); return }
        let align = spec.align ?? (numeric ? UInt8(ascii: ">") : UInt8(ascii: "<"))
        let (left, right) = align == UInt8(ascii: ">") ? (padding, 0) : align == UInt8(ascii: "^") ? (padding / 2, padding - padding / 2) : (0, padding)
        out.append(contentsOf: repeatElement(spec.fill, count: left))
        out.append(contentsOf: value)
        out.append(contentsOf: repeatElement(spec.fill, count: right))
    }

    /// The event as clearml-server stores it after an SDK import (`TaskLogEvent.to_dict()`'s
    /// `level`, `worker`, `msg`; then `add_events`' `model_event`, `@timestamp`, `metric` and
    /// `variant`), minus `type` and `task`, `timestamp` renamed `asctime` (last), written as
    /// python-rapidjson writes it (compact, `ensure_ascii`). `@timestamp`, the moment of the
    /// import, is left out.
    static func json(_ r: LogSpool.RecordView, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        func member(_ name: StaticString, _ write: (inout [UInt8]) -> Void) {
            if out.last != UInt8(ascii: "{") { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
            write(&out)
        }
        if let level = r.level { member("level") { PythonText.rapidJSONString(level, into: &$0) } }
        if let worker = r.worker { member("worker") { PythonText.rapidJSONString(worker, into: &$0) } }
        member("msg") { PythonText.rapidJSONString(r.message, into: &$0) }
        member("model_event") { $0 += Array("false".utf8) }
        member("metric") { $0 += [UInt8(ascii: "\""), UInt8(ascii: "\"")] }
        member("variant") { $0 += [UInt8(ascii: "\""), UInt8(ascii: "\"")] }
        if let time = r.timestamp { member("asctime") { appendDecimal(time, into: &$0) } }
        out.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
    }
}

/// `2026-11-22 14:22:11,768`: Python logging's asctime, in UTC. The text up to the second is
/// kept for the last second seen: log lines come many to a second.
struct AsctimeCache {
    private var second = Int64.min
    private var prefix: [UInt8] = []

    mutating func append(_ milliseconds: Int64, into out: inout [UInt8]) {
        let (seconds, millis) = milliseconds >= 0 || milliseconds % 1000 == 0
            ? (milliseconds / 1000, milliseconds % 1000) : (milliseconds / 1000 - 1, milliseconds % 1000 + 1000)
        if seconds != second {
            second = seconds
            let f = ISOTime.fields(seconds: seconds)  // seconds * 1000 overflows near Int64.min
            prefix.removeAll(keepingCapacity: true)
            func two(_ value: Int, then separator: UInt8) {
                prefix.append(UInt8(ascii: "0") + UInt8(value / 10))
                prefix.append(UInt8(ascii: "0") + UInt8(value % 10))
                prefix.append(separator)
            }
            if (0...9999).contains(f.year) {
                let year = Int(f.year)
                two(year / 100, then: UInt8(ascii: "0") + UInt8(year % 100 / 10))
                prefix.append(UInt8(ascii: "0") + UInt8(year % 10))
                prefix.append(UInt8(ascii: "-"))
            } else {
                prefix.append(contentsOf: Array((ISOTime.pad(f.year, 4) + "-").utf8))
            }
            two(f.month, then: UInt8(ascii: "-"))
            two(f.day, then: UInt8(ascii: " "))
            two(f.hour, then: UInt8(ascii: ":"))
            two(f.minute, then: UInt8(ascii: ":"))
            two(f.second, then: UInt8(ascii: ","))
        }
        out.append(contentsOf: prefix)
        out.append(UInt8(ascii: "0") + UInt8(millis / 100))
        out.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(millis % 10))
    }
}
