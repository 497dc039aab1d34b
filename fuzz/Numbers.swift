import Foundation
import RunReport

/// The `numbers` target: the fuzzer's bytes as a run of extreme numbers (iterations and
/// timestamps anywhere in Int64, values any Double bit pattern) through the histogram with every
/// key and several sample counts, the summaries, smoothing, the line chart (linear and log y),
/// AxisTicks, the time text, the exports, and, when the first byte asks, a dump of them through
/// the scan and a whole report. Nothing may trap or loop; what is checked is what must hold
/// whatever the numbers.
///
/// Layout: byte 0 the options (bit 0 the dump and report, bits 1-2 the smoothing, bits 4-7 a tick
/// count); then records of 25 bytes: iteration, timestamp and the value's bits (8 bytes each,
/// little-endian), and a byte of flags (bits 0-1 the metric, bit 2 no timestamp, bit 3 a log line
/// at the same time, bit 4 the timestamp written with a fraction in the dump).
enum NumbersTarget {
    struct Record {
        let iteration: Int64
        let timestamp: Int64?
        let value: Double
        let metric: String
        let flags: UInt8
    }

    struct Options {
        let report: Bool
        let smoothing: Double
        let tickCount: Int

        init(_ byte: UInt8) {
            report = byte & 1 != 0
            smoothing = [0, 0.6, 0.9, 0.999][Int(byte >> 1 & 3)]
            tickCount = Int(byte >> 4)
        }
    }

    static let recordSize = 25
    static let maxRecords = 1024

    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let options = Options(first)
        let records = Self.records(bytes.dropFirst())
        guard !records.isEmpty else { return }
        let run = Self.run(of: records)
        let histograms = checkHistograms(run)
        NumbersDrawing.checkCharts(run, histograms, options: options)
        NumbersDrawing.checkTicks(records, options: options)
        NumbersDrawing.checkTimeText(records)
        if options.report { NumbersDrawing.checkDumpAndReport(records, options: options) }
    }

    static func records(_ bytes: ArraySlice<UInt8>) -> [Record] {
        var records: [Record] = []
        var offset = bytes.startIndex
        func word(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        while offset + recordSize <= bytes.endIndex && records.count < maxRecords {
            let flags = bytes[offset + 24]
            records.append(Record(iteration: Int64(bitPattern: word(offset)),
                                  timestamp: flags & 4 != 0 ? nil : Int64(bitPattern: word(offset + 8)),
                                  value: Double(bitPattern: word(offset + 16)), metric: "m\(flags & 3)", flags: flags))
            offset += recordSize
        }
        return records
    }

    /// The run the records make, as the run builder would make it.
    static func run(of records: [Record]) -> Run {
        var run = Run(id: "fuzz")
        for record in records {
            run.series[SeriesKey(metric: record.metric, variant: "v"), default: ScalarSeries()]
                .append(iteration: record.iteration, timestamp: record.timestamp, value: record.value)
            if record.iteration != Run.singleValueIteration {
                let i = record.iteration
                run.iterations = run.iterations.map { min($0.lowerBound, i)...max($0.upperBound, i) } ?? i...i
            }
            if let t = record.timestamp {
                run.timestamps = run.timestamps.map { min($0.lowerBound, t)...max($0.upperBound, t) } ?? t...t
            }
        }
        return run
    }

    /// `value` within `low ... high`, give or take the rounding of a mean.
    static func within(_ value: Double, _ low: Double, _ high: Double) -> Bool {
        let slack = max(abs(low), abs(high)) * 1e-9 + 1e-300
        return value >= low - slack && value <= high + slack
    }

    /// Buckets in ascending x, no more than the samples allow, each average between its extremes;
    /// summaries the same made either way, their mean between min and max. Returns the
    /// histograms by key and samples, for the charts.
    static func checkHistograms(_ run: Run) -> [String: ScalarHistogram] {
        var made: [String: ScalarHistogram] = [:]
        for key in ScalarKey.allCases {
            for samples in [0, 1, 3, 2000] {
                let histogram = ScalarHistogram(run: run, key: key, samples: samples)
                made["\(key.rawValue) \(samples)"] = histogram
                for (seriesKey, series) in histogram.series {
                    check(series.x.count == series.y.count, "x and y differ in length")
                    check(series.interval >= 1, "interval \(series.interval)")
                    check(zip(series.x, series.x.dropFirst()).allSatisfy { $0 < $1 }, "bucket keys not ascending")
                    // samples + 1 buckets at most, aligned to 0; an interval held at Int64.max (a
                    // span of 2^64 with one or two samples) leaves up to two more.
                    if samples > 0 { check(series.x.count <= samples + 3, "\(series.x.count) buckets for \(samples) samples") }
                    check(series.low.isEmpty || (series.low.count == series.x.count && series.high.count == series.x.count),
                          "envelope length")
                    for i in series.low.indices where series.low[i].isFinite {
                        check(series.y[i].isFinite, "a bucket of finite values averaged to \(series.y[i])")
                        check(within(series.y[i], series.low[i], series.high[i]),
                              "average \(series.y[i]) outside \(series.low[i]) … \(series.high[i])")
                    }
                    // ±∞ only for a bucket of that infinity alone (no finite value: no envelope).
                    for i in series.y.indices where series.y[i].isInfinite {
                        check(series.low.isEmpty || !series.low[i].isFinite, "an infinite average of finite values")
                    }
                    guard samples == 0, key == .iter, let source = run.series[seriesKey] else { continue }
                    checkSummary(histogram.summary(of: seriesKey, in: run), SeriesSummary(source))
                }
            }
        }
        return made
    }

    static func checkSummary(_ made: SeriesSummary?, _ summary: SeriesSummary) {
        if let made {
            let bits = { (s: SeriesSummary) in [s.meanValue, s.minValue, s.maxValue, s.last100Value, s.firstValue, s.lastValue].map(\.bitPattern) }
            check(bits(made) == bits(summary) && made.count == summary.count, "the histogram's summary differs from the series'")
        }
        guard summary.minValue.isFinite else { return }
        check(summary.minValue <= summary.maxValue, "min above max")
        check(summary.meanValue.isFinite && within(summary.meanValue, summary.minValue, summary.maxValue),
              "mean \(summary.meanValue) outside \(summary.minValue) … \(summary.maxValue)")
        check(summary.last100Value.isNaN || within(summary.last100Value, summary.minValue, summary.maxValue),
              "last_100_value \(summary.last100Value)")
    }
}
