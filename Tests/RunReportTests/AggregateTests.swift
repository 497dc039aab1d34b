@testable import RunReport
import XCTest

/// Histograms and summaries against hand-computed values.
final class AggregateTests: XCTestCase {
    private func run(_ series: [String: [ScalarPoint]]) -> Run {
        var run = Run(id: "t")
        for (name, points) in series { run.series[SeriesKey(metric: "m", variant: name)] = ScalarSeries(points) }
        return run
    }

    private func points(_ pairs: [(Int64, Double)], time: (Int64) -> Int64? = { 1_000_000 + $0 }) -> [ScalarPoint] {
        pairs.map { ScalarPoint(iteration: $0.0, timestamp: time($0.0), value: $0.1) }
    }

    private func histogram(_ run: Run, _ variant: String = "v", key: ScalarKey = .iter, samples: Int) -> HistogramSeries {
        ScalarHistogram(run: run, key: key, samples: samples).series[SeriesKey(metric: "m", variant: variant)]!
    }

    func testOnePoint() {
        let h = histogram(run(["v": points([(7, 2.5)])]), samples: 2000)
        XCTAssertEqual(h.x, [7])
        XCTAssertEqual(h.y, [2.5])
    }

    func testSamplesLargerThanTheCountKeepEveryPoint() {
        let h = histogram(run(["v": points((0..<10).map { (Int64($0 * 3), Double($0)) })]), samples: 11)
        XCTAssertEqual(h.interval, 1)
        XCTAssertEqual(h.x, [0, 3, 6, 9, 12, 15, 18, 21, 24, 27])
        XCTAssertEqual(h.y, (0..<10).map(Double.init))
    }

    func testALaterEventAtTheSameIterationReplacesTheEarlier() {
        let h = histogram(run(["v": points([(5, 1), (5, 2), (6, 10), (5, 3)])]), samples: 2000)
        XCTAssertEqual(h.x, [5, 6])
        XCTAssertEqual(h.y, [3, 10])
    }

    func testAllPointsAtOneTimeAreOneBucket() {
        let h = histogram(run(["v": points([(1, 1), (2, 2), (3, 6)], time: { _ in 42 })]), key: .timestamp, samples: 2)
        // count 3 ≥ 2: range 1, interval 1: one bucket at 42 averaging all three.
        XCTAssertEqual(h.x, [42])
        XCTAssertEqual(h.y, [3])
    }

    func testGapsLeaveNoEmptyBuckets() {
        let pairs = (0..<10).map { (Int64($0), Double($0)) } + (1000..<1010).map { (Int64($0), Double($0)) }
        let h = histogram(run(["v": points(pairs)]), samples: 5)
        // range 1010, interval ceil(1010 / 5) = 202; keys floor(x / 202) * 202.
        XCTAssertEqual(h.interval, 202)
        XCTAssertEqual(h.x, [0, 808])
        XCTAssertEqual(h.y, [4.5, 1004.5])
    }

    func testDownsampledBucketsKeepTheirExtremes() {
        let h = histogram(run(["v": points([(0, 1), (1, 5), (2, .nan), (3, -2), (4, 7), (5, .nan)])]), samples: 3)
        // range 6, interval 2: buckets 0 {1, 5}, 2 {NaN, -2}, 4 {7, NaN}.
        XCTAssertEqual(h.x, [0, 2, 4])
        XCTAssertEqual(h.y, [3, -2, 7])
        XCTAssertEqual(h.low, [1, -2, 7])
        XCTAssertEqual(h.high, [5, -2, 7])
        let kept = histogram(run(["v": points([(0, 1), (1, 5)])]), samples: 2000)
        XCTAssertEqual(kept.low, [], "no envelope when every bucket is one point")
    }

    func testNegativeIterationsFloorTowardsMinusInfinity() {
        let h = histogram(run(["v": points((-5..<5).map { (Int64($0), Double($0)) })]), samples: 3)
        // range 10, interval ceil(10 / 3) = 4: buckets -8 {-5}, -4 {-4…-1}, 0 {0…3}, 4 {4}.
        XCTAssertEqual(h.x, [-8, -4, 0, 4])
        XCTAssertEqual(h.y, [-5, -2.5, 1.5, 4])
    }

    func testSeriesOfCloseIntervalsShareTheLargest() {
        // a: 100 points over 0…99 → interval 10; b: over 0…109 → interval 11 ≤ 10 + int(1.0): one group.
        // c: over 0…119 → interval 12 > 11: a group of its own.
        let r = run(["a": points((0..<100).map { (Int64($0), 1) }),
                     "b": points((0..<110).map { (Int64($0), 1) }),
                     "c": points((0..<120).map { (Int64($0), 1) })])
        XCTAssertEqual(histogram(r, "a", samples: 10).interval, 11)
        XCTAssertEqual(histogram(r, "b", samples: 10).interval, 11)
        XCTAssertEqual(histogram(r, "c", samples: 10).interval, 12)
        XCTAssertEqual(histogram(r, "a", samples: 10).x, [0, 11, 22, 33, 44, 55, 66, 77, 88, 99])
    }

    func testGroupsCloseAtFiftySeriesAndAtSixThousandBuckets() {
        let many = ScalarHistogram.groups(Array(repeating: (interval: Int64(1), size: 10), count: 120))
        XCTAssertEqual(many.map(\.members.count), [50, 50, 20])
        let big = ScalarHistogram.groups([(1, 4000), (1, 2500), (1, 10)])
        XCTAssertEqual(big.map(\.members), [[0], [1, 2]])
    }

    func testNonFiniteValuesAreLeftOutOfAverages() {
        let h = histogram(run(["v": points([(0, 1), (1, .nan), (2, .infinity), (3, .nan)])]), samples: 2)
        // interval ceil(4 / 2) = 2: {0, 1} → 1; {2, 3} only non-finite → NaN (null in JSON).
        XCTAssertEqual(h.x, [0, 2])
        XCTAssertEqual(h.y[0], 1)
        XCTAssertTrue(h.y[1].isNaN)
    }

    func testSingleValuesAreNotInHistograms() {
        let r = run(["v": points([(Run.singleValueIteration, 9), (1, 1)])])
        XCTAssertEqual(histogram(r, samples: 2000).x, [1])
        XCTAssertEqual(SingleValue.of(r).map(\.value), [9])
    }

    func testTheLastSingleValueIsKeptAcrossAppendedParts() {
        var first = ScalarSeries(points([(Run.singleValueIteration, 1), (1, 5), (Run.singleValueIteration, 2)]))
        XCTAssertEqual(first.lastSingleValue?.value, 2)
        first.append(contentsOf: ScalarSeries(points([(2, 6)])))
        XCTAssertEqual(first.lastSingleValue?.value, 2, "a part without one keeps the earlier")
        first.append(contentsOf: ScalarSeries(points([(Run.singleValueIteration, 3)])))
        XCTAssertEqual(first.lastSingleValue?.value, 3, "a later part's wins")
        XCTAssertNil(ScalarSeries(points([(1, 1)])).lastSingleValue)
    }

    func testIsoTimeIsTheTimeBucketWrittenInUTC() throws {
        // Across the end of daylight saving time in New York (2026-11-01 06:00 UTC).
        let start: Int64 = 1_793_512_800_000 - 3_600_000
        let r = run(["v": points((0..<4).map { (Int64($0), Double($0)) }, time: { start + $0 * 3_600_000 })])
        let export = ScalarsExport(runs: [r], key: .isoTime, samples: 2000)
        let json = export.histogramJSON.serialized()
        XCTAssertTrue(json.contains(#""x":["2026-11-01T05:00:00.000Z","2026-11-01T06:00:00.000Z","2026-11-01T07:00:00.000Z","2026-11-01T08:00:00.000Z"]"#), json)
    }

    func testSummaryByHand() {
        let series = ScalarSeries(points([(3, 5), (1, 2), (2, -1), (2, 7), (4, .nan), (Run.singleValueIteration, 100)]))
        let s = SeriesSummary(series)
        XCTAssertEqual(s.count, 5)
        XCTAssertEqual(s.firstValue, 2)
        XCTAssertEqual(s.firstIteration, 1)
        XCTAssertTrue(s.lastValue.isNaN)
        XCTAssertEqual(s.lastIteration, 4)
        XCTAssertEqual(s.minValue, -1)
        XCTAssertEqual(s.minIteration, 2)
        XCTAssertEqual(s.maxValue, 7)
        XCTAssertEqual(s.maxIteration, 2)
        XCTAssertEqual(s.meanValue, (5 + 2 - 1 + 7) / 4)
        XCTAssertEqual(s.nonFiniteCount, 1)
        // Last 100 iterations after replacement: 1 → 2, 2 → 7, 3 → 5, 4 → NaN; finite mean (2 + 7 + 5) / 3.
        XCTAssertEqual(s.last100Value, 14.0 / 3)
    }

    func testSummaryAtTheEdgesOfIterationsAndValues() {
        let s = SeriesSummary(ScalarSeries(points([(Int64.max, 5), (3, 1), (3, 9), (4, -0.0), (5, 0.0), (6, -.infinity)], time: { _ in 7 })))
        XCTAssertEqual(s.count, 6)
        XCTAssertEqual(s.firstIteration, 3)
        XCTAssertEqual(s.firstValue, 1, "the earliest of the smallest iteration")
        XCTAssertEqual(s.lastIteration, Int64.max)
        XCTAssertEqual(s.lastValue, 5)
        XCTAssertEqual(s.minValue, -0.0)
        XCTAssertEqual(s.minValue.sign, .minus, "the first of equal extremes stays")
        XCTAssertEqual(s.minIteration, 4)
        XCTAssertEqual(s.maxValue, 9)
        XCTAssertEqual(s.maxIteration, 3)
        XCTAssertEqual(s.nonFiniteCount, 1)
        let empty = SeriesSummary(ScalarSeries(points([(Run.singleValueIteration, 1)])))
        XCTAssertEqual(empty.count, 0)
        XCTAssertEqual(empty.firstIteration, 0)
        XCTAssertTrue(empty.minValue.isNaN)
        XCTAssertNil(empty.minIteration)
    }

    func testCSVEscapesAndDefusesFormulas() {
        var csv = CSVWriter(header: ["a", "b"])
        csv.row([.text("=HYPERLINK(\"x\")"), .text("plain, with comma")])
        csv.row([.text("-1"), .number(-1.5)])
        XCTAssertEqual(csv.text, "a,b\r\n\"'=HYPERLINK(\"\"x\"\")\",\"plain, with comma\"\r\n'-1,-1.5\r\n")
    }
}
