import Foundation

/// Reads inputs of every kind into runs: the pipeline's Input → Events → Store stages.
public struct RunLoader: Sendable {
    public var options: LoadOptions

    public init(options: LoadOptions = LoadOptions()) { self.options = options }

    /// Reads every input the paths name; a run that several copies hold (a session's folder and
    /// its zip) is read from the most complete one (`DuplicateRuns`).
    public func load(paths: [String]) -> LoadResult {
        let catalog = InputCatalog(paths: paths)
        var result = LoadResult()
        result.unusable = catalog.problems
        result.ignored = catalog.ignored
        var loader = self
        var reports: [InputReport] = []
        for item in catalog.items {
            let report = loader.read(item)
            loader.options.seriesBefore += report.seriesCount  // the inputs' series count together
            reports.append(report)
        }
        DuplicateRuns.resolve(&reports)
        for report in reports {
            RunMerger.merge(report.runs, into: &result.runs)
            result.inputs.append(report)
        }
        return result
    }

    /// Reads one recognised input; one with more than `options.maxSeries` series is refused.
    public func read(_ item: InputItem) -> InputReport {
        var report = readContent(item)
        report.enforceSeriesLimit(options)
        return report
    }

    private func readContent(_ item: InputItem) -> InputReport {
        var report = InputReport(item: item)
        switch item.kind {
        case let .eventLines(gzip), let .eventDocument(gzip):
            let reader = EventStreamReader(options: options, name: item.path, defaultTask: nil)
            let outcome: EventStreamReader.Outcome
            do {
                let file = try OpenFile(path: item.path)
                let isDocument = item.kind == .eventDocument(gzip: gzip)
                if gzip {
                    // Inflating on one core while the other scans.
                    let inflate = try InflateSource(FileSource(file: file), format: .gzip)
                    let source: ByteSource = options.workers > 1 ? PrefetchingSource(inflate) : inflate
                    outcome = isDocument ? reader.readDocument(source) : reader.readLines(source)
                } else {
                    outcome = isDocument ? reader.readDocument(FileSource(file: file)) : reader.readFile(file)
                }
            } catch {
                report.problems.append(InputProblem(source: item.path, reason: .unreadable(String(describing: error))))
                return report
            }
            report.runs = outcome.runs
            report.problems = outcome.problems
            report.bytes = outcome.bytes
            report.overSeriesLimit = outcome.overSeriesLimit
        case .clearmlSessionFolder:
            readSession(SessionFolder(path: item.path), into: &report)
        case .clearmlSessionZip:
            do {
                let archive = try ZipArchive(file: OpenFile(path: item.path), limits: options.zipLimits)
                readSession(SessionZip(path: item.path, archive: archive), into: &report)
            } catch {
                report.problems.append(InputProblem(source: item.path, reason: .unreadable(String(describing: error))))
            }
        case let .tensorBoard(folder):
            TensorBoardLoader(path: item.path, isFolder: folder, maxRecordBytes: options.maxLineBytes,
                              maxSeries: options.seriesLeft).read(into: &report)
        case let .wandb(folder):
            WandBLoader(path: item.path, isFolder: folder, maxRecordBytes: options.maxLineBytes,
                        maxSeries: options.seriesLeft).read(into: &report)
        case .mlflow(.database):
            MLflowDatabase(path: item.path, maxSeries: options.seriesLeft).read(into: &report)
        case let .mlflow(layout):
            MLflowFileStore(path: item.path, isExperiment: layout == .experimentFolder, maxLineBytes: options.maxLineBytes,
                            maxSeries: options.seriesLeft).read(into: &report)
        case .cometArchive(zip: false):
            CometLoader(archive: SessionFolder(path: item.path, isComet: true), path: item.path,
                        maxLineBytes: options.maxLineBytes, maxSeries: options.seriesLeft).read(into: &report)
        case .cometArchive(zip: true):
            do {
                let archive = try ZipArchive(file: OpenFile(path: item.path), limits: options.zipLimits)
                CometLoader(archive: SessionZip(path: item.path, archive: archive, isComet: true), path: item.path,
                            maxLineBytes: options.maxLineBytes, maxSeries: options.seriesLeft).read(into: &report)
            } catch {
                report.problems.append(InputProblem(source: item.path, reason: .unreadable(String(describing: error))))
            }
        }
        return report
    }

    /// A ClearML offline session: task.json, then metrics.jsonl and log.jsonl, whose events
    /// belong to the session's task when they name none.
    private func readSession(_ session: SessionContainer, into report: inout InputReport) {
        report.problems += session.problems
        var metadata: TaskMetadata?
        do {
            if let bytes = try session.contents(of: "task.json") { metadata = try TaskMetadata(json: bytes) }
        } catch {
            report.problems.append(InputProblem(source: session.displayName("task.json"),
                                                reason: .unreadable(String(describing: error))))
        }
        let taskID = metadata?.id
        for name in ["metrics.jsonl", "log.jsonl"] {
            let reader = EventStreamReader(options: options, name: session.displayName(name), defaultTask: taskID)
            do {
                guard let entry = try session.source(for: name) else { continue }
                let source: ByteSource = options.workers > 1 && session.isCompressed ? PrefetchingSource(entry) : entry
                let outcome = reader.readLines(source)
                RunMerger.merge(outcome.runs, into: &report.runs)
                report.problems += outcome.problems
                report.bytes += outcome.bytes
                report.overSeriesLimit = report.overSeriesLimit || outcome.overSeriesLimit
            } catch {
                report.problems.append(InputProblem(source: session.displayName(name),
                                                    reason: .unreadable(String(describing: error))))
            }
        }
        if let metadata, let id = metadata.id {
            if !report.runs.contains(where: { $0.id == id }) { report.runs.insert(Run(id: id), at: 0) }
            for index in report.runs.indices where report.runs[index].id == id {
                report.runs[index].metadata = metadata
            }
        }
        for index in report.runs.indices { report.runs[index].files = session.files }
    }
}
