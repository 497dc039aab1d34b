/// MLflow's file store (`mlruns/`): an experiment folder (`meta.yaml` with the experiment's name,
/// a folder per run) or one run's folder (`meta.yaml`, `metrics/`, `params/`, `tags/`,
/// `artifacts/`). A metric file holds a line a point, `timestamp value step` (older stores: no
/// step; newer ones may add the dataset's name and digest); a key with `/` is a path of folders. Every file is opened through `InputRoot`.
struct MLflowFileStore {
    let path: String
    /// The input is an experiment's folder (else one run's).
    let isExperiment: Bool
    var maxLineBytes = LoadOptions.defaultMaxLineBytes
    var maxSeries = LoadOptions.defaultMaxSeries

    /// Whether `meta.yaml` below `root` describes a run (`run_uuid`) or an experiment.
    static func kind(of root: InputRoot) -> (isRun: Bool, isExperiment: Bool) {
        guard let file = (try? root.open("meta.yaml")) ?? nil, file.size < 1 << 20,
              let bytes = try? file.bytes(at: 0, count: file.size) else { return (false, false) }
        let meta = MLflowMeta(bytes)
        return (meta["run_uuid"] != nil || meta["run_id"] != nil, meta["experiment_id"] != nil && meta["run_uuid"] == nil)
    }

    func read(into report: inout InputReport) {
        let root = InputRoot(path: path)
        var experiment: String?
        var runFolders = [""]
        if isExperiment {
            experiment = meta(root, "meta.yaml")?["name"]
            runFolders = (FolderListing(path: path)?.entries ?? []).filter { $0.kind == .folder && !$0.name.hasPrefix(".") }
                .map { $0.name + "/" }.filter { Self.kind(of: InputRoot(path: path + "/" + $0)).isRun }
        }
        var series = 0
        for folder in runFolders {
            guard let meta = meta(root, folder + "meta.yaml"), let id = meta["run_uuid"] ?? meta["run_id"] else { continue }
            guard meta["lifecycle_stage"] != "deleted" else { continue }
            var run = MLflowRun(id: id)
            run.name = meta["run_name"]
            run.experiment = experiment
            run.status = MLflowMeta.status(meta["status"])
            run.user = meta["user_id"]
            run.started = meta["start_time"].flatMap { Int64($0) }
            run.ended = meta["end_time"].flatMap { Int64($0) }
            run.params = texts(root, folder + "params", problems: &report.problems)
            run.tags = texts(root, folder + "tags", problems: &report.problems)
            for (key, _) in files(below: folder + "metrics") {
                readMetric(root, folder: folder, key: key, into: &run, report: &report)
                if series + run.seriesCount > maxSeries {
                    report.overSeriesLimit = true
                    return
                }
            }
            series += run.seriesCount
            var built = run.build(files: .runFolder(path + (folder.isEmpty ? "" : "/" + folder.dropLast())))
            MLflowArtifacts.add(files(below: folder + "artifacts").map { ($0.name, $0.size) }, root: root, folder: folder, to: &built)
            report.runs.append(built)
        }
    }

    private func meta(_ root: InputRoot, _ name: String) -> MLflowMeta? {
        guard let file = (try? root.open(name)) ?? nil, file.size < 1 << 20, let bytes = try? file.bytes(at: 0, count: file.size) else { return nil }
        return MLflowMeta(bytes)
    }

    /// The regular files below `folder` (relative to the input), by name below it, in name order;
    /// links and special files passed over, as every walk does.
    func files(below folder: String) -> [(name: String, size: Int)] {
        var result: [(String, Int)] = []
        var pending = [""]
        var seen = 0
        while let relative = pending.popLast(), seen < 100_000 {
            guard let listing = FolderListing(path: path + "/" + folder + (relative.isEmpty ? "" : "/" + relative)) else { continue }
            for entry in listing.entries.reversed() where !entry.name.hasPrefix(".") {
                seen += 1
                let name = relative.isEmpty ? entry.name : relative + "/" + entry.name
                switch entry.kind {
                case .folder: pending.append(name)
                case .file: result.append((name, 0))
                case .symbolicLink, .other: continue
                }
            }
        }
        return result.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }

    /// params/ or tags/: a file a key, its content the value.
    private func texts(_ root: InputRoot, _ folder: String, problems: inout [InputProblem]) -> [(key: String, value: String)] {
        files(below: folder).compactMap { name, _ in
            do {
                guard let file = try root.open(folder + "/" + name) else { return nil }
                let bytes = try file.bytes(at: 0, count: min(file.size, 1 << 20))
                return (name, String(decoding: bytes, as: UTF8.self))
            } catch {
                problems.append(InputProblem(source: path + "/" + folder + "/" + name, reason: .unreadable(String(describing: error))))
                return nil
            }
        }
    }

    private func readMetric(_ root: InputRoot, folder: String, key: String, into run: inout MLflowRun, report: inout InputReport) {
        let name = folder + "metrics/" + key, source = path + "/" + name
        do {
            guard let file = try root.open(name) else { return }
            var chunker = LineChunker(source: FileSource(file: file), chunkSize: 256 << 10, maxLineBytes: min(maxLineBytes, 1 << 16))
            try chunker.forEachChunk { chunk in
                var lines: UInt64 = 0
                for line in chunk.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                    defer { lines += 1 }
                    guard !line.isEmpty else { continue }
                    let fields = line.split(separator: 0x20)
                    // 2 fields (old stores), 3, or 5 (with the dataset's name and digest).
                    guard [2, 3, 5].contains(fields.count), let time = Int64(String(decoding: fields[0], as: UTF8.self)),
                          let value = Double(String(decoding: fields[1], as: UTF8.self)) else {
                        report.problems.append(InputProblem(source: source, line: chunk.firstLine + lines,
                                                            reason: .invalidField("not `timestamp value step`")))
                        continue
                    }
                    let step = fields.count >= 3 ? Int64(String(decoding: fields[2], as: UTF8.self)) : 0
                    guard let step else {
                        report.problems.append(InputProblem(source: source, line: chunk.firstLine + lines, reason: .invalidField("step")))
                        continue
                    }
                    run.addPoint(key: key, step: step, timestamp: time, value: value)
                }
                report.bytes += chunk.bytes.count
                return chunk.endsInput && chunk.bytes.last != 0x0A ? lines : max(0, lines - 1)
            }
            report.problems += chunker.skippedLines.map { InputProblem(source: source, line: $0, reason: .invalidField("a line too long")) }
        } catch {
            report.problems.append(InputProblem(source: source, reason: .unreadable(String(describing: error))))
        }
    }
}
