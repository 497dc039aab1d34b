/// Reads a W&B offline run: its folder (`wandb/offline-run-<time>-<id>/`, what `wandb.init(mode=
/// "offline")` leaves, with `run-<id>.wandb` inside) or the `.wandb` file named on its own, into
/// one run. The file is read whole.
struct WandBLoader {
    let path: String
    let isFolder: Bool
    var maxRecordBytes = LoadOptions.defaultMaxLineBytes
    var maxSeries = LoadOptions.defaultMaxSeries

    /// The run files of `folder`: `run-*.wandb`.
    static func runFiles(in folder: String) -> [String] {
        (FolderListing(path: folder)?.entries ?? []).filter { entry in
            entry.kind == .file && entry.name.hasPrefix("run-") && entry.name.hasSuffix(".wandb")
        }.map(\.name)
    }

    func read(into report: inout InputReport) {
        let (folder, names) = isFolder ? (path, Self.runFiles(in: path)) : FormatRules.split(path)
        let root = InputRoot(path: folder)
        for name in names {
            let source = isFolder ? path + "/" + name : path
            do {
                guard let file = try root.open(name) else { continue }
                var records = WandBRecordLog(bytes: try file.bytes(at: 0, count: file.size), maxRecordBytes: maxRecordBytes)
                var run = WandBRun(id: String(name.dropFirst(4).dropLast(6)))
                try records.forEachRecord { record, offset in
                    do { try run.add(record: record) } catch {
                        report.problems.append(FormatRules.problem(source, offset, "a record that does not decode (\(error))"))
                    }
                    if run.seriesCount > maxSeries { throw InputError.tooManySeries(limit: maxSeries, before: 0) }
                }
                report.problems += records.damage.map { FormatRules.problem(source, $0.offset, $0.reason) }
                report.bytes += file.size
                report.runs.append(run.build(files: isFolder ? .runFolder(path) : nil))
            } catch InputError.tooManySeries {
                report.overSeriesLimit = true
                return
            } catch {
                report.problems.append(InputProblem(source: source, reason: .unreadable(String(describing: error))))
            }
        }
    }
}
