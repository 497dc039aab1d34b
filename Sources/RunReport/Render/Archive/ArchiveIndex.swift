import Foundation
import Mustache

/// The archive's index page: a row per run (name, project, status, started, duration, tags
/// and the last value of the key metrics), each cell with a sort key for the page's script.
struct ArchiveIndex {
    struct Compare { let project: String; let folder: String; let runs: Int }
    struct Cell { let text: String; let sort: String }
    struct Row { let folder, name, project, status, started, duration, durationSort, tags: String; let metrics: [Cell] }

    struct Page: MustacheParent {
        var csp = "", css = "", script = "", title = ""
        var columns: [String] = []
        var rows: [Row] = []
        var compares: [Compare] = []

        func child(named name: String) -> Any? {
            switch name {
            case "hasCompares": return !compares.isEmpty
            case "hasScript": return !script.isEmpty
            case "count": return rows.count
            case "countText": return Plural.of(rows.count, "run")
            default: return Mirror(reflecting: self).descendant(name)
            }
        }
    }

    let page: Page

    init(cards: [RunCard], keyMetrics: String?, compares: [Compare]) {
        let columns = Self.keyColumns(cards, pattern: keyMetrics)
        var page = Page()
        page.columns = columns
        page.compares = compares
        page.rows = cards.map { card in
            Row(folder: "runs/" + card.folder + "/index.html", name: card.name, project: card.project, status: card.status,
                started: Self.upToSeconds(card.started),
                duration: card.durationMilliseconds.map(TimeText.duration(milliseconds:)) ?? "",
                durationSort: card.durationMilliseconds.map(String.init) ?? "", tags: card.tags.joined(separator: ", "),
                metrics: columns.map { column in
                    card.lastValues[column].map { Cell(text: NumberFormat.text($0, unit: MetricUnit(metric: column)), sort: LineChart.exact($0)) }
                        ?? Cell(text: "", sort: "")
                })
        }
        self.page = page
    }

    /// The series chosen by the pattern, else four of the most common from four different
    /// metrics where there are (losses, then accuracies and other scores, then the rest; a
    /// metric's validation series before its others), not four variants of one loss; system
    /// metrics last.
    static func keyColumns(_ cards: [RunCard], pattern: String?) -> [String] {
        var counts: [String: Int] = [:]
        for card in cards { for name in card.lastValues.keys { counts[name, default: 0] += 1 } }
        let names = counts.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if let pattern { return names.filter { CompareBuilder.matches($0, pattern) } }
        func metric(_ name: String) -> String { name.components(separatedBy: " / ").first ?? name }
        func rank(_ name: String) -> Int {
            ReportBuilder.isSystemMetric(metric(name)) ? 9 : KeyNumbers.rank(metric(name))
        }
        func held(_ name: String) -> Int {
            let variant = name.components(separatedBy: " / ").dropFirst().joined(separator: " / ").lowercased()
            return ["val", "valid", "validation", "validate"].contains(variant) ? 0 : ["test", "eval"].contains(variant) ? 1 : 2
        }
        let ordered = names.sorted {
            (rank($0), -(counts[$0] ?? 0), held($0), $0) < (rank($1), -(counts[$1] ?? 0), held($1), $1)
        }
        var chosen: [String] = [], metrics = Set<String>()
        for name in ordered where chosen.count < 4 && metrics.insert(metric(name)).inserted { chosen.append(name) }
        for name in ordered where chosen.count < 4 && !chosen.contains(name) { chosen.append(name) }
        return chosen.sorted { (rank($0), $0) < (rank($1), $1) }
    }

    /// `2026-11-22 14:22:11` of an ISO time: up to the seconds, `T` a space; a signed year of more
    /// than four digits (`+292278994-…`, an event at the end of Int64) kept whole.
    static func upToSeconds(_ iso: String) -> String {
        let text = iso.replacingOccurrences(of: "T", with: " ")
        let signs = text.prefix { $0 == "+" || $0 == "-" }.count
        let digits = text.dropFirst(signs).prefix { $0.isASCII && $0.isNumber }
        let year = signs > 0 && text.dropFirst(signs + digits.count).first == "-" ? digits.count : 4
        return String(text.prefix(19 + signs + max(0, year - 4)))
    }
}
