import Mustache

/// The view model of a comparison page. Strings are text from the dumps or our numbers,
/// escaped by the template; `svg` and `swatch` are our own SVG.
struct ComparePage {
    struct Run { let number: Int; let name, project, status, id, swatch: String }
    struct Row { let number: Int; let swatch, run, last, min, max: String; let lastBest, minBest, maxBest: Bool }
    struct Chart { let title, anchor, svg: String; let rows: [Row] }
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
        case "hasParameters": return !parameters.isEmpty
        case "hasSingleValues": return !singleValues.isEmpty
        case "hasProblems": return !problems.isEmpty
        case "hasScript": return !script.isEmpty
        default: return Mirror(reflecting: self).descendant(name)
        }
    }
}
