@testable import RunReport
import Foundation
import XCTest

/// Smoothing, M4 downsampling and axis ticks, against hand-computed values.
final class ChartMathTests: XCTestCase {
    func testDebiasedEMAByHand() {
        // w = 0.5: last 0.5, 1.75, 3.375 (…); debiased by 1 − 0.5ⁿ: 1, 2.333…, 3.857…
        let smoothed = Smoothing.debiasedEMA([1, 3, 5], weight: 0.5)
        XCTAssertEqual(smoothed[0], 1, accuracy: 1e-12)
        XCTAssertEqual(smoothed[1], 1.75 / 0.75, accuracy: 1e-12)
        XCTAssertEqual(smoothed[2], 3.375 / 0.875, accuracy: 1e-12)
        XCTAssertEqual(Smoothing.debiasedEMA([1, 3, 5], weight: 0), [1, 3, 5])
    }

    func testEMAPassesNonFiniteValuesAndConstantSeries() {
        let smoothed = Smoothing.debiasedEMA([2, .nan, 4], weight: 0.5)
        XCTAssertEqual(smoothed[0], 2)
        XCTAssertTrue(smoothed[1].isNaN)
        XCTAssertEqual(smoothed[2], (2 * 0.5 * 0.5 + 0.5 * 4) / 0.75, accuracy: 1e-12)  // NaN did not move it
        XCTAssertEqual(Smoothing.debiasedEMA([7, 7, 7], weight: 0.9), [7, 7, 7])
    }

    func testM4KeepsTheSpike() {
        let x = (0..<10_000).map(Double.init)
        var y = x.map { _ in 1.0 }
        y[5_123] = 1_000
        y[7_777] = -50
        y[9_000] = .nan
        let kept = M4.indices(x: x, y: y, columns: 100)
        XCTAssertLessThanOrEqual(kept.count, 4 * 100 + 1)
        XCTAssertTrue(kept.contains(5_123))
        XCTAssertTrue(kept.contains(7_777))
        XCTAssertTrue(kept.contains(9_000))
        XCTAssertEqual(kept.first, 0)
        XCTAssertEqual(kept.last, 9_999)
        XCTAssertEqual(kept, kept.sorted())
        XCTAssertEqual(M4.indices(x: [0, 1, 2], y: [1, 2, 3], columns: 100), [0, 1, 2])
    }

    /// Each column's first, last, extremes and non-finite points, by a Set as M4 kept them first.
    private func m4BySets(x: [Double], y: [Double], columns: Int) -> [Int] {
        guard let low = x.first, let high = x.last, x.count > 4 * columns, high > low else { return Array(x.indices) }
        let scale = Double(columns) / (high - low)
        var kept: [Int] = [], start = 0
        while start < x.count {
            let column = min(columns - 1, Int((x[start] - low) * scale))
            var end = start + 1
            while end < x.count && min(columns - 1, Int((x[end] - low) * scale)) == column { end += 1 }
            let finite = (start..<end).filter { y[$0].isFinite }
            var keep = Set([start, end - 1])
            if let minimum = finite.min(by: { y[$0] < y[$1] }) { keep.insert(minimum) }
            if let maximum = finite.max(by: { y[$0] < y[$1] }) { keep.insert(maximum) }
            for i in start..<end where !y[i].isFinite { keep.insert(i) }
            kept += keep.sorted()
            start = end
        }
        return kept
    }

    func testM4KeepsWhatASetOfEachColumnKept() {
        var random = SplitMix(seed: 3)
        for trial in 0..<200 {
            let count = 50 + Int(random.next() % 3_000)
            var position = 0.0
            let x = (0..<count).map { _ -> Double in
                position += Double(random.next() % 4)  // repeated x too
                return position
            }
            let y = (0..<count).map { _ -> Double in
                let roll = random.next() % 50
                return roll == 0 ? .nan : roll == 1 ? .infinity : Double(random.next() % 7)  // ties for the extremes
            }
            let columns = 1 + Int(random.next() % 200)
            XCTAssertEqual(M4.indices(x: x, y: y, columns: columns), m4BySets(x: x, y: y, columns: columns), "trial \(trial)")
        }
    }

    /// NumberText.of as it was written before it appended bytes.
    private func numberTextAsBefore(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return String(format: "%.6g", value) }
        var e = 0.0, m = magnitude.isZero ? 1 : magnitude
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        var scale = 1.0
        for _ in 0..<max(0, 5 - Int(e)) { scale *= 10 }
        var text = String((value * scale).rounded() / scale)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    func testNumberTextReadsAsBefore() {
        var random = SplitMix(seed: 5)
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 1e-4, 9.99999e-5, 1e6, 999_999.5, 1e15, -1e15, 123.456, .nan, .infinity, -.infinity]
        for _ in 0..<20_000 {
            let mantissa = Double(random.next() % 2_000_000_001) / 1e9 - 1
            values.append(mantissa * pow(10, Double(Int(random.next() % 24) - 12)))
        }
        for value in values {
            XCTAssertEqual(NumberText.of(value), numberTextAsBefore(value), "\(value)")
            var bytes: [UInt8] = Array("x".utf8)
            NumberText.append(value, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "x" + numberTextAsBefore(value), "appended after other bytes: \(value)")
        }
    }

    func testLinearTicks() {
        XCTAssertEqual(AxisTicks.niceStep(0.23), 0.2)
        XCTAssertEqual(AxisTicks.niceStep(0.25), 0.2)
        XCTAssertEqual(AxisTicks.niceStep(1.5), 2)
        XCTAssertEqual(AxisTicks.niceStep(4), 5)
        XCTAssertEqual(AxisTicks.niceStep(8), 10)
        XCTAssertEqual(AxisTicks.linear(low: 0, high: 1, count: 5), [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(AxisTicks.linear(low: 0.013, high: 2.31, count: 5), [0, 0.5, 1, 1.5, 2, 2.5])
        XCTAssertEqual(AxisTicks.linear(low: -3, high: 2999, count: 5), [-1000, 0, 1000, 2000, 3000])
        XCTAssertEqual(AxisTicks.linear(low: 0.1, high: 0.3, count: 3), [0.1, 0.2, 0.3])
        XCTAssertEqual(AxisTicks.linear(low: 5, high: 5, count: 3), [4.5, 5, 5.5])
        XCTAssertEqual(AxisTicks.linear(low: .nan, high: 1), [])
    }

    func testLogAndTimeTicks() {
        XCTAssertEqual(AxisTicks.logarithmic(low: 0.03, high: 250), [0.01, 0.1, 1, 10, 100, 1000])
        let (ticks, step) = AxisTicks.time(low: 1_795_357_331_768, high: 1_795_357_331_768 + 3 * 3_600_000, count: 5)
        XCTAssertEqual(step, 3_600_000)
        XCTAssertEqual(ticks.map { ISOTime.strictDateTime(milliseconds: $0) },
                       ["2026-11-22T15:00:00.000Z", "2026-11-22T16:00:00.000Z", "2026-11-22T17:00:00.000Z"])
    }
}

/// Numbers as the page and the charts write them.
final class NumberTextTests: XCTestCase {
    func testSixSignificantDigitsAndNames() {
        XCTAssertEqual(NumberText.of(0.9540019018863829), "0.954002")
        XCTAssertEqual(NumberText.of(52410), "52410")
        XCTAssertEqual(NumberText.of(2.741556527352529e-08), "2.74156e-08")
        XCTAssertEqual(NumberText.of(123_456_789.5), "1.23457e+08")
        XCTAssertEqual(NumberText.of(.nan), "NaN")
        XCTAssertEqual(NumberText.of(-.infinity), "−∞")
        XCTAssertEqual(NumberText.of(0.00001), "1e-05")
        // Rounded to six significant digits, then trailing zeros and a bare point dropped.
        XCTAssertEqual(NumberText.of(2.0000004), "2")
        XCTAssertEqual(NumberText.of(100.00001), "100")
        XCTAssertEqual(NumberText.of(-1.25), "-1.25")
        XCTAssertEqual(NumberText.of(0.00012345), "0.00012345")
    }

    func testPathCoordinatesInTwoDecimalsWithoutTrailingZeros() {
        let cases: [(Double, String)] = [(12, "12"), (12.5, "12.5"), (12.05, "12.05"), (12.25, "12.25"), (0, "0"),
                                         (-0.5, "-0.5"), (-0.001, "0"), (-1, "-1"), (-1.25, "-1.25"), (1234567.891, "1234567.89"),
                                         (0.004, "0"), (0.006, "0.01"), (1e16, "0"), (.nan, "0"), (-.infinity, "0")]
        for (value, text) in cases { XCTAssertEqual(PathData.coordinate(value), text, "\(value)") }
        var path = PathData()
        path.point(UInt8(ascii: "M"), 1, 2.5)
        path.point(UInt8(ascii: "L"), -3.75, 40)
        path.close()
        XCTAssertEqual(path.text, "M1 2.5L-3.75 40Z")
    }
}
