/// Sections from what Comet archives carry beyond ClearML's events: properties, the run's own
/// HTML (sanitized), text samples, the environment, source files and assets.
extension ReportBuilder {
    func extraSections(_ run: Run, into page: inout ReportPage) {
        let extras = run.extras
        page.properties = extras.properties.map { .init(label: $0.name, value: $0.value) }
        page.html = extras.html.map(HTMLSanitizer.sanitize).filter { !$0.isEmpty }
        page.textSamples = extras.textSamples.map { sample in
            .init(iteration: sample.iteration.map { "step \($0)" } ?? "", text: ReportBuilder.capped(sample.text, limit: 64 << 10),
                  metadata: sample.metadata.map { .init(label: $0.name, value: $0.value) })
        }
        page.environment = extras.environment.map { section in
            .init(title: section.title, rows: section.entries.map { .init(label: $0.name, value: $0.value) },
                  texts: section.text.map { [ReportBuilder.capped($0)] } ?? [], hasRows: !section.entries.isEmpty)
        }
        let sources = extras.sourceFiles.map { ReportPage.Configuration(name: $0.name, value: ReportBuilder.capped($0.value)) }
        if !sources.isEmpty {
            if page.scripts.isEmpty { page.scripts = [.init(rows: [], diffs: [], requirements: [], sources: sources)] } else {
                page.scripts[0].sources = sources
            }
        }
        page.artifacts += extras.assets.map { asset in
            .init(key: asset.name, type: asset.type, mode: asset.iteration.map { "step \($0)" } ?? "",
                  size: asset.size.map { ReportBuilder.byteCount(Int64($0)) } ?? "", location: "in the archive", links: [], previews: [])
        }
    }

    /// System metrics (Comet's `sys.*`) apart from the run's own.
    static func isSystemMetric(_ metric: String) -> Bool { metric.hasPrefix("sys.") || metric.hasPrefix("sys/") }
}
