/// What an input is, recognised by its content.
public enum InputKind: Hashable, Sendable, CustomStringConvertible {
    /// A ClearML offline session folder (task.json, metrics.jsonl, log.jsonl, data/).
    case clearmlSessionFolder
    /// The zip the ClearML SDK writes beside an offline session folder.
    case clearmlSessionZip
    /// JSON events, one per line (or batches, or response pages, one per line).
    case eventLines(gzip: Bool)
    /// One JSON document over several lines: a pretty-printed response page.
    case eventDocument(gzip: Bool)
    /// A Comet offline archive (experiment.json, messages.json), folder or zip.
    case cometArchive(zip: Bool)
    /// A TensorBoard run: a folder of `events.out.tfevents.*` files, or one such file.
    case tensorBoard(folder: Bool)
    /// MLflow: its SQLite store, a file store's experiment folder, or one run's folder.
    case mlflow(MLflowLayout)
    /// A W&B offline run: its folder (`offline-run-…`, holding `run-<id>.wandb`) or that file.
    case wandb(folder: Bool)

    public var description: String {
        switch self {
        case .clearmlSessionFolder: return "ClearML offline session"
        case .clearmlSessionZip: return "ClearML offline session (zip)"
        case let .eventLines(gzip): return gzip ? "event lines (gzip)" : "event lines"
        case let .eventDocument(gzip): return gzip ? "event document (gzip)" : "event document"
        case let .cometArchive(zip): return zip ? "Comet offline archive (zip)" : "Comet offline archive"
        case let .tensorBoard(folder): return folder ? "TensorBoard run" : "TensorBoard event file"
        case .mlflow(.database): return "MLflow SQLite store"
        case .mlflow(.experimentFolder): return "MLflow experiment"
        case .mlflow(.runFolder): return "MLflow run"
        case let .wandb(folder): return folder ? "W&B offline run" : "W&B run file"
        }
    }
}

/// The MLflow inputs runreport reads.
public enum MLflowLayout: Hashable, Sendable {
    case database
    case experimentFolder
    case runFolder
}

/// A path and what it was recognised as.
public struct InputItem: Hashable, Sendable {
    public var path: String
    public var kind: InputKind
}
