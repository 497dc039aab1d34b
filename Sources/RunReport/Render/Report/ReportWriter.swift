import Foundation

/// Writes reports: for one run `DIR/index.html`, `log.txt`, `scalars.json`, `scalars.csv` and
/// `charts/*.svg`; for several, one such folder per run and an `index.html` listing them. The
/// whole folder is written beside the target and moved into place, so a reader sees the old
/// report or the new one, never a mix; the same input gives the same bytes.
public struct ReportWriter {
    public let options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) { self.options = options }

    /// Parses the templates now (they are kept for `write`): a program can do this on another
    /// thread while it reads the inputs.
    public func prepare() throws {
        _ = try TemplateSet(override: options.templates, templates: Self.templateNames)
    }

    private static let templateNames = ["report", "group", "runs"]

    /// Writes the report into `folder` (see `OutputFolder`: a folder that is missing, empty or
    /// runreport's own, never a symbolic link; locked while it is written).
    public func write(_ result: LoadResult, to folder: String) throws {
        try write(result, to: folder, locked: true)
    }

    /// `locked: false` for a folder inside an output this process already holds.
    func write(_ result: LoadResult, to folder: String, locked: Bool) throws {
        let templates = try TemplateSet(override: options.templates, templates: Self.templateNames)
        try OutputFolder(folder, kind: .report).write(locked: locked) { staging in
            try writeContents(result, templates: templates, into: staging)
        }
    }

    private func writeContents(_ result: LoadResult, templates: TemplateSet, into staging: String) throws {
        if result.runs.count == 1 {
            try writeRun(result.runs[0], problems: result.problems, templates: templates, into: staging)
            return
        }
        var entries: [RunsPage.Entry] = []
        for (index, run) in result.runs.enumerated() {
            let name = String(format: "%03d-", index + 1) + Self.folderName(run.id)
            try FileManager.default.createDirectory(atPath: staging + "/" + name, withIntermediateDirectories: false)
            let own = result.inputs.filter { $0.runs.contains { $0.id == run.id } }.flatMap(\.problems)
            try writeRun(run, problems: own, templates: templates, into: staging + "/" + name)
            entries.append(.init(folder: name, name: run.name, project: run.metadata?.project ?? "", status: run.metadata?.status ?? "", id: run.id))
        }
        let page = RunsPage(csp: ReportOptions.contentSecurityPolicy(scripts: []), css: templates.css, title: options.title ?? Plural.of(entries.count, "run"), runs: entries)
        try AtomicFile.write(templates.render(page, "runs"), to: staging + "/index.html")
    }

    /// The page and its charts on one thread, the exports and log.txt on another: they share
    /// only the run and its histogram, which neither changes. Each file is synced in the
    /// background while the next is made; the folder is complete when this returns.
    private func writeRun(_ run: Run, problems: [InputProblem], templates: TemplateSet, into folder: String) throws {
        let histogram = ScalarHistogram(run: run, key: options.key, samples: options.samples)
        let writes = BackgroundWrites()
        do {
            try runConcurrently([
                { try writePage(run, histogram: histogram, problems: problems, templates: templates, into: folder, writes) },
                { try writeExports(run, histogram: histogram, into: folder, writes) },
            ])
        } catch {
            try? writes.wait()  // no write may still be going when the caller removes the folder
            throw error
        }
        try writes.wait()
    }

    private func writePage(_ run: Run, histogram: ScalarHistogram, problems: [InputProblem], templates: TemplateSet,
                           into folder: String, _ writes: BackgroundWrites) throws {
        let builder = ReportBuilder(options: options, css: templates.css, script: templates.script)
        var (page, charts) = try builder.page(for: run, histogram: histogram, problems: problems)
        // Every chart also as a standalone SVG file.
        try FileManager.default.createDirectory(atPath: folder + "/charts", withIntermediateDirectories: false)
        for chart in charts {
            writes.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart.svg + "\n", to: folder + "/charts/" + chart.file)
        }
        if page.chartGroups.contains(where: \.hasPage) {
            // Each group's charts on a page of its own; the run's page keeps links to them.
            try FileManager.default.createDirectory(atPath: folder + "/groups", withIntermediateDirectories: false)
            for index in page.chartGroups.indices {
                guard let file = page.chartGroups[index].page else { continue }
                var group = ReportPage.GroupPage()
                group.csp = page.csp
                group.css = page.css
                group.script = page.script
                group.title = page.title + " — " + (page.chartGroups[index].name.isEmpty ? "scalars" : page.chartGroups[index].name)
                group.group = page.chartGroups[index].name
                group.charts = page.chartGroups[index].charts
                writes.write(try templates.render(group, "group"), to: folder + "/" + file)
                page.chartGroups[index].charts = []
            }
        }
        writes.write(try templates.render(page, "report"), to: folder + "/index.html")
        guard options.png else { return }
        for chart in charts {
            let png = try SVGRasterizer.png(svg: chart.svg, scale: 2)
            writes.write(png.bytes, to: folder + "/charts/" + chart.file.dropLast(4) + ".png")
        }
    }

    private func writeExports(_ run: Run, histogram: ScalarHistogram, into folder: String, _ writes: BackgroundWrites) throws {
        let export = ScalarsExport(runs: [run], histograms: [histogram], samples: options.samples)
        writes.write(export.histogramJSONBytes, to: folder + "/scalars.json")
        writes.write(export.histogramCSV, to: folder + "/scalars.csv")
        let log = try OutputStream(path: folder + "/log.txt")
        try LogExport().write(run, to: log)
        writes.finish(log)
    }

    /// A folder name from a run id or a project: `SafeName(making:)`, distinct for distinct ids.
    static func folderName(_ id: String) -> String { SafeName(making: id).text }
}
