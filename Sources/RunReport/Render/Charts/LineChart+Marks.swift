import Foundation

extension LineChart {
    /// A series' non-finite values, marked where they are on the x axis and apart by kind:
    /// +∞ along the plot's top edge, NaN a row below it, −∞ along the bottom edge. A tick per
    /// pixel column holding one; a label per run of them closer than 48 pixels, with their count
    /// (`NaN ×12`), so neighbours never pile into a blob. Every mark lies inside the plot.
    func nonFiniteMarks(_ s: Series, color: String, px: (Double) -> Double,
                        plot: (left: Double, top: Double, width: Double, height: Double)) -> String {
        var out = ""
        let kinds: [(label: String, row: Double, test: (Double) -> Bool)] = [
            ("+∞", plot.top + 9, { $0 == .infinity }),
            ("NaN", plot.top + 21, { $0.isNaN }),
            ("−∞", plot.top + plot.height - 4, { $0 == -.infinity }),
        ]
        for kind in kinds {
            let positions = zip(s.x, s.y).filter { kind.test($0.1) }
                .map { min(plot.left + plot.width, max(plot.left, px($0.0))) }
            guard !positions.isEmpty else { continue }
            out += "<g class=\"nonfinite\" fill=\"\(color)\" stroke=\"\(color)\" font-size=\"10\" text-anchor=\"middle\">"
            var lastColumn = -1
            for x in positions where Int(x) != lastColumn {
                lastColumn = Int(x)
                out += "<line x1=\"\(PathData.coordinate(x))\" x2=\"\(PathData.coordinate(x))\" y1=\"\(PathData.coordinate(kind.row + 2))\" y2=\"\(PathData.coordinate(kind.row + 5))\"/>"
            }
            var start = 0
            while start < positions.count {
                var end = start
                while end + 1 < positions.count && positions[end + 1] - positions[start] < 48 { end += 1 }
                let count = end - start + 1
                let x = min(plot.left + plot.width - 14, max(plot.left + 14, (positions[start] + positions[end]) / 2))
                let text = count > 1 ? "\(kind.label) ×\(count)" : kind.label
                out += "<text class=\"nonfinite\" x=\"\(PathData.coordinate(x))\" y=\"\(PathData.coordinate(kind.row))\" stroke=\"none\">\(text)</text>"
                start = end + 1
            }
            out += "</g>"
        }
        return out
    }
}
