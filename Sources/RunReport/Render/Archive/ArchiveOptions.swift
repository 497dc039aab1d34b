/// How an archive is built.
public struct ArchiveOptions: Sendable {
    /// How each run's report is drawn.
    public var report = ReportOptions()
    /// Inputs read and rendered at once.
    public var jobs = LoadOptions.usableCores
    /// Only the K-th (1-based) of N deterministic slices of the inputs.
    public var shard: Shard?
    /// Input lines (and event documents) longer than this are skipped and reported.
    public var maxLineBytes = LoadOptions.defaultMaxLineBytes
    /// An input with more scalar series than this is refused (each input on its own).
    public var maxSeries = LoadOptions.defaultMaxSeries
    /// Remove the reports of runs whose inputs are no longer among the inputs.
    public var prune = false
    /// The series shown as columns of the index, as a shell pattern on `metric / variant`; nil
    /// picks the four most common, losses and accuracies first.
    public var keyMetrics: String?
    /// Called as inputs finish: how many of how many.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Asked before each input: once true, no new input is started, those under way finish,
    /// and the index and manifest are written for what is done (Ctrl-C).
    public var isCancelled: (@Sendable () -> Bool)?
    /// Called before each run's report is written, with its id; a throw counts as a failed write
    /// (tests use it to stand for a full disk).
    var beforeRunWrite: (@Sendable (String) throws -> Void)?

    public init() {}

    /// A slice of the inputs: an input belongs to slice `FNV-1a(path) mod count`, so that a
    /// path stays in its slice whatever other inputs come and go.
    public struct Shard: Sendable, Equatable {
        public var index: Int
        public var count: Int

        /// `K/N` with 1 ≤ K ≤ N.
        public init?(_ text: String) {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
            index = k
            count = n
        }

        public func contains(_ path: String) -> Bool {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(hash % UInt64(count)) == index - 1
        }
    }
}

/// What an archive run did.
public struct ArchiveOutcome: Sendable {
    public var rendered: [String] = []
    public var reused: [String] = []
    public var removed: [String] = []
    public var problems: [InputProblem] = []
    /// Runs in the archive after this run.
    public var runCount = 0
    /// Stopped early (isCancelled): inputs not reached keep what the archive had of them.
    public var cancelled = false
    /// Inputs a run of which could not be written (their problems say why): not recorded as
    /// done, so the next run reads them again; the command fails.
    public var failed: [String] = []
}
