import Foundation

/// Builds a static site of many runs: `DIR/runs/<id>/` (a report each, and `run.json`),
/// `DIR/index.html` (a table of every run), `DIR/compare/<project>/` (a comparison of each
/// project's runs) and `DIR/manifest.json`. An input whose content hash is unchanged and whose
/// reports are in place is not read again.
public struct ArchiveBuilder {
    public var options: ArchiveOptions

    public init(options: ArchiveOptions = ArchiveOptions()) { self.options = options }

    /// One input's part of the work.
    private struct Job {
        var item: InputItem
        var hash = ""
        var stamp: InputStatCache.Entry?
        var reuse = false
        /// Each rendered run's id and staging folder (the run itself is let go once written).
        var staged: [(id: String, staging: String, events: Int)] = []
        var problems: [InputProblem] = []
        /// A run could not be written: the input is not recorded as done, so the next run retries it.
        var failed = false
        /// Refused by a limit (`--max-series`): not recorded as done either, but not a failure.
        var refused = false
    }

    /// Builds or updates the site in `folder`: a folder that is missing, empty or runreport's
    /// own, never a symbolic link, locked while it is written. A manifest naming a folder that
    /// is not a `SafeName` (or is a symbolic link) is refused before anything is touched.
    public func build(paths: [String], into folder: String) throws -> ArchiveOutcome {
        let site = OutputFolder(folder, kind: .archive)
        let lock = try OutputLock(for: site.path)
        defer { lock.release() }
        try site.check()
        let old = try ArchiveManifest.load(from: site.path)
        return try build(paths: paths, into: site, old: old)
    }

    private func build(paths: [String], into site: OutputFolder, old: ArchiveManifest) throws -> ArchiveOutcome {
        let manager = FileManager.default
        let folder = site.path
        let catalog = InputCatalog(paths: paths)
        var outcome = ArchiveOutcome()
        outcome.problems = catalog.problems
        let items = catalog.items.filter { options.shard?.contains($0.path) ?? true }
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try site.mark()
        let cache = InputStatCache.read(from: folder)
        let staging = folder + "/.staging"
        try? manager.removeItem(atPath: staging)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try manager.createDirectory(atPath: folder + "/runs", withIntermediateDirectories: true)
        Staging.shared.add(staging)
        defer { try? manager.removeItem(atPath: staging); Staging.shared.remove(staging) }

        let jobs = Slots<Job>(count: items.count)
        let next = Counter()
        let workers = max(1, min(options.jobs, items.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !(options.isCancelled?() ?? false), let index = next.take(below: items.count) {
                jobs[index] = work(on: items[index], number: index, old: old, cache: cache, folder: folder, staging: staging)
                options.progress?(next.finished(), items.count)
            }
        }

        var manifest = ArchiveManifest()
        let done = Set(jobs.values.map(\.item.path))
        outcome.cancelled = done.count < items.count
        let named = Set(items.map(\.path))
        // Inputs outside this shard, inputs gone without --prune, and inputs an interruption
        // did not reach stay as they were.
        for (path, input) in old.inputs where !done.contains(path) {
            let ours = options.shard?.contains(path) ?? true
            if ours && options.prune && !named.contains(path) {
                for id in input.runs {
                    if let entry = old.runs[id] { try? manager.removeItem(atPath: folder + "/runs/" + entry.folder) }
                    outcome.removed.append(id)
                }
                continue
            }
            manifest.inputs[path] = input
            for id in input.runs { manifest.runs[id] = old.runs[id] }
        }
        // A run that several inputs copy is kept from the most complete one (DuplicateRuns).
        let fresh = jobs.values.filter { !$0.reuse && !$0.failed && DuplicateRuns.isCopy($0.item.kind) }
        var copies: [String: [(path: String, copy: DuplicateRuns.Completeness)]] = [:]
        for job in fresh {
            for staged in job.staged {
                copies[staged.id, default: []].append((job.item.path, .init(whole: job.problems.isEmpty, events: staged.events)))
            }
        }
        let keptFrom = copies.compactMapValues { list in DuplicateRuns.chosen(list.map(\.copy)).map { list[$0] } }
        for job in jobs.values {
            outcome.problems += job.problems
            if job.reuse {
                manifest.inputs[job.item.path] = old.inputs[job.item.path]
                for id in old.inputs[job.item.path]?.runs ?? [] { manifest.runs[id] = old.runs[id]; outcome.reused.append(id) }
                for id in old.inputs[job.item.path]?.duplicates ?? [] {
                    outcome.problems.append(Self.duplicate(id, in: job.item.path, keptFrom: old.runs[id]?.input ?? "another input"))
                }
                continue
            }
            if job.failed || job.refused {
                // Not done: what the archive had of this input stays, and it is read again next time.
                if job.failed { outcome.failed.append(job.item.path) }
                if let before = old.inputs[job.item.path] {
                    manifest.inputs[job.item.path] = before
                    for id in before.runs { manifest.runs[id] = old.runs[id] }
                }
                continue
            }
            var ids: [String] = [], duplicates: [String] = []
            for (id, stagedFolder, events) in job.staged {
                if let kept = keptFrom[id], kept.path != job.item.path {
                    outcome.problems.append(DuplicateRuns.problem(run: id, skipped: job.item.path,
                        .init(whole: job.problems.isEmpty, events: events), kept: kept.path, kept.copy))
                    duplicates.append(id)
                    continue
                }
                if let other = manifest.runs[id], other.input != job.item.path {
                    outcome.problems.append(Self.duplicate(id, in: job.item.path, keptFrom: other.input))
                    duplicates.append(id)
                    continue
                }
                let name = ReportWriter.folderName(id)
                try OutputFolder.swap(folder + "/runs/" + name, with: stagedFolder)
                manifest.runs[id] = .init(folder: name, input: job.item.path, inputSHA256: job.hash, events: events,
                                          whole: job.problems.isEmpty)
                ids.append(id)
                outcome.rendered.append(id)
            }
            // Runs this input held before and holds no more.
            for id in old.inputs[job.item.path]?.runs ?? [] where !ids.contains(id) && manifest.runs[id] == nil {
                if let entry = old.runs[id] { try? manager.removeItem(atPath: folder + "/runs/" + entry.folder) }
                outcome.removed.append(id)
            }
            manifest.inputs[job.item.path] = .init(sha256: job.hash, runs: ids, duplicates: duplicates.isEmpty ? nil : duplicates)
        }
        outcome.runCount = manifest.runs.count
        var newCache = InputStatCache()
        for job in jobs.values where !job.failed && !job.refused { if let stamp = job.stamp { newCache.inputs[job.item.path] = stamp } }
        try newCache.write(to: folder)
        let readable = Set(catalog.items.map(\.path))
        try ArchiveSite(options: options, folder: folder, readable: readable).finish(manifest: &manifest, old: old, changed: Set(outcome.rendered + outcome.removed))
        return outcome
    }

    static func duplicate(_ id: String, in path: String, keptFrom other: String) -> InputProblem {
        InputProblem(source: path, reason: .unsupported("run \(id) is also in \(other); the archive keeps that one"))
    }

    /// Hashes an input; unless its reports are in place under the same hash, reads it and
    /// renders its runs into staging folders.
    private func work(on item: InputItem, number: Int, old: ArchiveManifest, cache: InputStatCache, folder: String,
                      staging: String) -> Job {
        var job = Job(item: item)
        do { (job.hash, job.stamp) = try cache.hash(of: item.path) } catch {
            job.problems.append(InputProblem(source: item.path, reason: .unreadable(String(describing: error))))
            return job
        }
        if let before = old.inputs[item.path], before.sha256 == job.hash,
           before.runs.allSatisfy({ id in old.runs[id].map { FileManager.default.fileExists(atPath: folder + "/runs/" + $0.folder + "/run.json") } ?? false }) {
            job.reuse = true
            return job
        }
        var load = LoadOptions()
        load.workers = 1
        load.maxLineBytes = options.maxLineBytes
        load.maxSeries = options.maxSeries
        let report = RunLoader(options: load).read(item)
        job.problems = report.problems
        job.refused = report.isRefused
        for (index, run) in report.runs.enumerated() {
            let target = staging + "/\(number)-\(index)"
            if let hook = options.beforeRunWrite {
                do { try hook(run.id) } catch {
                    job.problems.append(InputProblem(source: item.path, reason: .unreadable("run \(run.id): \(error)")))
                    job.failed = true
                    continue
                }
            }
            do {
                var single = LoadResult()
                single.runs = [run]
                single.inputs = [report]
                var report = options.report
                report.backLink = "../../index.html"
                try ReportWriter(options: report).write(single, to: target, locked: false)
                try AtomicFile.write(RunCard(run: run, folder: ReportWriter.folderName(run.id)).encoded(), to: target + "/run.json")
                job.staged.append((run.id, target, run.counts.total))
            } catch {
                job.problems.append(InputProblem(source: item.path, reason: .unreadable("run \(run.id): \(error)")))
                job.failed = true
            }
        }
        return job
    }
}

/// Hands out work indices to threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0

    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard next < limit else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func finished() -> Int { lock.withLock { done += 1; return done } }
}
