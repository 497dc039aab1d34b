import Foundation

/// The folder a pull writes into, and the one way each pull writes a run: the output checked,
/// locked and marked as runreport's; runs fetched on `options.jobs` threads; each run written
/// into a staging folder beside its own and moved into place whole, with the fingerprint of the
/// server's record of it, so that an unchanged run is not fetched again.
struct PullOutput {
    /// What writing one run came to.
    enum RunResult {
        case fetched(String, problems: [String])
        case unchanged(String)
        case failed(String)
    }

    static let fingerprintName = ".runreport-pull"

    /// Checks, locks and marks `path`, calls `list` for the work, runs `write` on each item, and
    /// gathers the outcome (problems of `list` first).
    static func pull<Item>(into path: String, options: PullOptions,
                           list: (String, inout [String]) throws -> [Item],
                           write: (Item, String) -> RunResult) throws -> PullOutcome {
        let output = OutputFolder(path, kind: .pull)
        let lock = try OutputLock(for: output.path)
        defer { lock.release() }
        try output.check()
        try FileManager.default.createDirectory(atPath: output.path, withIntermediateDirectories: true)
        try output.mark()
        var outcome = PullOutcome()
        let work = try list(output.path, &outcome.problems)
        let results = Slots<RunResult>(count: work.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(options.jobs, work.count))) { _ in
            while !(options.isCancelled?() ?? false), let index = next.take(below: work.count) {
                results[index] = write(work[index], output.path)
                options.progress?(next.finished(), work.count)
            }
        }
        for index in work.indices {
            switch results[index] {
            case nil: outcome.cancelled = true
            case let .fetched(id, problems)?: outcome.fetched.append(id); outcome.problems += problems
            case let .unchanged(id)?: outcome.unchanged.append(id)
            case let .failed(problem)?: outcome.problems.append(problem)
            }
        }
        return outcome
    }

    /// Writes run `id` into `parent/<id>` unless its fingerprint (a SHA-256 of `record`) is what
    /// the folder already holds: `fill` writes into a staging folder, moved into place whole.
    static func writeRun(_ id: String, kind: String, record: String, into parent: String,
                         fill: (String, inout [String]) throws -> Void) -> RunResult {
        guard let name = SafeName(validating: id) else { return .failed(PullError.unsafeName("\(kind) \(id)").description) }
        let folder = parent + "/" + name.text
        var hasher = SHA256()
        hasher.update(Array(record.utf8))
        let fingerprint = SHA256.hex(hasher.finalize())
        if let old = FileManager.default.contents(atPath: folder + "/" + fingerprintName),
           String(decoding: old, as: UTF8.self) == fingerprint {
            return .unchanged(id)
        }
        let staging = parent + "/." + name.text + ".partial"
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            Staging.shared.add(staging)
            defer { Staging.shared.remove(staging); try? FileManager.default.removeItem(atPath: staging) }
            var problems: [String] = []
            try fill(staging, &problems)
            try AtomicFile.write(fingerprint, to: staging + "/" + fingerprintName)
            try OutputFolder.swapPulled(folder, with: staging)
            return .fetched(id, problems: problems.map { "\(kind) \(id): \($0)" })
        } catch {
            return .failed("\(kind) \(id): \(error)")
        }
    }

    /// Writes `bytes` to `folder/path`, making the folders on the way.
    static func write(_ bytes: [UInt8], to folder: String, _ path: PullPath) throws {
        let target = folder + "/" + path.text
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: target)
    }
}
