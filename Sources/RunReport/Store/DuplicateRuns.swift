/// The one rule for a run found in several inputs that are each a copy of it (a ClearML
/// session's folder and its zip, a Comet archive unpacked and zipped), for every command: the
/// run is read once, from the complete copy (no skipped input, then the most events, then the
/// first in path order), and each other copy is reported as skipped with the choice.
///
/// Event dumps are not copies: a task exported in several files is their union, merged.
public enum DuplicateRuns {
    /// How complete one copy of a run is; the larger is kept.
    public struct Completeness: Comparable, Sendable {
        /// The copy was read without skipping anything (no truncation, no malformed line).
        public var whole: Bool
        public var events: Int

        /// A copy read `whole` (nothing skipped) holding `events` events of the run.
        public init(whole: Bool, events: Int) {
            self.whole = whole
            self.events = events
        }

        public static func < (a: Self, b: Self) -> Bool { (a.whole ? 1 : 0, a.events) < (b.whole ? 1 : 0, b.events) }

        var text: String { "\(events) events" + (whole ? "" : ", some input skipped") }
    }

    /// Whether an input of this kind is a whole copy of its runs (a session or an archive).
    public static func isCopy(_ kind: InputKind) -> Bool {
        switch kind {
        // An MLflow run in a store and in a pulled folder, a W&B run folder and its run file, a
        // TensorBoard run named twice: the same run whole each time.
        case .clearmlSessionFolder, .clearmlSessionZip, .cometArchive, .tensorBoard, .mlflow, .wandb: return true
        case .eventLines, .eventDocument: return false
        }
    }

    /// The index of the copy to keep among `copies` (in path order): the most complete, the
    /// first of equals.
    public static func chosen(_ copies: [Completeness]) -> Int? {
        guard var best = copies.indices.first else { return nil }
        for index in copies.indices.dropFirst() where copies[best] < copies[index] { best = index }
        return best
    }

    /// The problem reported for the copy at `skipped`.
    public static func problem(run id: String, skipped: String, _ skippedCopy: Completeness, kept: String,
                               _ keptCopy: Completeness) -> InputProblem {
        if skipped == kept {
            return InputProblem(source: skipped, reason: .duplicate("named more than once; run \(id) is read once"))
        }
        return InputProblem(source: skipped, reason: .duplicate(
            "run \(id) is also in \(kept); read once, from there (\(keptCopy.text); this copy: \(skippedCopy.text))"))
    }

    /// Keeps each run that several copy inputs hold in the most complete one only, in place:
    /// the others lose the run and gain a problem saying so.
    static func resolve(_ reports: inout [InputReport]) {
        var holders: [String: [Int]] = [:]
        var order: [String] = []
        for (index, report) in reports.enumerated() where isCopy(report.item.kind) {
            for run in report.runs {
                if holders[run.id] == nil { order.append(run.id) }
                holders[run.id, default: []].append(index)
            }
        }
        for id in order {
            guard let indices = holders[id], indices.count > 1 else { continue }
            let copies = indices.map { index in
                Completeness(whole: reports[index].problems.isEmpty,
                             events: reports[index].runs.first { $0.id == id }?.counts.total ?? 0)
            }
            guard let keep = chosen(copies) else { continue }
            for (position, index) in indices.enumerated() where position != keep {
                reports[index].runs.removeAll { $0.id == id }
                reports[index].problems.append(problem(run: id, skipped: reports[index].item.path, copies[position],
                                                       kept: reports[indices[keep]].item.path, copies[keep]))
            }
        }
    }
}
