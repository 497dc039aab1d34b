/// Reads a Comet offline archive (folder or zip): experiment.json, then messages.json streamed
/// a line at a time, into one run.
struct CometLoader {
    let archive: SessionContainer
    /// The archive's path, whose name (`<experiment key>.zip`) names the run when
    /// experiment.json does not.
    let path: String
    /// Longer lines of messages.json are skipped and reported.
    var maxLineBytes = LoadOptions.defaultMaxLineBytes
    /// Reading stops once the run has more series than this; the input is then refused.
    var maxSeries = LoadOptions.defaultMaxSeries

    func read(into report: inout InputReport) {
        report.problems += archive.problems
        var experiment: JSONValue?
        do {
            if let bytes = try archive.contents(of: "experiment.json") { experiment = try JSONParser.parse(bytes) }
        } catch {
            report.problems.append(InputProblem(source: archive.displayName("experiment.json"), reason: .malformedJSON(String(describing: error))))
        }
        let builder = CometRunBuilder(id: experiment?["offline_id"]?.stringValue ?? Self.stem(of: path), files: archive)
        if let experiment { builder.applyExperiment(experiment) }
        let name = archive.displayName("messages.json")
        do {
            guard let source = try archive.source(for: "messages.json") else {
                report.problems.append(InputProblem(source: name, reason: .unreadable("the archive has no messages.json")))
                return
            }
            var chunker = LineChunker(source: source, maxLineBytes: maxLineBytes)
            defer {
                report.problems += chunker.skippedLines.map {
                    InputProblem(source: name, line: $0, reason: .unreadable(InputError.lineTooLong(limit: maxLineBytes).description))
                }
            }
            try chunker.forEachChunk { chunk in
                var lines: UInt64 = 0
                var start = 0
                let bytes = chunk.bytes
                while start < bytes.count {
                    var end = start
                    while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                    let number = chunk.firstLine + lines
                    lines += 1
                    read(line: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), number: number, source: name,
                         builder: builder, problems: &report.problems)
                    start = end + 1
                }
                report.bytes += bytes.count
                if builder.seriesCount > maxSeries { throw InputError.tooManySeries(limit: maxSeries, before: 0) }
                return lines
            }
        } catch InputError.tooManySeries {
            report.overSeriesLimit = true
        } catch {
            report.problems.append(InputProblem(source: name, reason: .unreadable(String(describing: error))))
        }
        do { report.runs = [try builder.finish()] } catch {
            report.problems.append(InputProblem(source: name, reason: .unreadable(String(describing: error))))
        }
        report.problems += builder.problems
    }

    private func read(line: UnsafeRawBufferPointer, number: UInt64, source: String, builder: CometRunBuilder,
                      problems: inout [InputProblem]) {
        var text = line
        if text.last == 0x0D { text = UnsafeRawBufferPointer(rebasing: text.dropLast()) }
        guard text.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        do {
            let message = try CometMessage(JSONParser.parse(Array(text)))
            try builder.apply(message, source: source + ":\(number)")
        } catch let error as CometMessage.DecodeError {
            problems.append(InputProblem(source: source, line: number, reason: .invalidField(error.description)))
        } catch let error as JSONParser.ParseError {
            problems.append(InputProblem(source: source, line: number, reason: .malformedJSON(error.description)))
        } catch {
            problems.append(InputProblem(source: source, line: number, reason: .unreadable(String(describing: error))))
        }
    }

    /// `…/4abade68….zip` → `4abade68…`.
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".zip") ? String(name.dropLast(4)) : name
    }
}
