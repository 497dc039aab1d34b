import Foundation

/// `runreport index`: merges archives made by shards (`archive --shard K/N`) into one site:
/// their run folders copied in, their manifests joined, the index, comparisons and manifest
/// made anew.
public struct ArchiveMerger {
    public var options: ArchiveOptions

    public init(options: ArchiveOptions = ArchiveOptions()) { self.options = options }

    /// Merges into `folder` (missing, empty or runreport's own, never a symbolic link; locked
    /// meanwhile). Every shard's manifest is checked before anything is touched: a run folder
    /// that is not a `SafeName`, or a symbolic link at or below it, refuses the merge.
    /// Comparisons are made from `inputs` (the inputs the shards read, as they named them);
    /// without them, the comparison pages already in `folder` stay as they are.
    public func merge(_ shards: [String], into folder: String, inputs: [String] = []) throws -> ArchiveOutcome {
        let site = OutputFolder(folder, kind: .archive)
        let lock = try OutputLock(for: site.path)
        defer { lock.release() }
        try site.check()
        var merged = try ArchiveManifest.load(from: site.path)
        var manifests: [ArchiveManifest] = []
        for shard in shards {
            let manifest = try ArchiveManifest.load(from: shard)
            for entry in manifest.runs.values { try Self.refuseLinks(below: shard + "/runs/" + entry.folder) }
            manifests.append(manifest)
        }
        let manager = FileManager.default
        var outcome = ArchiveOutcome()
        var known = merged
        var owners = Dictionary(merged.runs.map { ($0.value.folder, $0.key) }, uniquingKeysWith: min)
        try manager.createDirectory(atPath: site.path, withIntermediateDirectories: true)
        try site.mark()
        try manager.createDirectory(atPath: site.path + "/runs", withIntermediateDirectories: true)
        for (shard, manifest) in zip(shards, manifests) {
            if manifest.runs.isEmpty {
                outcome.problems.append(InputProblem(source: shard, reason: .unknownFormat("no archive manifest with runs")))
                continue
            }
            for (path, input) in manifest.inputs.sorted(by: { $0.key < $1.key }) {
                var kept: [String] = []
                for id in input.runs {
                    guard let entry = manifest.runs[id] else { continue }
                    if let other = merged.runs[id], other.input != path {
                        // The same rule as every command's: the more complete copy stays.
                        guard other.completeness < entry.completeness else {
                            outcome.problems.append(DuplicateRuns.problem(run: id, skipped: path, entry.completeness,
                                                                          kept: other.input, other.completeness))
                            continue
                        }
                        outcome.problems.append(DuplicateRuns.problem(run: id, skipped: other.input, other.completeness,
                                                                      kept: path, entry.completeness))
                        if var before = merged.inputs[other.input] {
                            before.runs.removeAll { $0 == id }
                            before.duplicates = (before.duplicates ?? []) + [id]
                            merged.inputs[other.input] = before
                        }
                        owners[other.folder] = nil
                        merged.runs[id] = nil
                    }
                    if let owner = owners[entry.folder], owner != id {
                        outcome.problems.append(InputProblem(source: shard, reason: .unsupported(
                            "run \(id) names the folder runs/\(entry.folder) of run \(owner); the merged site keeps that one")))
                        continue
                    }
                    let target = site.path + "/runs/" + entry.folder
                    if merged.runs[id] != entry || !manager.fileExists(atPath: target + "/run.json") {
                        let staging = site.path + "/runs/." + entry.folder + ".partial"
                        try? manager.removeItem(atPath: staging)
                        Staging.shared.add(staging)
                        defer { Staging.shared.remove(staging) }
                        try manager.copyItem(atPath: shard + "/runs/" + entry.folder, toPath: staging)
                        try OutputFolder.swap(target, with: staging)
                        outcome.rendered.append(id)
                    } else {
                        outcome.reused.append(id)
                    }
                    merged.runs[id] = entry
                    owners[entry.folder] = id
                    kept.append(id)
                }
                merged.inputs[path] = .init(sha256: input.sha256, runs: kept)
            }
            for (name, file) in manifest.files where name.hasPrefix("runs/") { known.files[name] = file }
        }
        outcome.runCount = merged.runs.count
        // Copied folders keep the hashes their shard computed.
        let readable = Set(InputCatalog(paths: inputs).items.map(\.path))
        try ArchiveSite(options: options, folder: site.path, readable: readable).finish(manifest: &merged, old: known, changed: [])
        return outcome
    }

    /// Refuses a shard's run folder that is, or holds, a symbolic link: what is copied into the
    /// site is only what the shard itself holds.
    static func refuseLinks(below path: String) throws {
        switch try OutputFolder.entry(at: path) {
        case .link: throw OutputRefusal.symbolicLink(path: path)
        case .folder:
            for name in try FileManager.default.contentsOfDirectory(atPath: path) { try refuseLinks(below: path + "/" + name) }
        case .missing, .other: return
        }
    }
}
