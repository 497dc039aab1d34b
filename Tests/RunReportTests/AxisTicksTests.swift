@testable import RunReport
import XCTest

/// AxisTicks on the numbers at the edges of Double and Int64: every loop ends, every tick is
/// finite, in order and around the data.
final class AxisTicksTests: XCTestCase {
    private func assertCovers(_ ticks: [Double], _ low: Double, _ high: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(ticks.isEmpty, file: file, line: line)
        XCTAssertTrue(ticks.allSatisfy(\.isFinite), "\(ticks)", file: file, line: line)
        XCTAssertEqual(ticks, ticks.sorted(), file: file, line: line)
        XCTAssertLessThanOrEqual(ticks.first ?? .nan, low, "\(ticks)", file: file, line: line)
        XCTAssertGreaterThanOrEqual(ticks.last ?? .nan, high, "\(ticks)", file: file, line: line)
    }

    /// `while tick > low { tick /= 10 }` reached 0 below a subnormal low, and the next loop,
    /// `while tick * 10 <= low`, never ended.
    func testLogTicksOfASubnormalEnd() {
        let ticks = AxisTicks.logarithmic(low: Double.leastNonzeroMagnitude, high: 1)
        assertCovers(ticks, Double.leastNonzeroMagnitude, 1)
        XCTAssertEqual(ticks.first, Double.leastNonzeroMagnitude, "the axis starts at the value: no power of ten lies below it")
        XCTAssertEqual(ticks.last, 1)
        XCTAssertLessThanOrEqual(ticks.count, 13, "324 decades, thinned")
        XCTAssertEqual(AxisTicks.logarithmic(low: Double.leastNonzeroMagnitude, high: 2024 * Double.leastNonzeroMagnitude),
                       [Double.leastNonzeroMagnitude, 2024 * Double.leastNonzeroMagnitude], "only subnormals: the ends")
        XCTAssertEqual(AxisTicks.logarithmic(low: 2.5e-308, high: 2.5e-308).count, 2)
        // Found by the numbers fuzzer: a subnormal above 1e-308 came before the decade 1e-308.
        let subnormal = Double("1.1473716121580866e-308")!
        XCTAssertEqual(AxisTicks.logarithmic(low: subnormal, high: 1e-306), [subnormal, 1e-307, 1e-306])
        // To the largest Double: no power of ten above it, the axis ends at the value.
        let top = AxisTicks.logarithmic(low: 1, high: .greatestFiniteMagnitude)
        assertCovers(top, 1, .greatestFiniteMagnitude)
        XCTAssertEqual(top.last, .greatestFiniteMagnitude)
        // Ordinary ranges as before, to the bit.
        XCTAssertEqual(AxisTicks.logarithmic(low: 0.03, high: 250), [0.01, 0.1, 1, 10, 100, 1000])
        assertCovers(AxisTicks.logarithmic(low: 1e-5, high: 1e5), 1e-5, 1e5)
    }

    /// ±1e308 in one plot: the span is past the largest Double (it was divided as +∞).
    func testLinearTicksOfPlusAndMinus1e308() {
        XCTAssertEqual(AxisTicks.linear(low: -1e308, high: 1e308), [-1e308, -5e307, 0, 5e307, 1e308])
        let most = Double.greatestFiniteMagnitude
        for (low, high) in [(-most, most), (-most, 0), (0, most), (most, most), (-most, -most), (1e308, 1e308), (1.7e308, most)] {
            for count in [0, 1, 2, 5, 6, 11] {
                assertCovers(AxisTicks.linear(low: low, high: high, count: count), low, high)
            }
        }
        // A single subnormal value: padded by 1e-300, not by 0.
        let tiny = AxisTicks.linear(low: Double.leastNonzeroMagnitude, high: Double.leastNonzeroMagnitude)
        assertCovers(tiny, Double.leastNonzeroMagnitude, Double.leastNonzeroMagnitude)
        XCTAssertGreaterThan(tiny.count, 2)
        assertCovers(AxisTicks.linear(low: Double.leastNonzeroMagnitude, high: 2024 * Double.leastNonzeroMagnitude),
                     Double.leastNonzeroMagnitude, 2024 * Double.leastNonzeroMagnitude)
        // Found by the numbers fuzzer: a subnormal step (9.88e-322 for 1e-321) put the ticks 1 % off the data.
        let (low, high) = (Double("6.95335579812123e-310")!, Double("6.953355807835e-310")!)
        XCTAssertEqual(AxisTicks.linear(low: low, high: high), [low, high])
        // Ordinary ranges as before.
        XCTAssertEqual(AxisTicks.linear(low: 0.013, high: 2.31, count: 5), [0, 0.5, 1, 1.5, 2, 2.5])
        XCTAssertEqual(AxisTicks.linear(low: 5, high: 5, count: 3), [4.5, 5, 5.5])
    }

    func testTimeTicksOverTheWholeOfInt64() {
        let cases: [(Int64, Int64)] = [(.min, .max), (.min, .min), (.max, .max), (.max - 1, .max), (.min, .min + 1),
                                       (.min, 0), (0, .max), (-1, 1), (.max - 604_800_000, .max)]
        for (low, high) in cases {
            for count in [Int.min, 0, 1, 2, 5, 1000] {
                let (ticks, step) = AxisTicks.time(low: low, high: high, count: count)
                XCTAssertGreaterThan(step, 0)
                XCTAssertEqual(ticks, ticks.sorted(), "\(low) \(high)")
                XCTAssertTrue(ticks.allSatisfy { $0 >= low && $0 <= high }, "\(low) \(high) \(ticks)")
                XCTAssertLessThanOrEqual(ticks.count, 1000)
                XCTAssertTrue(ticks.allSatisfy { $0 % step == 0 }, "aligned to the step")
            }
        }
        XCTAssertEqual(AxisTicks.time(low: .min, high: .max).ticks.count, 7)
        // Ordinary spans as before: three hours at 30-minute steps.
        let (ticks, step) = AxisTicks.time(low: 1_795_357_331_768, high: 1_795_357_331_768 + 3 * 3_600_000)
        XCTAssertEqual(step, 3_600_000)
        XCTAssertEqual(ticks.count, 3)
    }

    func testTimeTextAtTheEndsOfInt64() {
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: .max), "+292278994-08-17T07:12:55.807Z")
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: .min), "-292275055-05-16T16:47:04.192Z")
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: 253_402_300_800_000), "+10000-01-01T00:00:00.000Z")
        XCTAssertEqual(ISOTime.strictDateTime(milliseconds: -62_167_219_200_001), "-0001-12-31T23:59:59.999Z")
        XCTAssertEqual(TimeText.duration(milliseconds: .max), "106751991167 d 07 h")
        XCTAssertEqual(TimeText.duration(milliseconds: .min), "0 ms")
        XCTAssertEqual(TimeText.duration(milliseconds: 3_599_500), "1 h 00 min", "rounding as before")
        XCTAssertEqual(LineChart.timeLabel(.max, withYear: true), "+292278994-08-17")
        XCTAssertEqual(LineChart.timeLabel(1_795_357_331_768), "11-22 14:22")
        XCTAssertEqual(LineChart.timeLabel(1_795_357_331_768, step: 2000), "14:22:11")
        XCTAssertEqual(LineChart.timeLabel(1_795_357_331_768, step: 200), "14:22:11.768")
        var clock = AsctimeCache(), text: [UInt8] = []
        clock.append(.min + 1, into: &text)
        XCTAssertEqual(String(decoding: text, as: UTF8.self), "-292275055-05-16 16:47:04,193")
    }
}
