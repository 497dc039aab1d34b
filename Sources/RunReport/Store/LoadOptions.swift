import Foundation

/// How inputs are read.
public struct LoadOptions: Sendable {
    /// Threads that scan one large plain file in parallel, split at line boundaries: the cores
    /// this process may run on (its CPU affinity, as `taskset` or a container sets it).
    public var workers = LoadOptions.usableCores
    /// Bytes read at a time from a stream.
    public var chunkSize = 4 << 20
    /// A plain file at least this large is split between the workers.
    public var parallelThreshold = 16 << 20
    public var zipLimits = ZipArchive.Limits.standard
    /// The longest line (and the largest event document) read: a longer one is skipped and
    /// reported with its file and line, never held whole.
    public var maxLineBytes = LoadOptions.defaultMaxLineBytes
    /// 256 MiB.
    public static let defaultMaxLineBytes = 256 << 20
    /// The most distinct scalar series the inputs may hold together, counted input by input in
    /// the order they are named: an input that would pass it is refused whole (reported, no
    /// run of it kept), so that memory stays bounded (a series costs a few hundred bytes before
    /// its points) and the outcome does not depend on how the reading was split between cores.
    public var maxSeries = LoadOptions.defaultMaxSeries
    /// One million.
    public static let defaultMaxSeries = 1_000_000
    /// Series of the inputs read before this one, counted against `maxSeries`.
    var seriesBefore = 0
    /// The series this input may have.
    var seriesLeft: Int { maxSeries - seriesBefore }
    var tooManySeries: InputError { .tooManySeries(limit: maxSeries, before: seriesBefore) }
    /// Called with the number of input bytes just scanned, from any thread.
    public var progress: (@Sendable (Int) -> Void)?
    /// Plain event files are mapped and scanned in place rather than read into a buffer. Off by
    /// default: a file truncated while mapped raises SIGBUS, so a program turns this on after
    /// `exitOnTruncatedInput(message:)`.
    public var mapFiles = false

    public init() {}

    /// Makes a read of a mapped input that shrank meanwhile print `message` to stderr and end
    /// the process with status 1 (instead of dying of SIGBUS).
    public static func exitOnTruncatedInput(message: String) {
        MappedFile.failOnTruncation(message: message)
    }
}

/// What one input gave: its runs as read from it, and what was skipped.
public struct InputReport: Sendable {
    public var item: InputItem
    public var runs: [Run] = []
    public var problems: [InputProblem] = []
    /// Bytes of events scanned (after decompression).
    public var bytes = 0
    /// Reading stopped when the input's series passed the limit it was read with.
    var overSeriesLimit = false
    /// Refused whole by the series limit: nothing of it is kept, and an archive reads it again
    /// next time (the limit may have been raised).
    public internal(set) var isRefused = false

    /// The distinct scalar series of the input's runs.
    public var seriesCount: Int { runs.reduce(0) { $0 + $1.series.count } }

    /// Refuses the input whole, reported once, when its series pass `limit` (or its reading
    /// stopped there): what is kept never depends on where the reading stopped.
    mutating func enforceSeriesLimit(_ options: LoadOptions) {
        guard overSeriesLimit || seriesCount > options.seriesLeft else { return }
        runs = []
        isRefused = true
        problems.append(InputProblem(source: item.path, reason: .unreadable(options.tooManySeries.description)))
    }
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

extension LoadOptions {
    /// The cores this process may run on (`Cpus_allowed_list` in /proc/self/status, which
    /// `taskset` and containers narrow), else the cores online.
    public static var usableCores: Int {
        let online = ProcessInfo.processInfo.activeProcessorCount
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return online }
        let count = cores(inList: String(line.dropFirst("Cpus_allowed_list:".count)))
        return count > 0 ? min(count, max(online, 1)) : online
    }

    /// Counts a CPU list such as `0-3,8,10-11`.
    static func cores(inList list: String) -> Int {
        list.split(separator: ",").reduce(0) { total, item in
            let bounds = item.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
            switch bounds.count {
            case 1: return total + 1
            case 2 where bounds[1] >= bounds[0]: return total + bounds[1] - bounds[0] + 1
            default: return total
            }
        }
    }
}
