import Foundation

/// Merges the parts of a file scanned in parallel, in file order, as soon as each part and
/// every part before it are done: a part's series go into the whole and are freed while the
/// others are still being scanned. Once the merged series pass `seriesLimit` the merger stops:
/// parts not started are not read, and those under way stop at their next batch. The whole
/// input is then refused, so what is kept never depends on how the parts were scheduled.
final class PartMerger: @unchecked Sendable {  // every member behind `lock`
    private let lock = NSLock()
    private var pending: [Int: EventStreamReader.Outcome] = [:]
    private var next = 0
    private var merged = EventStreamReader.Outcome()
    private var seriesCount = 0
    private var stopped = false
    private let seriesLimit: Int

    init(seriesLimit: Int) { self.seriesLimit = seriesLimit }

    /// Whether the series passed the limit: the rest of the file need not be read.
    var isStopped: Bool { lock.withLock { stopped } }

    /// Adds part `index`, and merges every part now next in order.
    func add(_ part: EventStreamReader.Outcome, at index: Int) {
        lock.withLock {
            pending[index] = part
            while let part = pending.removeValue(forKey: next) {
                merge(part)
                next += 1
            }
        }
    }

    /// The parts merged, with problem lines numbered from the file's start.
    func finish() -> EventStreamReader.Outcome {
        lock.withLock {
            merged.overSeriesLimit = merged.overSeriesLimit || stopped
            return merged
        }
    }

    private func merge(_ part: EventStreamReader.Outcome) {
        let offset = merged.lines
        merged.problems += part.problems.map { problem in
            var moved = problem
            moved.line = problem.line.map { $0 + offset }
            return moved
        }
        RunMerger.merge(part.runs, into: &merged.runs)
        merged.bytes += part.bytes
        merged.lines += part.lines
        merged.overSeriesLimit = merged.overSeriesLimit || part.overSeriesLimit
        seriesCount = merged.runs.reduce(0) { $0 + $1.series.count }
        if seriesCount > seriesLimit || part.overSeriesLimit { stopped = true }
    }
}
