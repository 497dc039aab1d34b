import Foundation

/// `file_upload` messages: the asset's bytes are a file of the archive named by `file_path`.
extension CometRunBuilder {
    func record(_ upload: CometMessage.Upload, source: String) {
        guard ZipEntryName.isSafe(upload.file), !upload.file.contains("/") else {
            problems.append(InputProblem(source: source, reason: .invalidField("file_path '\(upload.file)' leaves the archive; not read")))
            return
        }
        let iteration = upload.step ?? 0
        let position = { (metric: String, variant: String) in
            EventPosition(metric: metric, variant: variant, iteration: iteration, timestamp: upload.timestamp)
        }
        switch upload.kind {
        case "visualization", "image":
            run.debugImages.append(DebugImageEvent(task: run.id, position: position("images", upload.name ?? upload.file),
                                                   key: upload.file, url: nil))
            run.counts.byKind[.debugImage, default: 0] += 1
        case "curve":
            guard let json = readJSON(upload, source: source) else { return }
            let name = json["name"]?.stringValue ?? upload.name ?? "curve"
            let figure = JSONValue.object([
                ("data", .array([.object([("type", .string("scatter")), ("mode", .string("lines")), ("name", .string(name)),
                                          ("x", json["x"] ?? .array([])), ("y", json["y"] ?? .array([]))])])),
                ("layout", .object([("title", .string(name))])),
            ])
            addPlot(position("curves", name), figure)
        case "confusion-matrix":
            guard let json = readJSON(upload, source: source) else { return }
            let title = json["title"]?.stringValue ?? "Confusion Matrix"
            let labels = json["labels"] ?? .array([])
            let figure = JSONValue.object([
                ("data", .array([.object([("type", .string("heatmap")), ("texttemplate", .string("%{z}")), ("z", json["matrix"] ?? .array([])),
                                          ("x", json["columnLabels"] ?? labels), ("y", json["rowLabels"] ?? labels)])])),
                ("layout", .object([("title", .string(title)),
                                    ("xaxis", .object([("title", json["columnLabel"] ?? .string("predicted"))])),
                                    ("yaxis", .object([("title", json["rowLabel"] ?? .string("actual"))]))])),
            ])
            addPlot(position("confusion matrix", title), figure)
        case "text-sample":
            guard let text = readText(upload, source: source) else { return }
            run.extras.textSamples.append(.init(iteration: upload.step, text: text,
                                                metadata: upload.metadata.map { .init(name: $0.0, value: $0.1) }))
        case "source_code":
            guard let text = readText(upload, source: source) else { return }
            run.extras.sourceFiles.append(.init(name: upload.name ?? upload.file, value: text))
        case "git-patch":
            guard let bytes = read(upload, source: source) else { return }
            do { script.diff = try Self.patch(inZip: bytes) } catch {
                problems.append(InputProblem(source: source, reason: .unreadable("git patch \(upload.file): \(error)")))
            }
        default:
            run.extras.assets.append(.init(name: upload.name ?? upload.file, type: upload.kind, size: (try? files.size(of: upload.file)) ?? nil,
                                           iteration: upload.step))
        }
    }

    private func addPlot(_ position: EventPosition, _ figure: JSONValue) {
        run.plots.append(PlotEvent(task: run.id, position: position, plotJSON: figure.serialized()))
        run.counts.byKind[.plot, default: 0] += 1
    }

    private func read(_ upload: CometMessage.Upload, source: String) -> [UInt8]? {
        do {
            guard let size = try files.size(of: upload.file) else {
                problems.append(InputProblem(source: source, reason: .unreadable("\(upload.kind) asset \(upload.file) is not in the archive")))
                return nil
            }
            guard size <= Self.maxFileBytes, chargedBytes + size <= Self.maxReadBytes else {
                run.extras.assets.append(.init(name: upload.name ?? upload.file, type: upload.kind, size: size, iteration: upload.step))
                return nil
            }
            chargedBytes += size
            return try readOnce(upload.file)?.bytes
        } catch {
            var detail = "\(upload.file): \(error)"
            if case .outsideInput? = error as? InputError { detail = "\(error)" }  // it names the file
            problems.append(InputProblem(source: source, reason: .unreadable(detail)))
            return nil
        }
    }

    /// The file as text, decoded once and shared by every upload that names it.
    private func readText(_ upload: CometMessage.Upload, source: String) -> String? {
        guard let bytes = read(upload, source: source) else { return nil }
        if let text = readFiles[upload.file]?.text { return text }
        let text = String(decoding: bytes, as: UTF8.self)
        readFiles[upload.file]?.text = text
        return text
    }

    /// The file as JSON, parsed once and shared by every upload that names it.
    private func readJSON(_ upload: CometMessage.Upload, source: String) -> JSONValue? {
        guard let bytes = read(upload, source: source) else { return nil }
        if let json = readFiles[upload.file]?.json { return json }
        do {
            let json = try JSONParser.parse(bytes)
            readFiles[upload.file]?.json = json
            return json
        } catch {
            problems.append(InputProblem(source: source, reason: .malformedJSON("\(upload.kind) \(upload.file): \(error)")))
            return nil
        }
    }

    /// The first `.patch` or `.diff` file of a zip held in memory (Comet's git-patch asset).
    static func patch(inZip bytes: [UInt8]) throws -> String? {
        var template = Array((NSTemporaryDirectory() + "/runreport-patch-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(cString: template)
        guard descriptor >= 0 else { throw InputError.cannotOpen(path: path, reason: "no temporary file for the git patch") }
        defer { unlink(path) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { throw InputError.readFailed(path: path, reason: "could not write the git patch to a temporary file") }
        let archive = try ZipArchive(file: OpenFile(path: path), limits: .init(maxEntrySize: maxFileBytes, maxTotalSize: maxFileBytes, maxEntries: 16))
        guard let entry = archive.entries.first(where: { $0.name.hasSuffix(".patch") || $0.name.hasSuffix(".diff") }) else { return nil }
        return String(decoding: try archive.contents(of: entry), as: UTF8.self)
    }
}
