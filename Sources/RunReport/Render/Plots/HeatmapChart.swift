/// A heatmap as SVG (confusion matrices): a cell per value shaded from the lowest to the highest
/// finite value, the value written in the cell when the figure asks for it, labelled axes. Rows
/// run top to bottom in `y` order reversed, as Plotly draws them (y grows upwards).
public struct HeatmapChart {
    public var title: String
    public var z: [[Double]]
    public var xLabels: [String]
    public var yLabels: [String]
    public var showsValues: Bool
    public var xTitle: String?
    public var yTitle: String?
    public var cellSize = 44.0

    public init(title: String, trace: PlotlyFigure.Trace, xTitle: String? = nil, yTitle: String? = nil) {
        self.title = title
        z = trace.z
        let columns = trace.z.map(\.count).max() ?? 0
        xLabels = trace.x.isEmpty ? (0..<columns).map(String.init) : trace.x.map(\.label)
        yLabels = trace.y.isEmpty ? (0..<trace.z.count).map(String.init) : trace.y.map(\.label)
        showsValues = trace.showsCellValues
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    public func svg() -> String {
        let rows = z.count, columns = z.map(\.count).max() ?? 0
        let left = (yTitle == nil ? 16.0 : 34.0) + min(160, Double(yLabels.map(\.count).max() ?? 1) * 7), top = 12.0
        let width = left + Double(columns) * cellSize + 16, height = top + Double(rows) * cellSize + 48
        let finite = z.flatMap { $0 }.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" role=\"img\" class=\"chart heatmap\" "
            + "font-family=\"system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"11\">"
        out += "<title>\(XMLEscape.text(title))</title>"
        for (r, row) in z.enumerated() {
            let y = top + Double(rows - 1 - r) * cellSize
            for (c, value) in row.enumerated() {
                let x = left + Double(c) * cellSize
                let t = value.isFinite && high > low ? (value - low) / (high - low) : (value.isFinite ? 1 : 0)
                let fill = value.isFinite ? Self.shade(t) : "#dddddd"
                out += "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(Int(cellSize) - 1)\" height=\"\(Int(cellSize) - 1)\" fill=\"\(fill)\">"
                out += "<title>\(XMLEscape.text(label(r, c, value)))</title></rect>"
                if showsValues {
                    let ink = t > 0.55 ? "#ffffff" : "#1a1a1a"
                    out += "<text x=\"\(Int(x + cellSize / 2))\" y=\"\(Int(y + cellSize / 2 + 4))\" text-anchor=\"middle\" fill=\"\(ink)\">"
                        + "\(XMLEscape.text(PlotValue.number(value).label))</text>"
                }
            }
            if r < yLabels.count {
                out += "<text x=\"\(Int(left - 6))\" y=\"\(Int(y + cellSize / 2 + 4))\" text-anchor=\"end\" fill=\"currentColor\">"
                    + "\(XMLEscape.text(yLabels[r]))</text>"
            }
        }
        for (c, name) in xLabels.prefix(columns).enumerated() {
            out += "<text x=\"\(Int(left + Double(c) * cellSize + cellSize / 2))\" y=\"\(Int(top + Double(rows) * cellSize + 16))\" "
                + "text-anchor=\"middle\" fill=\"currentColor\">\(XMLEscape.text(name))</text>"
        }
        if let yTitle {
            let middle = Int(top + Double(rows) * cellSize / 2)
            out += "<text x=\"14\" y=\"\(middle)\" transform=\"rotate(-90 14 \(middle))\" text-anchor=\"middle\" "
                + "fill=\"currentColor\">\(XMLEscape.text(yTitle))</text>"
        }
        if let xTitle {
            out += "<text x=\"\(Int(left + Double(columns) * cellSize / 2))\" y=\"\(Int(height - 8))\" text-anchor=\"middle\" "
                + "fill=\"currentColor\">\(XMLEscape.text(xTitle))</text>"
        }
        out += "</svg>"
        return out
    }

    private func label(_ row: Int, _ column: Int, _ value: Double) -> String {
        let y = row < yLabels.count ? yLabels[row] : String(row)
        let x = column < xLabels.count ? xLabels[column] : String(column)
        return "\(y) × \(x): \(PlotValue.number(value).label)"
    }

    /// From light to the palette's blue (#0072B2) in straight sRGB steps.
    static func shade(_ t: Double) -> String {
        let from = (247.0, 251.0, 255.0), to = (0.0, 114.0, 178.0)
        let mix = { (a: Double, b: Double) in Int((a + (b - a) * min(max(t, 0), 1)).rounded()) }
        let (r, g, b) = (mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
        let hex = { (v: Int) -> String in (v < 16 ? "0" : "") + String(v, radix: 16) }
        return "#" + hex(r) + hex(g) + hex(b)
    }
}
