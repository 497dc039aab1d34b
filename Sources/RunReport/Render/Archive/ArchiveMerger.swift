import Foundation

/// `runreport index`: merges archives made by shards (`archive --shard K/N`) into one site:
/// their run folders copied in, their manifests joined, the index, comparisons and manifest
/// made anew.
public struct ArchiveMerger {
    public var options: ArchiveOptions

    public init(options: ArchiveOptions = ArchiveOptions()) { self.options = options }

    public func merge(_ shards: [String], into folder: String) throws -> ArchiveOutcome {
        let manager = FileManager.default
        var outcome = ArchiveOutcome()
        var merged = ArchiveManifest.read(from: folder)
        var known = merged
        try manager.createDirectory(atPath: folder + "/runs", withIntermediateDirectories: true)
        for shard in shards {
            let manifest = ArchiveManifest.read(from: shard)
            if manifest.runs.isEmpty {
                outcome.problems.append(InputProblem(source: shard, reason: .unknownFormat("no archive manifest with runs")))
                continue
            }
            for (path, input) in manifest.inputs.sorted(by: { $0.key < $1.key }) {
                var kept: [String] = []
                for id in input.runs {
                    guard let entry = manifest.runs[id] else { continue }
                    if let other = merged.runs[id], other.input != path {
                        outcome.problems.append(InputProblem(source: shard, reason: .unsupported(
                            "run \(id) is also in \(other.input); the merged site keeps that one")))
                        continue
                    }
                    let target = folder + "/runs/" + entry.folder
                    if merged.runs[id] != entry || !manager.fileExists(atPath: target + "/run.json") {
                        let staging = target + ".partial"
                        try? manager.removeItem(atPath: staging)
                        try manager.copyItem(atPath: shard + "/runs/" + entry.folder, toPath: staging)
                        try ReportWriter.replace(target, with: staging)
                        outcome.rendered.append(id)
                    } else {
                        outcome.reused.append(id)
                    }
                    merged.runs[id] = entry
                    kept.append(id)
                }
                merged.inputs[path] = .init(sha256: input.sha256, runs: kept)
            }
            for (name, file) in manifest.files where name.hasPrefix("runs/") { known.files[name] = file }
        }
        outcome.runCount = merged.runs.count
        // Copied folders keep the hashes their shard computed.
        try ArchiveSite(options: options, folder: folder).finish(manifest: &merged, old: known, changed: [])
        return outcome
    }
}
