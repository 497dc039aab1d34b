import Foundation

/// Debug images and the console.
extension ReportBuilder {
    /// Images per (metric, variant), latest iteration first; session files embedded while the
    /// budget lasts, http(s) URLs linked, anything else shown by name only.
    func imageGroups(_ run: Run) -> [ReportPage.ImageGroup] {
        var resolver = ImageResolver(files: run.files)
        var budget = options.imageBudget
        let groups = Dictionary(grouping: run.debugImages) { SeriesKey(metric: $0.position.metric, variant: $0.position.variant) }
        return groups.keys.sorted().map { key in
            let images = (groups[key] ?? []).sorted { $0.position.iteration > $1.position.iteration }
            let views = images.map { image -> ReportPage.Image in
                let caption = "iteration \(image.position.iteration)"
                resolver.maxBytes = budget  // an image past what is left of the budget is not even read
                if budget > 0, let bytes = resolver.bytes(of: image), bytes.count <= budget, let type = Self.imageType(bytes) {
                    budget -= bytes.count
                    return .init(caption: caption, sources: ["data:\(type);base64," + Data(bytes).base64EncodedString()], links: [])
                }
                let link = image.url.flatMap { LinkPolicy.allows($0) ? $0 : nil }
                return .init(caption: caption + (link == nil ? " (not embedded)" : ""), sources: [], links: link.map { [$0] } ?? [])
            }
            let latestIteration = images.first?.position.iteration
            let latest = zip(images, views).filter { $0.0.position.iteration == latestIteration }.map(\.1)
            let history = Array(views.dropFirst(latest.count))
            return .init(title: "\(key.metric) / \(key.variant)", latest: latest, history: history,
                         hasHistory: !history.isEmpty, historyCount: history.count)
        }
    }

    /// PNG, JPEG, GIF or WebP by their magic bytes; anything else is not embedded.
    static func imageType(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if bytes.count > 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }

    /// The console: every event in time order, or past the limit the first quarter and the
    /// last three quarters of it in arrival order. Only the events shown are decoded: the tail
    /// is kept as record offsets while streaming (memory stays bounded) and read back after.
    func console(_ run: Run) throws -> ([ReportPage.ConsoleLine], Int) {
        let total = run.logCount
        let head = options.consoleLimit / 4, tail = options.consoleLimit - head
        var first: [LogEvent] = []
        var last: [(spool: Int, offset: Int)] = []
        var seen = 0
        for (index, spool) in run.logs.enumerated() {
            try spool.forEachView { view in
                seen += 1
                if total <= options.consoleLimit || seen <= head {
                    first.append(Self.event(view))
                } else {
                    last.append((index, view.offset))
                    if last.count > 2 * tail { last.removeFirst(last.count - tail) }
                }
            }
        }
        if last.count > tail { last.removeFirst(last.count - tail) }
        let tailEvents = try last.map { entry in try run.logs[entry.spool].record(at: entry.offset, Self.event) }
        var events = first + tailEvents
        let omitted = total - events.count
        if omitted == 0 {
            events = events.enumerated().sorted { ($0.element.timestamp ?? .min, $0.offset) < ($1.element.timestamp ?? .min, $1.offset) }
                .map(\.element)
        }
        let lines = events.map { event in
            var clock = AsctimeCache(), time: [UInt8] = []
            if let timestamp = event.timestamp { clock.append(timestamp, into: &time) }
            let spans = ANSIText(event.message).runs.map { ReportPage.Span(text: $0.text, classes: $0.style.classes.joined(separator: " ")) }
            return ReportPage.ConsoleLine(time: String(decoding: time, as: UTF8.self), level: event.level ?? "", spans: spans)
        }
        return (lines, omitted)
    }

    private static func event(_ view: LogSpool.RecordView) -> LogEvent {
        LogEvent(task: nil, timestamp: view.timestamp, level: view.level.map { String(decoding: $0, as: UTF8.self) },
                 worker: nil, message: String(decoding: view.message, as: UTF8.self))
    }
}
