import Foundation
import RunReport

/// The `numbers` target's checks of what is drawn and written: charts, smoothing, M4, ticks,
/// time text, the exports, and a dump of the records through the scan and a report.
enum NumbersDrawing {
    typealias Record = NumbersTarget.Record

    static func checkCharts(_ run: Run, _ histograms: [String: ScalarHistogram], options: NumbersTarget.Options) {
        for key in [ScalarKey.iter, .timestamp] {
            for samples in [1, 2000] {
                guard let histogram = histograms["\(key.rawValue) \(samples)"] else { continue }
                let series = histogram.series.keys.sorted().compactMap { seriesKey -> LineChart.Series? in
                    guard let h = histogram.series[seriesKey] else { return nil }
                    return LineChart.Series(name: seriesKey.metric, x: h.x.map(Double.init), y: h.y, low: h.low, high: h.high)
                }
                for logY in [false, true] {
                    var chart = LineChart(title: "fuzz", series: series)
                    chart.xIsTime = key.isTime
                    chart.logY = logY
                    chart.smoothing = options.smoothing
                    check(FuzzTarget.parses(chart.svg(), html: false), "the chart's SVG is not well-formed XML")
                }
                for s in series {
                    for weight in [0, 0.6, 0.99] {
                        let smooth = Smoothing.debiasedEMA(s.y, weight: weight)
                        check(smooth.count == s.y.count, "smoothing changed the count")
                        check(zip(s.y, smooth).allSatisfy { !$0.0.isFinite || $0.1.isFinite }, "a finite value smoothed to \(smooth)")
                    }
                }
            }
        }
        // M4 on points in arrival order (x not sorted): indices ascending, each once, in range.
        let points = run.series.values.flatMap(\.points)
        let x = points.map { Double($0.iteration) }, y = points.map(\.value)
        let kept = M4.indices(x: x, y: y, columns: 1 + (x.count % 7))
        check(zip(kept, kept.dropFirst()).allSatisfy { $0 < $1 } && kept.allSatisfy { x.indices.contains($0) }, "M4's indices")
        let histogram = String(decoding: ScalarsExport(runs: [run], key: .isoTime, samples: 1).histogramJSONBytes, as: UTF8.self)
        check((try? JSONParser.parse(histogram)) != nil, "the histogram JSON does not parse")
        check((try? JSONParser.parse(ScalarsExport(runs: [run], key: .iter, samples: 0).summaryJSON.serialized())) != nil,
              "the summary JSON does not parse")
    }

    /// Ticks finite, in order, bounded in count and around the data (give or take rounding).
    static func checkTicks(_ records: [Record], options: NumbersTarget.Options) {
        let values = records.prefix(32).map(\.value)
        for (a, b) in zip(values, values.dropFirst()) + [(values[0], values[0])] {
            let ticks = AxisTicks.linear(low: a, high: b, count: options.tickCount)
            if a.isFinite && b.isFinite {
                let (low, high) = (min(a, b), max(a, b))
                let slack = max(abs(low), abs(high)) * 1e-9
                checkOrdered(ticks, limit: 1002, "linear \(a) \(b)")
                check(ticks.first.map { $0 <= low + slack } == true && ticks.last.map { $0 >= high - slack } == true,
                      "linear ticks \(ticks) do not cover \(low) … \(high)")
            } else {
                check(ticks.isEmpty, "ticks for a non-finite end")
            }
            let (low, high) = (min(abs(a), abs(b)), max(abs(a), abs(b)))
            guard low > 0, high.isFinite else { continue }
            let log = AxisTicks.logarithmic(low: low, high: high)
            checkOrdered(log, limit: 24, "logarithmic \(low) \(high)")
            check(log.first.map { $0 <= low } == true && log.last.map { $0 >= high } == true,
                  "log ticks \(log) do not cover \(low) … \(high)")
        }
        let times = records.prefix(32).compactMap(\.timestamp)
        for (a, b) in zip(times, times.dropFirst()) {
            let (low, high) = (min(a, b), max(a, b))
            let (ticks, step) = AxisTicks.time(low: low, high: high, count: options.tickCount)
            check(step > 0, "time step \(step)")
            check(ticks.count <= 1000 && zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 }, "time ticks out of order")
            // Steps of months fall on the first of a month at midnight UTC, else on multiples of the step.
            let aligned = { (tick: Int64) in
                tick % step == 0 || (step >= 28 * 86_400_000 && ISOTime.fields(milliseconds: tick).day == 1 && tick % 86_400_000 == 0)
            }
            check(ticks.allSatisfy { $0 >= low && $0 <= high && aligned($0) }, "time ticks \(ticks) off \(low) … \(high) by \(step)")
        }
    }

    private static func checkOrdered(_ ticks: [Double], limit: Int, _ what: @autoclosure () -> String) {
        check(!ticks.isEmpty && ticks.count <= limit, "\(what()): \(ticks.count) ticks")
        check(ticks.allSatisfy(\.isFinite), "\(what()): a tick not finite \(ticks)")
        check(zip(ticks, ticks.dropFirst()).allSatisfy { $0 <= $1 }, "\(what()): ticks out of order \(ticks)")
    }

    /// Calendar fields in range; ISO text that reads back (years 0 … 9999) or is signed; a mail
    /// date of four-digit year; durations of any span.
    static func checkTimeText(_ records: [Record]) {
        let times = records.prefix(64).compactMap(\.timestamp)
        for t in times {
            let f = ISOTime.fields(milliseconds: t)
            check((1...12).contains(f.month) && (1...31).contains(f.day) && (0..<24).contains(f.hour) && (0..<60).contains(f.minute)
                  && (0..<60).contains(f.second) && (0..<1000).contains(f.millisecond), "fields \(f) of \(t)")
            let iso = ISOTime.strictDateTime(milliseconds: t)
            if (0...9999).contains(f.year) {
                check(TimeText.milliseconds(iso: iso) == t, "\(iso) does not read back as \(t)")
            } else {
                check(iso.hasPrefix(f.year > 9999 ? "+" : "-"), "\(iso): an expanded year unsigned")
            }
            let date = MIMEEncoding.date(milliseconds: t).split(separator: " ")
            check(date.count == 6 && date[3].count == 4 && date[5] == "+0000", "mail date \(date) of \(t)")
            check(!TimeText.duration(milliseconds: t).isEmpty, "no duration")
        }
        for (a, b) in zip(times, times.dropFirst()) {
            let (span, overflow) = b.subtractingReportingOverflow(a)
            check(!TimeText.duration(milliseconds: overflow ? .max : span).isEmpty, "no duration")
        }
    }

    /// The records as a dump (values as Swift writes them, non-finite ones as Python does, some
    /// timestamps with a fraction of .5), loaded back (every number as written, fractions
    /// floored) and rendered as a report whose charts must parse.
    static func checkDumpAndReport(_ records: [Record], options: NumbersTarget.Options) {
        var lines: [String] = []
        var expected: [SeriesKey: [ScalarPoint]] = [:]
        for record in records {
            var time: (text: String, floored: Int64?)?
            if let t = record.timestamp {
                time = record.flags & 16 == 0 ? ("\(t)", t) : ("\(t).5", t >= 0 ? t : t == .min ? nil : t - 1)
            }
            let value = record.value.isNaN ? "NaN" : record.value.isInfinite ? (record.value > 0 ? "Infinity" : "-Infinity") : "\(record.value)"
            let stamp = time.map { ",\"timestamp\":\($0.text)" } ?? ""
            lines.append("{\"type\":\"training_stats_scalar\",\"task\":\"fuzz\",\"iter\":\(record.iteration)\(stamp),"
                         + "\"metric\":\"\(record.metric)\",\"variant\":\"v\",\"value\":\(value)}")
            if record.flags & 8 != 0 {
                lines.append("{\"type\":\"log\",\"task\":\"fuzz\"\(stamp),\"level\":\"info\",\"worker\":\"w\",\"msg\":\"at \(record.iteration)\"}")
            }
            guard time == nil || time?.floored != nil else { continue }  // past Int64: skipped
            expected[SeriesKey(metric: record.metric, variant: "v"), default: []]
                .append(ScalarPoint(iteration: record.iteration, timestamp: time?.floored, value: record.value))
        }
        let path = FuzzTarget.scratch + "-numbers.jsonl", folder = FuzzTarget.scratch + "-numbers-report"
        _ = FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        defer {
            unlink(path)
            try? FileManager.default.removeItem(atPath: folder)
        }
        var load = LoadOptions()
        load.workers = 1
        load.chunkSize = 64 << 10
        let result = RunLoader(options: load).load(paths: [path])
        let loaded = result.runs.first?.series ?? [:]
        check(Set(loaded.keys) == Set(expected.keys), "the dump's series differ")
        for (key, points) in expected {
            let read = loaded[key]?.points ?? []
            check(read.count == points.count && zip(read, points).allSatisfy { a, b in
                a.iteration == b.iteration && a.timestamp == b.timestamp
                    && (a.value.bitPattern == b.value.bitPattern || (a.value.isNaN && b.value.isNaN))
            }, "\(key.metric): the dump reads back as \(read), not \(points)")
        }
        guard !result.runs.isEmpty else { return }
        var report = ReportOptions()
        report.key = ScalarKey.allCases[options.tickCount % 3]
        report.logY = options.tickCount & 4 != 0
        report.samples = options.tickCount & 8 != 0 ? 1 : 2000
        report.smoothing = options.smoothing
        guard (try? ReportWriter(options: report).write(result, to: folder)) != nil else { return check(false, "the report failed") }
        let charts = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/charts")) ?? []
        for chart in charts where chart.hasSuffix(".svg") {
            let svg = (try? String(contentsOfFile: folder + "/charts/" + chart, encoding: .utf8)) ?? ""
            check(FuzzTarget.parses(svg, html: false), "the report's \(chart) is not well-formed XML")
        }
    }
}
