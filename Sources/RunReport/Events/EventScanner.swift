import CSimdJSONScan

/// The simdjson event scan (`rr_scan.h`): buffers of lines in, a batch of events, interned
/// names and located problems out.
final class EventScanner {
    let handle: OpaquePointer
    private var nameCache: [String] = []

    /// `directPath: false` sends every line through simdjson (the tests compare both paths).
    init(directPath: Bool = true) {
        guard let scanner = rr_scanner_create() else { fatalError("out of memory creating the event scanner") }
        handle = scanner
        if !directPath { rr_scanner_set_direct_path(scanner, 0) }
    }

    deinit { rr_scanner_destroy(handle) }

    /// Scans a chunk of lines; returns the number of lines it held.
    func scan(_ chunk: LineChunker.Chunk) -> UInt64 {
        guard let base = chunk.bytes.baseAddress else { return 0 }
        return rr_scan_lines(handle, base.assumingMemoryBound(to: UInt8.self), chunk.bytes.count, chunk.readable,
                             chunk.firstLine, chunk.endsInput ? 1 : 0)
    }

    /// Scans a whole buffer as one JSON document starting at `line`.
    func scanDocument(_ buffer: PaddedBuffer, line: UInt64 = 1) {
        rr_scan_document(handle, buffer.base.assumingMemoryBound(to: UInt8.self), buffer.count, buffer.readable, line)
    }

    func clear() { rr_scanner_clear(handle) }

    /// Lines the direct path decoded so far (the others went through simdjson).
    var directLineCount: UInt64 { rr_direct_line_count(handle) }

    /// Event objects a layout's program decoded so far (its fixed members compared, not read).
    var programObjectCount: UInt64 { rr_program_object_count(handle) }

    var events: UnsafeBufferPointer<rr_event> {
        UnsafeBufferPointer(start: rr_events(handle), count: rr_event_count(handle))
    }

    var rawProblems: UnsafeBufferPointer<rr_problem> {
        UnsafeBufferPointer(start: rr_problems(handle), count: rr_problem_count(handle))
    }

    /// The interned name `id`; nil for -1 (the field was absent).
    func name(_ id: Int32) -> String? {
        guard id >= 0 else { return nil }
        let index = Int(id)
        while nameCache.count <= index {
            var length = 0
            let bytes = rr_name(handle, Int32(nameCache.count), &length)
            nameCache.append(String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self))
        }
        return nameCache[index]
    }

    var nameCount: Int { rr_name_count(handle) }

    func bytes(_ slice: rr_slice) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: rr_arena(handle).map { UnsafeRawPointer($0) + Int(slice.offset) },
                               count: Int(slice.length))
    }

    func string(_ slice: rr_slice) -> String { String(decoding: bytes(slice), as: UTF8.self) }

    func doubles(_ slice: rr_slice) -> [Double] {
        let raw = bytes(slice)
        return (0..<(raw.count / 8)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) }
    }

    /// The batch's problems, located in `source` with line numbers moved by `lineOffset`.
    func problems(source: String, lineOffset: UInt64 = 0) -> [InputProblem] {
        rawProblems.map { raw in
            let detail = string(raw.detail)
            let reason: InputProblem.Reason
            switch Int(raw.code) {
            case Int(RR_PROBLEM_TRUNCATED_LINE.rawValue): reason = .truncatedLine(detail)
            case Int(RR_PROBLEM_NOT_AN_EVENT.rawValue): reason = .notAnEvent(found: detail)
            case Int(RR_PROBLEM_MISSING_FIELD.rawValue): reason = .missingField(detail)
            case Int(RR_PROBLEM_INVALID_FIELD.rawValue): reason = .invalidField(detail)
            default: reason = .malformedJSON(detail)
            }
            return InputProblem(source: source, line: raw.line + lineOffset,
                                element: raw.element < 0 ? nil : Int(raw.element), reason: reason)
        }
    }

    /// The batch as typed events (for tests and small inputs; the store reads the raw batch).
    func decodedEvents() -> [Event] {
        events.map { decode($0) }
    }

    func position(of e: rr_event) -> EventPosition {
        EventPosition(metric: name(e.metric) ?? "", variant: name(e.variant) ?? "",
                      iteration: e.flags & UInt16(RR_HAS_ITER) != 0 ? e.iter : 0,
                      timestamp: e.flags & UInt16(RR_HAS_TIMESTAMP) != 0 ? e.timestamp : nil)
    }

    func decode(_ e: rr_event) -> Event {
        let task = name(e.task)
        switch Int(e.kind) {
        case Int(RR_KIND_SCALAR.rawValue):
            return .scalar(ScalarEvent(task: task, position: position(of: e), value: e.value,
                                       xAxisLabel: name(e.x_axis_label)))
        case Int(RR_KIND_VECTOR.rawValue):
            return .vector(VectorEvent(task: task, position: position(of: e), values: doubles(e.values)))
        case Int(RR_KIND_IMAGE.rawValue):
            return .debugImage(DebugImageEvent(task: task, position: position(of: e),
                                               key: e.key.length > 0 ? string(e.key) : nil,
                                               url: e.url.length > 0 ? string(e.url) : nil))
        case Int(RR_KIND_PLOT.rawValue):
            return .plot(PlotEvent(task: task, position: position(of: e), plotJSON: string(e.text)))
        case Int(RR_KIND_LOG.rawValue):
            return .log(LogEvent(task: task, timestamp: e.flags & UInt16(RR_HAS_TIMESTAMP) != 0 ? e.timestamp : nil,
                                 level: name(e.level), worker: name(e.worker), message: string(e.text)))
        default:
            return .unknown(type: name(e.type_name) ?? "", task: task)
        }
    }
}
