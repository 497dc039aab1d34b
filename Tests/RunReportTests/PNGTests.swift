import Foundation
@testable import RunReport
import XCTest

/// Charts rasterised by librsvg.
final class PNGTests: XCTestCase {
    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let word = { (at: Int) in bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }

    func testAChartBecomesAPNGAtTwiceItsSize() throws {
        var chart = LineChart(title: "loss <ü>", series: [.init(name: "train", x: [0, 1, 2], y: [3, 1, 2])])
        chart.width = 300
        chart.height = 200
        let png = try SVGRasterizer.png(svg: chart.svg(), scale: 2)
        XCTAssertEqual(png.width, 600)
        XCTAssertEqual(png.height, 400)
        XCTAssertEqual(Self.pngSize(png.bytes).map { [$0.0, $0.1] }, [600, 400])
        if let out = ProcessInfo.processInfo.environment["RUNREPORT_PNG_OUT"] {
            FileManager.default.createFile(atPath: out, contents: Data(png.bytes))
        }
    }

    func testSVGItCannotReadIsAnError() {
        XCTAssertThrowsError(try SVGRasterizer.png(svg: "<svg"))
    }

    func testRenderWritesAPNGBesideEverySVG() throws {
        let folder = TemporaryFolder()
        var options = ReportOptions()
        options.png = true
        try ReportWriter(options: options).write(RunLoader().load(paths: [samplePath("clearml/small")]), to: folder.path + "/r")
        let charts = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/r/charts").sorted()
        let svgs = charts.filter { $0.hasSuffix(".svg") }
        XCTAssertEqual(charts.filter { $0.hasSuffix(".png") }.count, svgs.count)
        let png = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/r/charts/scalar-0.png"))
        XCTAssertEqual(Self.pngSize(Array(png)).map { [$0.0, $0.1] }, [1120, 600], "the 560×300 chart at 2×")
    }
}
