import CSimdJSONScan

/// The event scan's two paths on the same bytes: the direct path (flat event objects decoded
/// without simdjson) and simdjson must give the same events, to the bit, and the same problems.
enum ScanDifferential {
    static func compare(_ bytes: [UInt8]) {
        let direct = outcome(bytes, directPath: true)
        let simdjson = outcome(bytes, directPath: false)
        check(direct == simdjson, "the direct path and simdjson disagree:\n\(direct)\n\(simdjson)")
    }

    /// Every event and problem of a scan of `bytes`, one line of text each.
    private static func outcome(_ bytes: [UInt8], directPath: Bool) -> [String] {
        guard let scanner = rr_scanner_create() else { return [] }
        defer { rr_scanner_destroy(scanner) }
        rr_scanner_set_direct_path(scanner, directPath ? 1 : 0)
        let padded = bytes + [UInt8](repeating: 0, count: Int(RR_PADDING))
        padded.withUnsafeBufferPointer { buffer in
            _ = rr_scan_lines(scanner, buffer.baseAddress, bytes.count, buffer.count, 1, 1)
        }
        func text(_ slice: rr_slice) -> String {
            guard slice.length > 0, let arena = rr_arena(scanner) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: arena + Int(slice.offset), count: Int(slice.length)),
                          as: UTF8.self)
        }
        func name(_ id: Int32) -> String {
            guard id >= 0 else { return "-" }
            var length = 0
            guard let bytes = rr_name(scanner, id, &length) else { return "?" }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
        var lines: [String] = []
        for e in UnsafeBufferPointer(start: rr_events(scanner), count: rr_event_count(scanner)) {
            let names = [e.task, e.metric, e.variant, e.type_name, e.level, e.worker, e.x_axis_label].map(name)
            let texts = [e.text, e.key, e.url, e.values].map(text)
            lines.append("event \(e.kind) line \(e.line) \(names) flags \(e.flags) \(e.iter) \(e.timestamp) "
                         + "\(e.value.bitPattern) \(texts)")
        }
        for p in UnsafeBufferPointer(start: rr_problems(scanner), count: rr_problem_count(scanner)) {
            lines.append("problem line \(p.line) element \(p.element) code \(p.code) \(text(p.detail))")
        }
        return lines
    }
}
