import Mustache

/// The view model of a comparison page. Strings are text from the dumps or our numbers,
/// escaped by the template; `svg` and `swatch` are our own SVG.
struct ComparePage {
    struct Run { let number: Int; let name, project, status, id, swatch: String }
    struct Row { let number: Int; let swatch, run, last, min, max: String; let lastBest, minBest, maxBest: Bool }
    struct Chart { let title, anchor, svg: String; let rows: [Row] }
    /// Charts of metrics that share a prefix (`ChartGrouping`), folded past 60 charts; one
    /// ungrouped list when the page has few.
    struct Group { let name, anchor, countText: String; let grouped, open: Bool; let charts: [Chart] }
    struct Cell { let text: String; let differs: Bool }
    struct Line { let name: String; let cells: [Cell]; let differs: Bool }

    var csp = ""
    var css = ""
    var script = ""
    var title = ""
    /// The link back to the archive's index, when the page is part of one.
    var back: [String] = []
    var runs: [Run] = []
    var charts: [Chart] = []
    /// `charts` in their groups, as the page shows them.
    var groups: [Group] {
        guard let parts = ChartGrouping.groups(charts.map(\.title)) else {
            return [.init(name: "", anchor: "charts-all", countText: "", grouped: false, open: true, charts: charts)]
        }
        return parts.enumerated().map { index, part in
            .init(name: part.name, anchor: "group-\(index)", countText: Plural.of(part.members.count, "chart"), grouped: true,
                  open: charts.count <= 60, charts: part.members.map { charts[$0] })
        }
    }
    /// Series past `ReportOptions.maxCharts`, not drawn: a sentence for the page, or none.
    var chartsNotDrawn: [String] = []
    var parameters: [Line] = []
    var differingCount = 0
    var singleValues: [Line] = []
    var problems: [String] = []
}

extension ComparePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "hasCharts": return !charts.isEmpty
        case "groups": return groups
        case "hasParameters": return !parameters.isEmpty
        case "hasSingleValues": return !singleValues.isEmpty
        case "hasProblems": return !problems.isEmpty
        case "hasScript": return !script.isEmpty
        default: return Mirror(reflecting: self).descendant(name)
        }
    }
}
