import Foundation

/// How inputs are read.
public struct LoadOptions: Sendable {
    /// Threads that scan one large plain file in parallel, split at line boundaries.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Bytes read at a time from a stream.
    public var chunkSize = 4 << 20
    /// A plain file at least this large is split between the workers.
    public var parallelThreshold = 16 << 20
    public var zipLimits = ZipArchive.Limits.standard
    /// Called with the number of input bytes just scanned, from any thread.
    public var progress: (@Sendable (Int) -> Void)?

    public init() {}
}

/// What one input gave: its runs as read from it, and what was skipped.
public struct InputReport: Sendable {
    public var item: InputItem
    public var runs: [Run] = []
    public var problems: [InputProblem] = []
    /// Bytes of events scanned (after decompression).
    public var bytes = 0
}

/// Everything read from the inputs.
public struct LoadResult: Sendable {
    public var inputs: [InputReport] = []
    /// Named paths that could not be used at all.
    public var unusable: [InputProblem] = []
    /// Files below named folders that are not inputs.
    public var ignored: [String] = []
    /// Runs merged across inputs by id, in the order they were first seen.
    public var runs: [Run] = []

    /// Every problem: the unusable paths and what each input skipped.
    public var problems: [InputProblem] { unusable + inputs.flatMap(\.problems) }

    public var eventCount: Int { runs.reduce(0) { $0 + $1.counts.total } }

    /// Whether anything was read: an event or a task's metadata.
    public var hasContent: Bool { runs.contains { $0.counts.total > 0 || $0.metadata != nil } }
}
