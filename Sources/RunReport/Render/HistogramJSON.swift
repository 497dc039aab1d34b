/// `ScalarsExport.histogramJSON` written straight to bytes, the same bytes as the value's
/// `serialized()`: a run of a million series would otherwise hold its export twice over, as
/// a tree of values and as their text.
struct HistogramJSON {
    let export: ScalarsExport

    /// The export followed by a newline.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        let all = export.histogramsByRun
        if all.count == 1 {
            let histogram = all[0].histogram
            nest(histogram.series.keys, into: &out) { key, out in
                if let series = histogram.series[key] { write(series, name: key.variant, into: &out) }
            }
        } else {
            var keys = Set<SeriesKey>()
            for entry in all { keys.formUnion(entry.histogram.series.keys) }
            out += #"{"metrics":"#.utf8
            nest(keys, into: &out) { key, out in
                out.append(UInt8(ascii: "{"))
                var first = true
                for entry in all {
                    guard let series = entry.histogram.series[key] else { continue }
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    member(entry.run.id, into: &out)
                    write(series, name: entry.run.name, into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private func member(_ name: String, into out: inout [UInt8]) {
        JSONValue.quote(name, into: &out)
        out.append(UInt8(ascii: ":"))
    }

    /// Metric → variant objects in code-point order, as `ScalarsExport.nest` orders them.
    private func nest(_ keys: some Collection<SeriesKey>, into out: inout [UInt8],
                      _ leaf: (SeriesKey, inout [UInt8]) -> Void) {
        let sorted = keys.sorted()
        out.append(UInt8(ascii: "{"))
        var index = 0
        while index < sorted.count {
            let metric = sorted[index].metric
            if index > 0 { out.append(UInt8(ascii: ",")) }
            member(metric, into: &out)
            out.append(UInt8(ascii: "{"))
            var first = true
            while index < sorted.count && sorted[index].metric == metric {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                member(sorted[index].variant, into: &out)
                leaf(sorted[index], &out)
                index += 1
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }

    private func write(_ series: HistogramSeries, name: String, into out: inout [UInt8]) {
        out += #"{"name":"#.utf8
        JSONValue.quote(name, into: &out)
        out += #","x":["#.utf8
        for (index, x) in series.x.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if export.key == .isoTime {
                JSONValue.quote(ISOTime.strictDateTime(milliseconds: x), into: &out)
            } else {
                JSONValue.appendInteger(x, to: &out)
            }
        }
        out += #"],"y":["#.utf8
        for (index, y) in series.y.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.appendDouble(y, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        if let label = series.xAxisLabel {
            out += #","x_axis_label":"#.utf8
            JSONValue.quote(label, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
