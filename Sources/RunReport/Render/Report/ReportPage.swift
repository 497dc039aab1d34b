import Mustache

/// The view model of one run's page: plain values the templates lay out. Every string here is
/// text from the dump or our formatting of numbers, escaped by the template; only the SVG our
/// own renderers made goes in unescaped (`{{{svg}}}`).
struct ReportPage {
    struct Item { let label: String; let value: String }
    struct Number { let name: String; let value: String }
    struct SummaryRow { let variant, last, first, min, max, mean, count: String }
    struct Chart { let title: String; let anchor: String; let svg: String; let rows: [SummaryRow] }
    struct Table { let header: [String]; let rows: [Row] }
    struct Row { let cells: [String] }
    struct Plot { let title: String; let iteration: String; let svg: String; let tables: [Table]; let links: [String]; let notes: [String] }
    struct Image { let caption: String; let sources: [String]; let links: [String] }
    struct ImageGroup { let title: String; let latest: [Image]; let history: [Image]; let hasHistory: Bool; let historyCount: Int }
    struct ParameterSection { let section: String; let rows: [Item] }
    struct Configuration { let name: String; let value: String }
    struct Span { let text: String; let classes: String }
    struct ConsoleLine { let time: String; let level: String; let spans: [Span] }

    let csp: String
    let css: String
    let title: String
    let meta: [Item]
    let tags: [String]
    let hasTags: Bool
    let comments: [String]
    let keyNumbers: [Number]
    let hasKeyNumbers: Bool
    let singleValues: [Number]
    let hasSingleValues: Bool
    let charts: [Chart]
    let hasCharts: Bool
    let plots: [Plot]
    let hasPlots: Bool
    let imageGroups: [ImageGroup]
    let hasImages: Bool
    let parameters: [ParameterSection]
    let hasParameters: Bool
    let configuration: [Configuration]
    let hasConfiguration: Bool
    let consoleLines: [ConsoleLine]
    let omissions: [Int]
    let hasConsole: Bool
    let problems: [String]
    let hasProblems: Bool
}

/// The view model of the page that lists several runs.
struct RunsPage {
    struct Entry { let folder, name, project, status, id: String }
    let csp: String
    let css: String
    let title: String
    let runs: [Entry]
}

// The console's many small values are looked up directly instead of through Mirror, which is
// slow for thousands of them.
extension ReportPage.Span: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": return text
        case "classes": return classes
        default: return nil
        }
    }
}

extension ReportPage.ConsoleLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "time": return time
        case "level": return level
        case "spans": return spans
        default: return nil
        }
    }
}
