import Foundation

/// An SVG line chart of one metric's series: axes with nice ticks, a line per series (M4-reduced
/// to the plot's width, so no spike is lost), optional smoothing drawn over a faint raw line,
/// non-finite values marked on the top edge, a legend. Valid standalone SVG, with `role="img"`,
/// `<title>` and `<desc>`; every name in it is escaped.
public struct LineChart {
    public struct Series {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// Per point, the smallest and largest value it stands for when it is an average (a
        /// downsampled bucket); drawn as a faint band. Empty, or as long as `x`.
        public var low: [Double]
        public var high: [Double]
        /// The series' own colour and dash; nil takes the palette's colour by position.
        public var stroke: Stroke?
        /// Points pair x and y by position; extra values of the longer one are left out, and so
        /// are points whose x is not finite (they have no place on the axis).
        public init(name: String, x: [Double], y: [Double], low: [Double] = [], high: [Double] = []) {
            self.name = name
            var count = min(x.count, y.count)
            var x = Array(x.prefix(count)), y = Array(y.prefix(count))
            var low = low, high = high
            if x.contains(where: { !$0.isFinite }) {
                let keep = x.indices.filter { x[$0].isFinite }
                if low.count == count && high.count == count { low = keep.map { low[$0] }; high = keep.map { high[$0] } }
                x = keep.map { x[$0] }
                y = keep.map { y[$0] }
                count = keep.count
            }
            self.x = x
            self.y = y
            self.low = low.count == count && high.count == count ? low : []
            self.high = low.count == count && high.count == count ? high : []
        }
    }

    public var title: String
    public var series: [Series]
    public var xLabel = "iteration"
    public var width = 560
    public var height = 300
    public var logY = false
    /// x values are epoch milliseconds.
    public var xIsTime = false
    /// x values are milliseconds since a start: ticks at round durations, labelled `30 s`, `2 min`.
    public var xIsDuration = false
    /// Debiased EMA weight in [0, 1); 0 draws the raw line only.
    public var smoothing = 0.0
    public var drawsLines = true
    /// A dot per point (up to 2,000 points a series).
    public var drawsMarkers = false
    /// The legend under the plot; a page that shows one legend for many charts turns it off.
    public var showsLegend = true

    public init(title: String, series: [Series]) {
        self.title = title
        self.series = series
    }

    /// What the values measure: how the y axis and the readouts write them.
    public var unit = MetricUnit.plain

    /// The SVG's height: `height`, and a line more for each row the legend wraps onto.
    public var drawnHeight: Int { height + (showsLegend ? (legendLayout().last?.row ?? 0) * legendRowHeight : 0) }

    /// The size of the axis and legend text, in the drawing's units (a chart shown small, as
    /// in an email read on a phone, takes a larger one).
    public var textSize = 11

    private var legendRowHeight: Int { textSize + 5 }

    /// Legend rows: each entry's position, in rows that wrap at the chart's width.
    private func legendLayout(left: Double = 12) -> [(x: Double, row: Int)] {
        guard showsLegend else { return [] }
        var out: [(x: Double, row: Int)] = []
        var x = left, row = 0
        for s in series {
            let itemWidth = 24 + Double(min(s.name.count, Self.legendNameLimit)) * 0.6 * Double(textSize)
            if x > left && x + itemWidth > Double(width) - 8 { x = left; row += 1 }
            out.append((x, row))
            x += itemWidth
        }
        return out
    }

    /// Linear y ticks at round numbers of what the axis shows (GiB, minutes: counted in the
    /// unit's multiple); a byte, time or percent axis of values none below 0 has no negative tick.
    private func linearTicks(low: Double, high: Double) -> [Double] {
        let scale = NumberFormat.scale(of: unit, reference: max(abs(low), abs(high)))
        var ticks = scale == 1 ? AxisTicks.linear(low: low, high: high, count: 5)
            : AxisTicks.linear(low: low / scale, high: high / scale, count: 5).map { $0 * scale }
        if unit != .plain && low >= 0 && ticks.count > 2 { ticks.removeAll { $0 < 0 } }
        return ticks
    }

    /// Names past this many characters are cut in the legend (the line's title has them whole).
    static let legendNameLimit = 40

    public func svg() -> String {
        let finite: [(Double, Double)] = series.flatMap { s -> [(Double, Double)] in
            (Array(zip(s.x, s.y)) + Array(zip(s.x, s.low)) + Array(zip(s.x, s.high))).filter { $0.1.isFinite && (!logY || $0.1 > 0) }
        }
        // The x range counts every point, non-finite values too: they are marked where they are.
        let allX = series.flatMap(\.x)
        let ys = finite.map(\.1)
        let xLow = allX.min() ?? 0, xHigh = allX.max() ?? 1
        let yTicks = ys.isEmpty ? [] : logY ? AxisTicks.logarithmic(low: ys.min() ?? 1, high: ys.max() ?? 10)
                          : linearTicks(low: ys.min() ?? 0, high: ys.max() ?? 1)
        let yLabels = NumberFormat.axisLabels(yTicks, unit: unit)
        // The left margin fits the longest label, at the 16 units a phone's stylesheet draws it
        // (about 9 a character): a label is never clipped.
        let margin = (left: max(56.0, 12 + 9 * Double(yLabels.map(\.count).max() ?? 0)), right: 16.0, top: 16.0, bottom: 64.0)
        let legend = legendLayout()
        let totalHeight = drawnHeight
        let plotWidth = Double(width) - margin.left - margin.right
        let plotHeight = Double(height) - margin.top - margin.bottom
        let timeAxis = (xIsTime || xIsDuration) && xHigh > xLow ? AxisTicks.time(low: Int64(saturating: xLow), high: Int64(saturating: xHigh), calendar: xIsTime) : nil
        let xTicks: [Double] = xHigh <= xLow ? [xLow]  // one x: its tick in the middle
            : timeAxis.map { $0.ticks.map(Double.init) }
            ?? AxisTicks.linear(low: xLow, high: xHigh, count: 6).filter { $0 >= xLow && $0 <= xHigh }
        let xLabels = xIsTime ? [] : xIsDuration ? NumberFormat.axisLabels(xTicks.map { $0 / 1000 }, unit: .seconds)
            : NumberFormat.axisLabels(xTicks)
        let yLow = yTicks.first ?? 0, yHigh = yTicks.last ?? 1
        // A time axis reaching before year 0 or past 9999 spans millennia: its labels are dates.
        let datedAxis = xIsTime && [xLow, xHigh].contains { x in
            !(0...9999).contains(ISOTime.fields(milliseconds: Int64(saturating: x)).year)
        }
        // Positions by NumberSpan.fraction: an axis from -1e308 to 1e308 is wider than a Double.
        let px = { (x: Double) -> Double in
            margin.left + (xHigh > xLow ? NumberSpan.fraction(x, low: xLow, high: xHigh) : 0.5) * plotWidth
        }
        let py = { (y: Double) -> Double in
            let t = logY ? (log10(y) - log10(yLow)) / max(1e-12, log10(yHigh) - log10(yLow))
                : yHigh - yLow >= 1e-300 ? NumberSpan.fraction(y, low: yLow, high: yHigh) : (y - yLow) / 1e-300
            return margin.top + (1 - t) * plotHeight
        }
        var out = #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(totalHeight)" width="\#(width)" height="\#(totalHeight)" role="img" class="chart" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" data-plot="\#(f(margin.left)) \#(f(margin.top)) \#(f(plotWidth)) \#(f(plotHeight)) \#(Self.exact(xLow)) \#(Self.exact(xHigh))"\#(xIsTime ? " data-time=\"1\"" : xIsDuration ? " data-duration=\"1\"" : "") data-x-name="\#(XMLEscape.text(xLabel))">"#
        out += "<title>\(XMLEscape.text(title))</title>"
        out += "<desc>\(XMLEscape.text(description(ys: ys)))</desc>"
        out += "<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.12\">"
        for tick in yTicks { out += "<line x1=\"\(f(margin.left))\" x2=\"\(f(margin.left + plotWidth))\" y1=\"\(f(py(tick)))\" y2=\"\(f(py(tick)))\"/>" }
        out += "</g><g class=\"axis\" fill=\"currentColor\" font-size=\"\(textSize)\">"
        for (tick, label) in zip(yTicks, yLabels) {
            out += "<text x=\"\(f(margin.left - 6))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(XMLEscape.text(label))</text>"
        }
        for (position, tick) in xTicks.enumerated() {
            let text = xIsTime ? Self.timeLabel(Int64(saturating: tick), step: timeAxis?.step ?? 60_000, withYear: datedAxis,
                                                span: Int64(saturating: xHigh - xLow))
                : xLabels[position]
            out += "<text x=\"\(f(px(tick)))\" y=\"\(f(margin.top + plotHeight + 16))\" text-anchor=\"middle\">\(XMLEscape.text(text))</text>"
        }
        out += "<text x=\"\(f(margin.left + plotWidth / 2))\" y=\"\(f(margin.top + plotHeight + 32))\" text-anchor=\"middle\">\(XMLEscape.text(xLabel))</text>"
        if ys.isEmpty && !series.isEmpty {
            out += "<text class=\"empty\" x=\"\(f(margin.left + plotWidth / 2))\" y=\"\(f(margin.top + plotHeight / 2))\" text-anchor=\"middle\" fill-opacity=\"0.7\">no finite values to draw</text>"
        }
        out += "</g>"
        for (index, s) in series.enumerated() {
            let stroke = s.stroke ?? Palette.stroke(index)
            let color = stroke.color
            let dash = stroke.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            if !s.low.isEmpty {
                out += envelope(s, px: px, py: py, left: margin.left, color: color)
            }
            let kept = M4.indices(x: s.x, y: s.y, columns: Int(plotWidth))
            let raw = path(kept.map { (s.x[$0], s.y[$0]) }, px: px, py: py)
            let faint = smoothing > 0 ? " stroke-opacity=\"0.3\"" : ""
            if drawsLines {
                // data-x / data-y: the drawn points' values, for the page's hover readout.
                let xs = Self.list(kept) { Self.exact(s.x[$0], to: &$1) }
                let ys = Self.list(kept) { NumberText.append(s.y[$0], to: &$1) }
                out += "<path class=\"series\" data-series=\"\(index)\" d=\"\(raw)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dash)\(faint) data-x=\"\(xs)\" data-y=\"\(ys)\"><title>\(XMLEscape.text(s.name))</title></path>"
            }
            let lonely = s.y.filter(\.isFinite).count <= 3  // too few points to see as a line
            if (drawsMarkers || lonely) && s.x.count <= 2000 {
                out += "<g class=\"markers\" fill=\"\(color)\">"
                for (x, y) in zip(s.x, s.y) where y.isFinite && (!logY || y > 0) {
                    out += "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"3\"/>"
                }
                out += "</g>"
            }
            if smoothing > 0 {
                let smooth = Smoothing.debiasedEMA(s.y, weight: smoothing)
                let smoothKept = M4.indices(x: s.x, y: smooth, columns: Int(plotWidth))
                out += "<path class=\"smoothed\" d=\"\(path(smoothKept.map { (s.x[$0], smooth[$0]) }, px: px, py: py))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            }
            out += nonFiniteMarks(s, color: color, px: px, plot: (margin.left, margin.top, plotWidth, plotHeight))
        }
        for ((index, s), place) in zip(series.enumerated(), legend) {
            let y = Double(height) - 12 + Double(place.row * legendRowHeight)
            let stroke = s.stroke ?? Palette.stroke(index)
            let name = s.name.count > Self.legendNameLimit ? String(s.name.prefix(Self.legendNameLimit - 1)) + "…" : s.name
            out += "<g class=\"legend\"><line x1=\"\(f(place.x))\" x2=\"\(f(place.x + 11))\" y1=\"\(f(y - 3))\" y2=\"\(f(y - 3))\" stroke=\"\(stroke.color)\" stroke-width=\"3\"\(stroke.dash.map { " stroke-dasharray=\"\(Palette.shortDash($0))\"" } ?? "")/>"
            out += "<text x=\"\(f(place.x + 14))\" y=\"\(f(y + 1))\" font-size=\"\(textSize)\" fill=\"currentColor\">\(XMLEscape.text(name))</text></g>"
        }
        out += "</svg>"
        return out
    }

    /// The band between the smallest and largest value behind each pixel column's points.
    private func envelope(_ s: Series, px: (Double) -> Double, py: (Double) -> Double, left: Double, color: String) -> String {
        var columns: [(x: Double, low: Double, high: Double)] = []
        for i in s.x.indices where s.low[i].isFinite && s.high[i].isFinite && (!logY || s.low[i] > 0) {
            let x = px(s.x[i])
            if let last = columns.last, Int(saturating: last.x - left) == Int(saturating: x - left) {
                columns[columns.count - 1] = (last.x, min(last.low, s.low[i]), max(last.high, s.high[i]))
            } else {
                columns.append((x, s.low[i], s.high[i]))
            }
        }
        guard columns.count > 1 else { return "" }
        var d = PathData(capacity: columns.count * 24)
        for (i, c) in columns.enumerated() { d.point(UInt8(ascii: i == 0 ? "M" : "L"), c.x, py(c.high)) }
        for c in columns.reversed() { d.point(UInt8(ascii: "L"), c.x, py(c.low)) }
        d.close()
        return "<path class=\"envelope\" d=\"\(d.text)\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>"
    }

    /// An x value as the hover readout shows it: integers in full, others in six digits.
    static func exact(_ x: Double) -> String {
        var bytes: [UInt8] = []
        exact(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `exact(x)`'s bytes, appended.
    static func exact(_ x: Double, to out: inout [UInt8]) {
        if x.rounded() == x && abs(x) < 9e15 { JSONValue.appendInteger(Int64(x), to: &out) } else { NumberText.append(x, to: &out) }
    }

    /// The values at `indices`, each written by `write`, separated by spaces.
    private static func list(_ indices: [Int], _ write: (Int, inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(indices.count * 10)
        for (position, index) in indices.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: " ")) }
            write(index, &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func path(_ points: [(Double, Double)], px: (Double) -> Double, py: @escaping (Double) -> Double) -> String {
        var d = PathData(capacity: points.count * 24)
        var pen = false
        for (x, y) in points {
            guard y.isFinite, !logY || y > 0 else { pen = false; continue }
            d.point(UInt8(ascii: pen ? "L" : "M"), px(x), py(y))
            pen = true
        }
        return d.text
    }

    private func description(ys: [Double]) -> String {
        let names = series.map(\.name).joined(separator: ", ")
        guard let low = ys.min(), let high = ys.max() else { return "\(title): no finite values" }
        return "\(title): \(series.count) series (\(names)), values from \(NumberText.of(low)) to \(NumberText.of(high))"
    }

    /// Two decimals in the plot's pixel space: enough, and byte-identical run to run.
    private func f(_ value: Double) -> String { PathData.coordinate(value) }

    /// A tick's label, as precise as the axis' `step` asks and as wide as its `span` needs:
    /// `14:22:05.250` below a second, `14:22:05` for steps of seconds, `14:22` for steps of
    /// minutes or hours within a day, `11-22 14:00` across days, `11-22` for steps of days,
    /// `2026-11` for steps of months, `2027` for steps of years; with `withYear` always the date with its year
    /// (`1970-01-01`, `+292278994-08-17`).
    static func timeLabel(_ milliseconds: Int64, step: Int64 = 60_000, withYear: Bool = false, span: Int64 = .max) -> String {
        let f = ISOTime.fields(milliseconds: milliseconds)
        let date = ISOTime.pad(f.month, 2) + "-" + ISOTime.pad(f.day, 2)
        let day: Int64 = 86_400_000
        if withYear { return ISOTime.year(f.year) + "-" + date }
        // Month ticks (AxisTicks.monthTicks): the month, or the year alone for steps of years.
        if step >= 28 * day { return step >= 360 * day ? ISOTime.year(f.year) : ISOTime.year(f.year) + "-" + ISOTime.pad(f.month, 2) }
        if step >= day && span > 300 * day { return ISOTime.year(f.year) + "-" + date }
        if step >= day { return date }
        let minutes = ISOTime.pad(f.hour, 2) + ":" + ISOTime.pad(f.minute, 2)
        if step >= 60_000 { return span >= day ? date + " " + minutes : minutes }
        let seconds = minutes + ":" + ISOTime.pad(f.second, 2)
        return step >= 1000 ? seconds : seconds + "." + ISOTime.pad(f.millisecond, 3)
    }
}

extension LineChart.Series {
    /// A histogram's series: its bucket keys as x, averages as y, extremes as the envelope.
    init(name: String, histogram: HistogramSeries) {
        self.init(name: name, x: histogram.x.map(Double.init), y: histogram.y, low: histogram.low, high: histogram.high)
    }
}
