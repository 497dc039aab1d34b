/// Bars as SVG: one group of bars per category, a bar per trace side by side (`group`) or piled
/// up (`stack`), a zero line, nice ticks, a legend when there are several traces.
public struct BarChart {
    public struct Series {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    public var categories: [String]
    public var series: [Series]
    public var stacked = false
    public var xTitle: String?
    public var width = 640
    public var height = 300

    public init(title: String, categories: [String], series: [Series]) {
        self.title = title
        self.categories = categories
        self.series = series
    }

    public func svg() -> String {
        let left = 56.0, right = 16.0, top = 16.0, bottom = series.count > 1 ? 64.0 : 44.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        var low = 0.0, high = 0.0
        for index in categories.indices {
            var positive = 0.0, negative = 0.0
            for s in series where index < s.values.count && s.values[index].isFinite {
                let v = s.values[index]
                if stacked {
                    if v >= 0 { positive += v } else { negative += v }
                } else {
                    high = max(high, v)
                    low = min(low, v)
                }
            }
            if stacked { high = max(high, positive); low = min(low, negative) }
        }
        let ticks = AxisTicks.linear(low: low, high: high == low ? low + 1 : high, count: 5)
        let yLow = ticks.first ?? 0, yHigh = ticks.last ?? 1
        let py = { (v: Double) in top + (1 - (v - yLow) / max(1e-300, yHigh - yLow)) * plotHeight }
        let slot = plotWidth / Double(max(1, categories.count))
        let barWidth = stacked || series.count <= 1 ? slot * 0.8 : slot * 0.8 / Double(series.count)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" "
            + "role=\"img\" class=\"chart bars\" font-family=\"system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"11\">"
        out += "<title>\(XMLEscape.text(title))</title><g stroke=\"currentColor\" stroke-opacity=\"0.12\">"
        for tick in ticks { out += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotWidth))\" y1=\"\(r(py(tick)))\" y2=\"\(r(py(tick)))\"/>" }
        out += "</g>"
        for tick in ticks {
            out += "<text x=\"\(Int(left - 6))\" y=\"\(r(py(tick) + 4))\" text-anchor=\"end\" fill=\"currentColor\">\(XMLEscape.text(NumberText.of(tick)))</text>"
        }
        for (index, category) in categories.enumerated() {
            var positive = 0.0, negative = 0.0
            for (number, s) in series.enumerated() where index < s.values.count && s.values[index].isFinite {
                let v = s.values[index]
                var base = 0.0
                if stacked { base = v >= 0 ? positive : negative; if v >= 0 { positive += v } else { negative += v } }
                let x = left + Double(index) * slot + slot * 0.1 + (stacked ? 0 : Double(number) * barWidth)
                let y0 = py(base), y1 = py(base + v)
                out += "<rect x=\"\(r(x))\" y=\"\(r(min(y0, y1)))\" width=\"\(r(max(1, barWidth - 1)))\" height=\"\(r(abs(y1 - y0)))\" "
                    + "fill=\"\(Palette.color(number))\"><title>\(XMLEscape.text("\(s.name) · \(category): \(PlotValue.number(v).label)"))</title></rect>"
            }
            if categories.count <= 40 || index % (categories.count / 20 + 1) == 0 {
                out += "<text x=\"\(r(left + (Double(index) + 0.5) * slot))\" y=\"\(r(top + plotHeight + 16))\" text-anchor=\"middle\" "
                    + "fill=\"currentColor\">\(XMLEscape.text(String(category.prefix(24))))</text>"
            }
        }
        if let xTitle {
            out += "<text x=\"\(r(left + plotWidth / 2))\" y=\"\(r(top + plotHeight + 32))\" text-anchor=\"middle\" fill=\"currentColor\">\(XMLEscape.text(xTitle))</text>"
        }
        if series.count > 1 {
            var x = left
            for (number, s) in series.enumerated() {
                out += "<rect x=\"\(r(x))\" y=\"\(height - 18)\" width=\"10\" height=\"10\" fill=\"\(Palette.color(number))\"/>"
                out += "<text x=\"\(r(x + 14))\" y=\"\(height - 9)\" fill=\"currentColor\">\(XMLEscape.text(s.name))</text>"
                x += 24 + Double(min(s.name.count, 40)) * 6.5
            }
        }
        return out + "</svg>"
    }

    private func r(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        guard rounded.isFinite, abs(rounded) < 1e15 else { return "0" }
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
