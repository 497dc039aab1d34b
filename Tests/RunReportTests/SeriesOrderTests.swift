@testable import RunReport
import XCTest

/// The order a series keeps as its points come (ScalarSeries.Order), and what the histogram and
/// the summaries take from it instead of a pass: checked by hand, then against those passes.
final class SeriesOrderTests: XCTestCase {
    private let single = Run.singleValueIteration

    private func series(_ points: [(Int64, Int64?, Double)]) -> ScalarSeries {
        ScalarSeries(points.map { ScalarPoint(iteration: $0.0, timestamp: $0.1, value: $0.2) })
    }

    func testOrderByHand() {
        let rising = series([(1, 10, 1), (single, 5, 9), (2, 10, 2), (5, 11, 3)]).order
        XCTAssertEqual(rising.count, 3, "single values are not plain points")
        XCTAssertEqual(rising.first?.iteration, 1)
        XCTAssertEqual(rising.last?.iteration, 5)
        XCTAssertTrue(rising.iterationsRise)
        XCTAssertTrue(rising.timesRise, "a time equal to the one before still rises")

        let repeated = series([(1, 10, 1), (1, 11, 2)]).order
        XCTAssertFalse(repeated.iterationsRise)
        XCTAssertTrue(repeated.timesRise)

        let untimed = series([(1, 10, 1), (2, nil, 2), (3, 12, 3)]).order
        XCTAssertTrue(untimed.iterationsRise)
        XCTAssertFalse(untimed.timesRise)
        XCTAssertFalse(series([(1, nil, 1)]).order.timesRise)

        let timeFalls = series([(1, 10, 1), (2, 9, 2)]).order
        XCTAssertTrue(timeFalls.iterationsRise)
        XCTAssertFalse(timeFalls.timesRise)

        let onlySingle = series([(single, 1, 1)]).order
        XCTAssertEqual(onlySingle.count, 0)
        XCTAssertNil(onlySingle.first)
    }

    func testOrderOfSeriesJoinedFromParts() {
        func joined(_ a: [(Int64, Int64?, Double)], _ b: [(Int64, Int64?, Double)]) -> ScalarSeries.Order {
            var first = series(a)
            first.append(contentsOf: series(b))
            return first.order
        }
        let apart = joined([(1, 1, 0), (2, 2, 0)], [(3, 3, 0), (4, 4, 0)])
        XCTAssertTrue(apart.iterationsRise && apart.timesRise)
        XCTAssertEqual(apart.count, 4)
        XCTAssertEqual(apart.first?.iteration, 1)
        XCTAssertEqual(apart.last?.iteration, 4)
        XCTAssertFalse(joined([(1, 1, 0), (5, 2, 0)], [(3, 3, 0)]).iterationsRise, "the parts overlap")
        XCTAssertFalse(joined([(1, 1, 0), (2, 2, 0)], [(2, 3, 0)]).iterationsRise, "the same iteration at the seam")
        XCTAssertFalse(joined([(1, 5, 0)], [(2, 4, 0)]).timesRise, "time falls at the seam")
        XCTAssertTrue(joined([(1, 5, 0)], [(2, 5, 0)]).timesRise)
        XCTAssertFalse(joined([(1, nil, 0)], [(2, 5, 0)]).timesRise)
        XCTAssertEqual(joined([], [(7, 1, 0)]).first?.iteration, 7)
        XCTAssertEqual(joined([(7, 1, 0)], [(single, 1, 0)]).last?.iteration, 7)
        XCTAssertEqual(joined([(single, 1, 0)], [(3, 1, 0), (4, 2, 0)]).count, 2)
    }

    /// The pass `OrderedSeries` made before the order was kept, as it was written.
    private func orderedByPass(_ series: ScalarSeries, key: ScalarKey) -> (count: Int, first: Int64, last: Int64)? {
        var count = 0, first = Int64.min, lastX = Int64.min, lastIteration = Int64.min
        for point in series.points {
            guard point.iteration > Run.singleValueIteration else { continue }
            if count > 0 && point.iteration <= lastIteration { return nil }
            lastIteration = point.iteration
            var x = point.iteration
            if key != .iter {
                guard let time = point.timestamp else { return nil }
                x = time
                if count > 0 && x < lastX { return nil }
            }
            if count == 0 { first = x }
            lastX = x
            count += 1
        }
        return count > 0 ? (count, first, lastX) : nil
    }

    func testOrderedSeriesAgreesWithAPassOverThePoints() {
        var random = SplitMix(seed: 7)
        for trial in 0..<400 {
            let whole = randomSeries(&random, length: trial % 40, rising: trial % 3 != 0)
            // Joined from two parts, as a file read in parts is.
            let cut = whole.isEmpty ? 0 : Int(random.next() % UInt64(whole.count + 1))
            var joined = series(Array(whole[..<cut]))
            joined.append(contentsOf: series(Array(whole[cut...])))
            for candidate in [series(whole), joined] {
                for key in [ScalarKey.iter, .timestamp] {
                    let kept = OrderedSeries(candidate, key: key)
                    let passed = orderedByPass(candidate, key: key)
                    XCTAssertEqual(kept == nil, passed == nil, "trial \(trial), \(key): \(whole)")
                    if let kept, let passed {
                        XCTAssertEqual(kept.count, passed.count, "trial \(trial)")
                        XCTAssertEqual(kept.first, passed.first, "trial \(trial)")
                        XCTAssertEqual(kept.last, passed.last, "trial \(trial)")
                    }
                }
            }
        }
    }

    func testTheRisingSummaryIsTheGeneralOneToTheBit() {
        var random = SplitMix(seed: 11)
        // Around the ring of 100, a chunk of 4096, and iteration jumps that open a new chunk.
        for length in [1, 2, 99, 100, 101, 199, 200, 257, 4097, 9000] {
            for trial in 0..<3 {
                let points = series(randomSeries(&random, length: length, rising: true))
                XCTAssertTrue(points.order.iterationsRise)
                let lean = SeriesSummary(rising: points), general = SeriesSummary(anyOrder: points)
                let context = "length \(length), trial \(trial)"
                XCTAssertEqual(lean.count, general.count, context)
                XCTAssertEqual(lean.nonFiniteCount, general.nonFiniteCount, context)
                XCTAssertEqual(lean.firstIteration, general.firstIteration, context)
                XCTAssertEqual(lean.lastIteration, general.lastIteration, context)
                XCTAssertEqual(lean.lastTimestamp, general.lastTimestamp, context)
                XCTAssertEqual(lean.minIteration, general.minIteration, context)
                XCTAssertEqual(lean.maxIteration, general.maxIteration, context)
                for (a, b, name) in [(lean.firstValue, general.firstValue, "first"), (lean.lastValue, general.lastValue, "last"),
                                     (lean.minValue, general.minValue, "min"), (lean.maxValue, general.maxValue, "max"),
                                     (lean.meanValue, general.meanValue, "mean"), (lean.last100Value, general.last100Value, "last 100")] {
                    XCTAssertEqual(a.bitPattern, b.bitPattern, "\(name), \(context): \(a) against \(b)")
                }
            }
        }
    }

    func testTheHistogramsSummariesAreTheSeriesOwnToTheBit() {
        var random = SplitMix(seed: 13)
        for trial in 0..<60 {
            var run = Run(id: "t")
            for variant in 0..<3 {
                let rising = trial % 4 != 0 || variant != 0  // some series out of order: summarised apart
                let points = randomSeries(&random, length: [1, 150, 2_500, 9_000][(trial + variant) % 4], rising: rising)
                run.series[SeriesKey(metric: "m", variant: "v\(variant)")] = series(points)
            }
            for key in [ScalarKey.iter, .timestamp] {
                let histogram = ScalarHistogram(run: run, key: key, samples: 500)
                for (seriesKey, points) in run.series {
                    guard let made = histogram.summary(of: seriesKey, in: run) else { continue }
                    let own = SeriesSummary(points)
                    let context = "trial \(trial), \(key), \(seriesKey.variant)"
                    XCTAssertEqual(made.count, own.count, context)
                    XCTAssertEqual(made.nonFiniteCount, own.nonFiniteCount, context)
                    XCTAssertEqual([made.firstIteration, made.lastIteration], [own.firstIteration, own.lastIteration], context)
                    XCTAssertEqual([made.minIteration, made.maxIteration, made.lastTimestamp], [own.minIteration, own.maxIteration, own.lastTimestamp], context)
                    XCTAssertEqual([made.firstValue, made.lastValue, made.minValue, made.maxValue, made.meanValue, made.last100Value].map(\.bitPattern),
                                   [own.firstValue, own.lastValue, own.minValue, own.maxValue, own.meanValue, own.last100Value].map(\.bitPattern), context)
                }
                if key == .iter {
                    let rising = Set(run.series.filter { $0.value.order.iterationsRise && $0.value.order.count > 0 }.keys)
                    XCTAssertEqual(Set(histogram.summaries.keys), rising, "trial \(trial): rising series are summarised while bucketed")
                }
            }
        }
    }

    /// Points with non-finite values, single values, untimed points and large iteration jumps;
    /// with `rising`, plain iterations only rise.
    private func randomSeries(_ random: inout SplitMix, length: Int, rising: Bool) -> [(Int64, Int64?, Double)] {
        var iteration = Int64(random.next() % 5) - 2, time = Int64(1_700_000_000_000)
        return (0..<length).map { _ in
            let roll = random.next() % 100
            let value: Double = roll < 3 ? .nan : roll < 5 ? .infinity : roll < 6 ? -.infinity
                : Double(Int64(random.next() % 2_000_001) - 1_000_000) / 997
            if roll >= 97 { return (Run.singleValueIteration, time, value) }
            iteration += rising ? Int64(1 + random.next() % 3) : Int64(random.next() % 5) - 2
            if roll == 96 { iteration += 5_000_000_000 }  // past a chunk's 32-bit offsets
            time += Int64(random.next() % 7) - (rising ? 0 : 2)
            return (iteration, roll == 95 ? nil : time, value)
        }
    }
}
