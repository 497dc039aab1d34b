extension LoadResult {
    /// Keeps only the runs whose id or name is in `tasks` (all runs when it is empty).
    public func selecting(tasks: [String]) -> LoadResult {
        guard !tasks.isEmpty else { return self }
        let wanted = Set(tasks)
        let keep = { (run: Run) in wanted.contains(run.id) || wanted.contains(run.name) }
        var selected = self
        selected.runs = runs.filter(keep)
        for index in selected.inputs.indices { selected.inputs[index].runs = inputs[index].runs.filter(keep) }
        return selected
    }
}
