import Foundation

/// The archive's shared pages and its manifest: `index.html` from every run's `run.json`, a
/// comparison per project (2 to 50 runs) made again when one of its runs changed, and
/// `manifest.json` listing every file (hashes of unchanged reports carried over).
struct ArchiveSite {
    let options: ArchiveOptions
    let folder: String
    /// The inputs named on this command line: the only paths a comparison is read from (an
    /// input path a manifest names is never opened on the manifest's word).
    let readable: Set<String>

    func finish(manifest: inout ArchiveManifest, old: ArchiveManifest, changed: Set<String>) throws {
        // A card's own `folder` is not trusted: the manifest's (checked) folder is the link.
        let cards = manifest.runs.values.compactMap { entry in
            RunCard.read(folder + "/runs/" + entry.folder + "/run.json").map { card in var card = card; card.folder = entry.folder; return card }
        }
            .sorted { ($0.started, $0.id) > ($1.started, $1.id) }
        let compares = try writeCompares(cards: cards, manifest: manifest, changed: changed)
        let templates = try TemplateSet(override: options.report.templates, templates: ["archive"])
        var page = ArchiveIndex(cards: cards, keyMetrics: options.keyMetrics, compares: compares).page
        page.css = templates.css
        page.script = templates.files["archive.js"] ?? ""
        page.csp = ReportOptions.contentSecurityPolicy(scripts: [page.script].filter { !$0.isEmpty })
        page.title = options.report.title ?? "Archive of \(Plural.of(cards.count, "run"))"
        try AtomicFile.write(templates.render(page, "archive"), to: folder + "/index.html")
        manifest.files = try files(old: old, manifest: manifest, changed: changed)
        try AtomicFile.write(manifest.encoded(), to: folder + "/manifest.json")
    }

    /// `compare/<project>/` for each project with 2 to 50 runs, made again when one of its runs
    /// changed or the page is missing; pages of projects that no longer qualify are removed.
    private func writeCompares(cards: [RunCard], manifest: ArchiveManifest, changed: Set<String>) throws -> [ArchiveIndex.Compare] {
        let byProject = Dictionary(grouping: cards, by: \.project)
        var wanted: [ArchiveIndex.Compare] = []
        for project in byProject.keys.sorted() where !project.isEmpty {
            let members = byProject[project] ?? []
            guard (2...50).contains(members.count) else { continue }
            let slug = ReportWriter.folderName(project)
            let target = folder + "/compare/" + slug
            let exists = FileManager.default.fileExists(atPath: target + "/index.html")
            if exists && !members.contains(where: { changed.contains($0.id) }) {
                wanted.append(.init(project: project, folder: "compare/" + slug, runs: members.count))
                continue
            }
            // Made from the runs' inputs; where they are not on this machine or not named on this
            // command line (a merge of shards made elsewhere), the page that is there stays.
            let ids = Set(members.map(\.id))
            let inputs = Set(members.compactMap { manifest.runs[$0.id]?.input }).sorted()
            guard inputs.allSatisfy({ readable.contains($0) && FileManager.default.fileExists(atPath: $0) }) else {
                if exists { wanted.append(.init(project: project, folder: "compare/" + slug, runs: members.count)) }
                continue
            }
            var result = RunLoader().load(paths: inputs)
            result.runs = result.runs.filter { ids.contains($0.id) }
            var report = options.report
            report.title = "\(project): \(Plural.of(result.runs.count, "run")) compared"
            report.backLink = "../../index.html"
            try CompareWriter(options: report).write(result, to: target, locked: false)
            wanted.append(.init(project: project, folder: "compare/" + slug, runs: result.runs.count))
        }
        let keep = Set(wanted.map { String($0.folder.dropFirst("compare/".count)) })
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder + "/compare")) ?? [] where !keep.contains(name) {
            try? FileManager.default.removeItem(atPath: folder + "/compare/" + name)
        }
        return wanted
    }

    /// Every file but the manifest, with size and SHA-256; a report that did not change keeps
    /// the hashes the last manifest had for it.
    private func files(old: ArchiveManifest, manifest: ArchiveManifest, changed: Set<String>) throws -> [String: ArchiveManifest.File] {
        let unchangedFolders = Set(manifest.runs.filter { !changed.contains($0.key) }.map { "runs/" + $0.value.folder + "/" })
        var files: [String: ArchiveManifest.File] = [:]
        for name in try ContentHash.files(under: folder) where name != "manifest.json" && !OutputFolder.isOwn(name) {
            if let slash = name.dropFirst(5).firstIndex(of: "/"), name.hasPrefix("runs/"),
               unchangedFolders.contains(String(name[...slash])), let known = old.files[name] {
                files[name] = known
                continue
            }
            let (size, hash) = try ContentHash.file(folder + "/" + name)
            files[name] = .init(size: size, sha256: hash)
        }
        return files
    }
}
