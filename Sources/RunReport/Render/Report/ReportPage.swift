import Mustache

/// The view model of one run's page: plain values the templates lay out. Every string here is
/// text from the dump or our formatting of numbers, escaped by the template; only the SVG our
/// own renderers made and our own script go in unescaped (`{{{svg}}}`, `{{{script}}}`).
///
/// Each list `x` also answers `hasX` (not empty), for the sections that wrap it.
struct ReportPage {
    struct Item { let label: String; let value: String }
    struct Link { let title: String; let anchor: String }
    struct Number {
        let name: String; let value: String
        /// The metric and variant a key number is the last value of (empty for single values).
        var metric = "", variant = ""
        init(name: String, value: String) { self.name = name; self.value = value }
        /// `metric / variant`, or the metric alone when the variant repeats it or is empty.
        init(metric: String, variant: String, value: String) {
            self.name = variant.isEmpty || variant == metric ? metric : metric + " / " + variant
            self.value = value
            self.metric = metric
            self.variant = variant
        }
    }
    /// `swatch`: our own SVG, the series' stroke.
    struct SummaryRow { let swatch, variant, last, first, min, max, mean, count: String }
    struct Chart { let title: String; let anchor: String; let svg: String; let rows: [SummaryRow] }
    /// Charts of metrics that share a prefix (before the first `/` or `.`), folded when the
    /// page has many; `grouped` false for a page whose charts are shown as one list.
    struct ChartGroup {
        let name: String; let anchor: String; var charts: [Chart]; let count: Int; let grouped: Bool; let open: Bool
        /// Past `ReportOptions.inlineChartLimit` charts a group's charts live on a page of their
        /// own (`groups/N.html`); this page lists them with links.
        var page: String? = nil
        /// Each chart's link: its anchor on this page, or on its group's page.
        var links: [Link] = []
        var hasPage: Bool { page != nil }
    }

    /// A page of one group's charts, for runs with too many to show on one page.
    struct GroupPage {
        var csp = "", css = "", script = "", title = ""
        var back = "../index.html"
        var group = ""
        var charts: [Chart] = []
        var hasScript: Bool { !script.isEmpty }
    }
    struct Table { let header: [String]; let rows: [Row] }
    struct Row { let cells: [String] }
    struct Plot {
        let title: String; let iteration: String; let svg: String; let tables: [Table]; let links: [String]; let notes: [String]
        /// Earlier iterations drawn in the page, newest first.
        var history: [Plot] = []
        /// Earlier iterations past those, as standalone chart files (label: iteration, value: file).
        var files: [Item] = []
        var hasHistory: Bool { !history.isEmpty || !files.isEmpty }
        var historyCount: Int { history.count + files.count }
    }
    struct Image { let caption: String; let sources: [String]; let links: [String] }
    struct ImageGroup { let title: String; let latest: [Image]; let history: [Image]; let hasHistory: Bool; let historyCount: Int }
    struct ParameterSection { let section: String; let rows: [Item] }
    struct Configuration { let name: String; let value: String }
    struct Script { let rows: [Item]; let diffs: [String]; let requirements: [Configuration]; var sources: [Configuration] = [] }
    struct TextSample { let iteration: String; let text: String; let metadata: [Item] }
    struct Environment { let title: String; let rows: [Item]; let texts: [String]; let hasRows: Bool }
    struct Artifact { let key, type, mode, size, location: String; let links: [String]; let previews: [String] }
    struct Model { let role, name, reference: String; let links: [String] }
    struct Vector { let title: String; let iteration: String; let svg: String; let note: String }
    struct Span { let text: String; let classes: String }
    struct ConsoleLine { let time: String; let level: String; let spans: [Span] }

    var csp = ""
    var css = ""
    var script = ""
    var title = ""
    /// The link back to the archive's index, when the page is part of one.
    var back: [String] = []
    var sections: [Link] = []
    var meta: [Item] = []
    var tags: [String] = []
    var comments: [String] = []
    /// The most telling key numbers (losses, accuracies, then the rest by name), at most a dozen.
    var keyNumbers: [Number] = []
    /// The other key numbers, folded under the first dozen.
    var moreNumbers: [Number] = []
    /// The last values of system metrics (Comet's `sys.*`), with their units, apart.
    var systemNumbers: [Number] = []
    var singleValues: [Number] = []
    var properties: [Item] = []
    var charts: [Chart] = []
    /// Metrics past `ReportOptions.maxCharts`, not drawn: a sentence for the page, or none.
    var chartsNotDrawn: [String] = []
    var chartGroups: [ChartGroup] = []
    /// Charts of system metrics (Comet's `sys.*`), shown in a section of their own.
    var systemCharts: [Chart] = []
    /// The run's own HTML, sanitized (HTMLSanitizer): goes in as markup.
    var html: [String] = []
    var textSamples: [TextSample] = []
    var environment: [Environment] = []
    var plots: [Plot] = []
    var imageGroups: [ImageGroup] = []
    var vectors: [Vector] = []
    var parameters: [ParameterSection] = []
    var configuration: [Configuration] = []
    var scripts: [Script] = []
    var artifacts: [Artifact] = []
    var models: [Model] = []
    var consoleLines: [ConsoleLine] = []
    var omissions: [Int] = []
    var problems: [String] = []

    var hasKeyNumbers: Bool { !keyNumbers.isEmpty || !singleValues.isEmpty || !systemNumbers.isEmpty }
}

extension ReportPage: MustacheParent {
    /// Every field by name. A lookup that climbs to the page from inside a section lands here;
    /// a Mirror of the whole page (forty fields boxed) for each was most of the page's render.
    /// A test checks that every stored field is listed.
    static let fields: [String: PartialKeyPath<ReportPage>] = [
        "csp": \.csp, "css": \.css, "script": \.script, "title": \.title, "back": \.back, "sections": \.sections, "meta": \.meta,
        "tags": \.tags, "comments": \.comments, "keyNumbers": \.keyNumbers, "moreNumbers": \.moreNumbers,
        "systemNumbers": \.systemNumbers, "singleValues": \.singleValues,
        "properties": \.properties, "charts": \.charts, "chartsNotDrawn": \.chartsNotDrawn, "chartGroups": \.chartGroups, "systemCharts": \.systemCharts,
        "html": \.html, "textSamples": \.textSamples, "environment": \.environment, "plots": \.plots,
        "imageGroups": \.imageGroups, "vectors": \.vectors, "parameters": \.parameters,
        "configuration": \.configuration, "scripts": \.scripts, "artifacts": \.artifacts, "models": \.models,
        "consoleLines": \.consoleLines, "omissions": \.omissions, "problems": \.problems,
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "hasKeyNumbers": return hasKeyNumbers
        case "hasFirstNumbers": return !keyNumbers.isEmpty
        case "allNumbers": return (keyNumbers + moreNumbers).sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        case "allNumbersCount": return keyNumbers.count + moreNumbers.count
        case "hasModelsOrArtifacts": return !models.isEmpty || !artifacts.isEmpty
        case "console": return console
        default: break
        }
        if let path = Self.fields[name] { return self[keyPath: path] }
        if name.hasPrefix("has"), name.count > 3, let path = Self.fields[name.dropFirst(3).prefix(1).lowercased() + name.dropFirst(4)] {
            switch self[keyPath: path] {
            case let list as any Collection: return !list.isEmpty
            default: return nil
            }
        }
        return nil
    }

    /// The console's lines as markup, every value escaped: one value for the template instead
    /// of half a dozen lookups for each of up to `consoleLimit` lines.
    var console: String {
        var out = ""
        for line in consoleLines {
            out += "<span class=\"t\">" + HTMLText.escape(line.time) + "</span> <span class=\"lv-" + HTMLText.escape(line.level) + "\">"
                + HTMLText.escape(line.level) + "</span> "
            for span in line.spans {
                out += "<span class=\"" + HTMLText.escape(span.classes) + "\">" + HTMLText.escape(span.text) + "</span>"
            }
            out += "\n"
        }
        return out
    }
}

extension ReportPage.Plot: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "hasHistory": return hasHistory
        case "historyCount": return historyCount
        default: return Mirror(reflecting: self).descendant(name)
        }
    }
}

/// The view model of the page that lists several runs.
struct RunsPage {
    struct Entry { let folder, name, project, status, id: String }
    let csp: String
    let css: String
    let title: String
    let runs: [Entry]
}

extension ReportPage.ChartGroup: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "hasPage": return hasPage
        case "countText": return Plural.of(count, "metric")
        default: return Mirror(reflecting: self).descendant(name)
        }
    }
}

extension ReportPage.GroupPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "hasScript": return hasScript
        default: return Mirror(reflecting: self).descendant(name)
        }
    }
}
