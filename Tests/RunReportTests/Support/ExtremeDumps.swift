import Foundation
@testable import RunReport
import XCTest

/// Dumps of extreme numbers for the tests of rule 3 ("arithmetic on input never traps"), and
/// what a drawn chart's SVG says about its geometry.
enum ExtremeDumps {
    /// One ClearML scalar event; `timestamp` and `value` as JSON text (`1700000000000.7`, `5e-324`).
    static func scalar(iter: Int64, timestamp: String, value: String, metric: String = "m", variant: String = "v") -> String {
        "{\"type\":\"training_stats_scalar\",\"task\":\"t\",\"iter\":\(iter),\"timestamp\":\(timestamp),"
            + "\"metric\":\"\(metric)\",\"variant\":\"\(variant)\",\"value\":\(value)}"
    }

    static func log(timestamp: Int64, message: String) -> String {
        "{\"type\":\"log\",\"task\":\"t\",\"timestamp\":\(timestamp),\"level\":\"info\",\"worker\":\"w\",\"msg\":\"\(message)\"}"
    }

    /// Events at both ends of Int64 (and two ordinary ones between), log lines too.
    static let int64Ends = [
        scalar(iter: 0, timestamp: "\(Int64.min)", value: "1"),
        scalar(iter: 1, timestamp: "1700000000000", value: "2"),
        scalar(iter: 2, timestamp: "1700000001000", value: "4"),
        scalar(iter: 3, timestamp: "\(Int64.max)", value: "8"),
        log(timestamp: Int64.min + 1, message: "first"),
        log(timestamp: Int64.max, message: "last"),
    ]

    /// Iterations 0 … 999 (value = iteration) and Int64.max (value 5000) in one series.
    static let iterationEnds = (0..<1000).map { scalar(iter: Int64($0), timestamp: "\(1_700_000_000_000 + $0)", value: "\($0)") }
        + [scalar(iter: Int64.max, timestamp: "1700000001000", value: "5000")]

    /// ±1e308 (a mean whose plain sum overflows) in one series, subnormals in another.
    static let hugeAndTiny = [
        scalar(iter: 0, timestamp: "1700000000000", value: "1e308"),
        scalar(iter: 1, timestamp: "1700000001000", value: "1e308"),
        scalar(iter: 2, timestamp: "1700000002000", value: "-1e308"),
        scalar(iter: 3, timestamp: "1700000003000", value: "1e308"),
        scalar(iter: 0, timestamp: "1700000000000", value: "5e-324", metric: "tiny"),
        scalar(iter: 1, timestamp: "1700000001000", value: "1e-320", metric: "tiny"),
        scalar(iter: 2, timestamp: "1700000002000", value: "1e-310", metric: "tiny"),
        scalar(iter: 3, timestamp: "1700000003000", value: "1", metric: "tiny"),
    ]

    /// One point; and a series of one x at three iterations (zero width by time).
    static let degenerate = [
        scalar(iter: 7, timestamp: "1700000000000", value: "3", metric: "one"),
        scalar(iter: 0, timestamp: "1700000000000", value: "1", metric: "flat"),
        scalar(iter: 1, timestamp: "1700000000000", value: "1", metric: "flat"),
        scalar(iter: 2, timestamp: "1700000000000", value: "1", metric: "flat"),
    ]

    /// Fractional milliseconds: floored.
    static let fractional = [
        scalar(iter: 0, timestamp: "1700000000000.7", value: "1"),
        scalar(iter: 1, timestamp: "1700000000999.999", value: "2"),
    ]

    static func write(_ lines: [String], _ name: String, in folder: TemporaryFolder) -> String {
        folder.write(name, lines.joined(separator: "\n") + "\n")
    }
}

/// A line chart's geometry read back from its SVG: the plot box (`data-plot`), the tick labels
/// and their positions, the series' path coordinates.
struct ChartGeometry {
    var left = 0.0, top = 0.0, width = 0.0, height = 0.0
    /// y tick labels (text-anchor end) with their y; x tick labels (under the plot) with their x.
    var yTicks: [(label: String, y: Double)] = []
    var xTicks: [(label: String, x: Double)] = []
    var points: [(x: Double, y: Double)] = []

    init(_ svg: String) throws {
        _ = try XMLStructure(svg)  // well-formed, or this throws
        let plot = try XCTUnwrap(Self.captures(#"data-plot="([^"]*)""#, in: svg).first?.first).split(separator: " ").compactMap { Double($0) }
        XCTAssertGreaterThanOrEqual(plot.count, 4)
        (left, top, width, height) = (plot[0], plot[1], plot[2], plot[3])
        for match in Self.captures(#"<text x="([^"]*)" y="([^"]*)" text-anchor="(end|middle)">([^<]*)</text>"#, in: svg) {
            guard let x = Double(match[0]), let y = Double(match[1]) else { continue }
            if match[2] == "end" { yTicks.append((match[3], y - 4)) }
            if match[2] == "middle" && y == top + height + 16 { xTicks.append((match[3], x)) }
        }
        for d in Self.captures(#"<path class="series"[^>]* d="([^"]*)""#, in: svg).map({ $0[0] }) {
            let numbers = d.split(whereSeparator: { $0 == "M" || $0 == "L" || $0 == " " }).compactMap { Double($0) }
            for pair in stride(from: 0, to: numbers.count - 1, by: 2) { points.append((numbers[pair], numbers[pair + 1])) }
        }
    }

    /// Ticks in order and inside the plot, every point inside the plot, within half a pixel.
    func assertSensible(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(yTicks.isEmpty, "\(name): y ticks", file: file, line: line)
        XCTAssertFalse(xTicks.isEmpty, "\(name): x ticks", file: file, line: line)
        let inside = { (value: Double, low: Double, size: Double) in value.isFinite && value >= low - 0.5 && value <= low + size + 0.5 }
        XCTAssertTrue(yTicks.allSatisfy { inside($0.y, top, height) }, "\(name): y ticks inside \(yTicks)", file: file, line: line)
        XCTAssertTrue(xTicks.allSatisfy { inside($0.x, left, width) }, "\(name): x ticks inside \(xTicks)", file: file, line: line)
        XCTAssertEqual(yTicks.map(\.y), yTicks.map(\.y).sorted(by: >), "\(name): y ticks rise up the plot", file: file, line: line)
        XCTAssertEqual(xTicks.map(\.x), xTicks.map(\.x).sorted(), "\(name): x ticks in order", file: file, line: line)
        XCTAssertTrue(yTicks.allSatisfy { !["NaN", "∞", "−∞"].contains($0.label) }, "\(name): finite y labels", file: file, line: line)
        XCTAssertTrue(points.allSatisfy { inside($0.x, left, width) && inside($0.y, top, height) },
                      "\(name): points inside the plot \(points)", file: file, line: line)
    }

    private static func captures(_ pattern: String, in text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }
}
