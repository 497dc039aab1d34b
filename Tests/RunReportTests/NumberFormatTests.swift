import Foundation
@testable import RunReport
import XCTest

/// Issue 19: one number formatter for axes, tables and cards; labels never clipped; time axes
/// whose ticks follow the span.
final class NumberFormatTests: XCTestCase {
    /// A label read back as a number: SI suffixes and binary units multiplied out.
    private func value(_ label: String) -> Double? {
        let units: [(String, Double)] = [(" EiB", 1_152_921_504_606_846_976), (" PiB", 1_125_899_906_842_624), (" TiB", 1_099_511_627_776),
                                         (" GiB", 1_073_741_824), (" MiB", 1_048_576), (" KiB", 1024), (" B", 1),
                                         (" min", 60), (" ms", 1e-3), (" µs", 1e-6), (" h", 3600), (" d", 86_400), (" s", 1),
                                         ("E", 1e18), ("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3), ("%", 1)]
        for (suffix, scale) in units where label.hasSuffix(suffix) {
            return Double(label.dropLast(suffix.count)).map { $0 * scale }
        }
        return Double(label)
    }

    func testAxisLabelsAreShortDistinctAndReadBackAsTheirTicks() {
        let cases: [[Double]] = [[0, 5e9, 1e10, 1.5e10], [14_000_000_000, 14_000_000_100, 14_000_000_200],
                                 [0, 0.2, 0.4, 0.6], [0, 200_000, 400_000], [-3e-7, 0, 3e-7], [1e21, 2e21], [0.98, 0.99, 1]]
        for ticks in cases {
            let labels = NumberFormat.axisLabels(ticks)
            XCTAssertEqual(Set(labels).count, ticks.count, "distinct: \(labels)")
            let step = zip(ticks, ticks.dropFirst()).map { $1 - $0 }.min() ?? 1
            for (tick, label) in zip(ticks, labels) {
                XCTAssertLessThanOrEqual(label.count, 12, label)
                let back = value(label)
                XCTAssertNotNil(back, label)
                XCTAssertEqual(back ?? .nan, tick, accuracy: step / 2, "\(label) reads back as \(tick)")
            }
        }
        XCTAssertEqual(NumberFormat.axisLabels([0, 5e9, 1e10, 1.5e10]), ["0", "5G", "10G", "15G"])
        XCTAssertEqual(NumberFormat.axisLabels([0, 200_000, 400_000]), ["0", "200k", "400k"])
    }

    func testAChartOfBillionsKeepsItsLabelsWhole() throws {
        let chart = LineChart(title: "tokens", series: [LineChart.Series(name: "seen", x: [0, 1, 2], y: [0, 7e9, 1.4e10])])
        let svg = chart.svg()
        let geometry = try ChartGeometry(svg)
        XCTAssertEqual(geometry.yTicks.map(\.label), ["0", "5G", "10G", "15G"], "not \"0000000\"")
        for tick in geometry.yTicks {
            // The label ends 6 px left of the plot and is drawn 11 px high: at most ~6.6 px a character.
            XCTAssertGreaterThanOrEqual(geometry.left - 6 - 6.6 * Double(tick.label.count), 0, "\(tick.label) fits the margin")
        }
    }

    func testUnitsComeFromTheMetricsName() {
        XCTAssertEqual(MetricUnit(metric: "sys.ram.used"), .bytes)
        XCTAssertEqual(MetricUnit(metric: "sys.gpu.0.used_memory"), .bytes)
        XCTAssertEqual(MetricUnit(metric: "io/read_bytes"), .bytes)
        XCTAssertEqual(MetricUnit(metric: "sys.cpu.percent.avg"), .percent)
        XCTAssertEqual(MetricUnit(metric: "sys.gpu.0.gpu_utilization"), .percent)
        XCTAssertEqual(MetricUnit(metric: "epoch_time"), .seconds)
        XCTAssertEqual(MetricUnit(metric: "step_ms"), .milliseconds)
        XCTAssertEqual(MetricUnit(metric: "loss"), .plain)
        XCTAssertEqual(MetricUnit(metric: "timestamp_offset"), .plain)
        XCTAssertEqual(NumberFormat.text(1.5 * 1_073_741_824, unit: .bytes), "1.5 GiB")
        XCTAssertEqual(NumberFormat.text(512, unit: .bytes), "512 B")
        XCTAssertEqual(NumberFormat.text(90, unit: .seconds), "1.5 min")
        XCTAssertEqual(NumberFormat.text(0.25, unit: .seconds), "250 ms")
        XCTAssertEqual(NumberFormat.text(7200, unit: .seconds), "2 h")
        XCTAssertEqual(NumberFormat.text(250, unit: .milliseconds), "250 ms")
        XCTAssertEqual(NumberFormat.text(42.5, unit: .percent), "42.5%")
        XCTAssertEqual(NumberFormat.text(14_000_000_000), "14G")
        XCTAssertEqual(NumberFormat.text(1_234_567), "1.23457M")
        XCTAssertEqual(NumberFormat.text(123_456), "123.456k")
        XCTAssertEqual(NumberFormat.text(0.1234567), "0.123457")
        XCTAssertEqual(NumberFormat.text(.infinity), "∞")
        XCTAssertEqual(NumberFormat.text(-.infinity), "−∞")
        XCTAssertEqual(NumberFormat.text(.nan), "NaN")
    }

    func testTablesAndCardsUseTheUnits() throws {
        let folder = TemporaryFolder()
        let lines = (0..<5).map { ExtremeDumps.scalar(iter: Int64($0), timestamp: "\(1_700_000_000_000 + $0)", value: "\(Double($0 + 1) * 1_073_741_824)",
                                                       metric: "sys.ram.used", variant: "sys.ram.used") }
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        try ReportWriter().write(RunLoader().load(paths: [path]), to: folder.path + "/report")
        let html = try String(contentsOfFile: folder.path + "/report/index.html", encoding: .utf8)
        let page = try XMLStructure(html, html: true)
        XCTAssertTrue(page.rows.contains { $0.count == 7 && $0[1] == "5 GiB" && $0[2] == "1 GiB" }, "\(page.rows)")
        XCTAssertTrue(html.contains("<div class=\"name\">sys.ram.used</div><div class=\"value\">5 GiB</div>"),
                      "a card with its unit, named once (not \"sys.ram.used / sys.ram.used\")")
        let svg = try String(contentsOfFile: folder.path + "/report/charts/scalar-0.svg", encoding: .utf8)
        XCTAssertTrue(try ChartGeometry(svg).yTicks.allSatisfy { $0.label == "0 B" || $0.label.hasSuffix(" GiB") })
    }

    func testTimeTicksFollowTheSpan() throws {
        func labels(span: Double, from start: Double = 1_795_357_331_768) throws -> [String] {
            var chart = LineChart(title: "m", series: [LineChart.Series(name: "v", x: [start, start + span / 2, start + span], y: [1, 2, 3])])
            chart.xIsTime = true
            return try ChartGeometry(chart.svg()).xTicks.map(\.label)
        }
        let minute = try labels(span: 60_000)
        XCTAssertEqual(Set(minute).count, minute.count, "a one-minute run's ticks differ: \(minute)")
        XCTAssertTrue(minute.allSatisfy { $0.count == 8 && $0.filter { $0 == ":" }.count == 2 }, "hh:mm:ss \(minute)")
        let hours = try labels(span: 6 * 3_600_000)
        XCTAssertTrue(hours.allSatisfy { $0.count == 5 && $0.contains(":") }, "hh:mm within a day \(hours)")
        let days = try labels(span: 3 * 86_400_000)
        XCTAssertEqual(Set(days).count, days.count, "\(days)")
        XCTAssertTrue(days.allSatisfy { $0.contains("-") }, "the date across days \(days)")
        let weeks = try labels(span: 40 * 86_400_000)
        XCTAssertTrue(weeks.allSatisfy { $0.count == 5 && $0.contains("-") }, "month-day for weeks \(weeks)")
        // The sample's start is 2026-11-22: four months tick at the first of each month.
        let months = try labels(span: 120 * 86_400_000)
        XCTAssertEqual(months, ["2026-12", "2027-01", "2027-02", "2027-03"])
        let quarters = try labels(span: 400 * 86_400_000)
        XCTAssertEqual(quarters, ["2027-01", "2027-04", "2027-07", "2027-10"], "quarters for a year")
        let years = try labels(span: 1500 * 86_400_000)
        XCTAssertEqual(years, ["2027", "2028", "2029", "2030"], "years for years")
    }

    func testByteAndTimeAxesTickAtRoundNumbersOfTheirUnitAndNeverBelowZero() throws {
        let gib = 1_073_741_824.0
        var memory = LineChart(title: "sys.ram.used", series: [LineChart.Series(name: "v", x: [0, 1, 2], y: [6.5 * gib, 7 * gib, 7.7 * gib])])
        memory.unit = .bytes
        let labels = try ChartGeometry(memory.svg()).yTicks.map(\.label)
        XCTAssertTrue(labels.allSatisfy { $0.hasSuffix(" GiB") }, "\(labels)")
        let values = labels.compactMap { Double($0.dropLast(4)) }
        XCTAssertEqual(values.count, labels.count)
        let step = values[1] - values[0]
        XCTAssertTrue(zip(values, values.dropFirst()).allSatisfy { abs(($1 - $0) - step) < 1e-9 }, "\(labels)")
        XCTAssertTrue([0.1, 0.2, 0.5, 1, 2, 5].contains { abs($0 - step) < 1e-9 }, "a round step of GiB, not of bytes: \(labels)")
        var duration = LineChart(title: "process duration", series: [LineChart.Series(name: "v", x: [0], y: [0])])
        duration.unit = .seconds
        let times = try ChartGeometry(duration.svg()).yTicks.map(\.label)
        XCTAssertFalse(times.contains { $0.hasPrefix("-") }, "no negative duration: \(times)")
    }

    func testACometRunsSystemMetricsAreApartWithUnits() throws {
        let folder = TemporaryFolder()
        try ReportWriter().write(RunLoader().load(paths: [samplePath("comet/system.zip")]), to: folder.path + "/r")
        let html = try String(contentsOfFile: folder.path + "/r/index.html", encoding: .utf8)
        let keys = try XCTUnwrap(html.components(separatedBy: "<section id=\"key-numbers\">").dropFirst().first?.components(separatedBy: "</section>").first)
        let own = try XCTUnwrap(keys.components(separatedBy: "<h3>System</h3>").first)
        XCTAssertFalse(own.contains("sys."), "no system metric among the run's own key numbers")
        XCTAssertTrue(keys.contains("<div class=\"name\">sys.ram.used</div><div class=\"value\">7.68 GiB</div>"), keys)
        XCTAssertTrue(keys.contains("<div class=\"name\">sys.cpu.percent.avg</div><div class=\"value\">65.1825%</div>"))
        let system = try XCTUnwrap(html.components(separatedBy: "<section id=\"system-metrics\">").dropFirst().first?.components(separatedBy: "</section>").first)
        XCTAssertEqual(system.components(separatedBy: "<figure").count - 1, 6)
        let scalars = try XCTUnwrap(html.components(separatedBy: "<section id=\"scalars\">").dropFirst().first?.components(separatedBy: "</section>").first)
        XCTAssertFalse(scalars.contains("<h3>sys."))
    }
}
