import RunReport

/// What `--task` may name: a task's id or name in the inputs.
struct TaskChoice {
    let runs: [Run]

    init(_ runs: [Run]) { self.runs = runs }

    /// The message for the names in `wanted` that match no task, nil when every one does:
    /// `no task 'nosuch' in the inputs; they hold: a1b2 (train), c3d4`.
    func unknown(_ wanted: [String]) -> String? {
        let missing = wanted.filter { name in !runs.contains { $0.id == name || $0.name == name } }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "'" + TerminalText.safe($0) + "'" }.joined(separator: ", ")
        let subject = missing.count == 1 ? "no task \(names)" : "no tasks \(names)"
        guard !runs.isEmpty else { return subject + " in the inputs; they hold no task" }
        let shown = runs.prefix(20).map { run in TerminalText.safe(run.id) + (run.name == run.id ? "" : " (" + TerminalText.safe(run.name) + ")") }
        let more = runs.count > 20 ? ", … and \(runs.count - 20) more (runreport validate lists them)" : ""
        return subject + " in the inputs; they hold: " + shown.joined(separator: ", ") + more
    }
}
