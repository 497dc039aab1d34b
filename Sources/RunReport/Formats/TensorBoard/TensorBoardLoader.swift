import Foundation

/// Reads a TensorBoard run: a folder's `events.out.tfevents.*` files in name order (a run that was
/// restarted has several), or one event file named on its own, into one run.
///
/// A tag is split at its first `/`: `acc/top1/train` is metric `acc`, variant `top1/train`, as
/// TensorBoard groups its charts by the first part; a tag without `/` is both. Steps are
/// iterations and wall times whole milliseconds. TensorBoard's rule for orphaned data is kept:
/// a `SessionLog` START at step S (a run resumed from a checkpoint) drops what was written at
/// step S and later; in files older than version 2 a summary whose step goes back drops its own
/// tags' later points instead. Unlike TensorBoard, no point is sampled away.
struct TensorBoardLoader {
    /// The run's folder, or the one event file.
    let path: String
    let isFolder: Bool
    var maxRecordBytes = LoadOptions.defaultMaxLineBytes
    var maxSeries = LoadOptions.defaultMaxSeries

    /// The event files of `folder` by name, as a walk or `detect(folder:)` finds them.
    static func eventFiles(in folder: String) -> [String] {
        guard let listing = FolderListing(path: folder) else { return [] }
        return listing.entries.filter { entry in
            entry.name.hasPrefix("events.out.tfevents.") && (entry.kind == .file || entry.kind == .symbolicLink)
        }.map(\.name)
    }

    func read(into report: inout InputReport) {
        let (folder, names) = isFolder ? (path, Self.eventFiles(in: path)) : FormatRules.split(path)
        let root = InputRoot(path: folder)
        var run = TensorBoardRun(id: path, name: Self.runName(isFolder ? path : folder))
        for name in names {
            let source = isFolder ? path + "/" + name : path
            do {
                guard let file = try root.open(name) else { continue }
                var reader = TFRecordReader(file: file, maxRecordBytes: maxRecordBytes)
                try reader.forEachRecord { record, offset in
                    do {
                        let event = try TensorBoardEvent(record: record, plugins: &run.plugins)
                        run.add(event, file: name, dataOffset: offset + 12)
                    } catch {
                        report.problems.append(FormatRules.problem(source, offset, "an event that does not decode (\(error))"))
                    }
                    if run.seriesCount > maxSeries { throw InputError.tooManySeries(limit: maxSeries, before: 0) }
                }
                report.problems += reader.damage.map { FormatRules.problem(source, $0.offset, $0.reason) }
                report.bytes += reader.offset
            } catch InputError.tooManySeries {
                report.overSeriesLimit = true
                return
            } catch {
                report.problems.append(InputProblem(source: source, reason: .unreadable(String(describing: error))))
            }
        }
        if let built = run.build(files: .tensorBoardFolder(folder)) { report.runs = [built] }
    }

    /// The run's name: its folder's last component.
    static func runName(_ folder: String) -> String {
        let parts = folder.split(separator: "/")
        return parts.last.map(String.init) ?? folder
    }
}
