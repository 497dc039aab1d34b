import Foundation
@testable import RunReport
import XCTest

/// The sample report in headless Chromium (Debian `chromium`), when it is installed: the page
/// loads with JavaScript on and off, the DOM holds every chart, and a screenshot is taken.
final class BrowserTests: XCTestCase {
    private var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    private func run(_ binary: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func testTheSampleReportInChromium() throws {
        guard let chromium else { throw XCTSkip("chromium is not installed") }
        let folder = TemporaryFolder()
        let report = folder.path + "/report"
        try ReportWriter().write(RunLoader().load(paths: [samplePath("clearml/small")]), to: report)
        let url = "file://" + report + "/index.html"
        let dom = try run(chromium, ["--dump-dom", url])
        XCTAssertGreaterThan(dom.utf8.count, 1000, "chromium printed the DOM")
        let page = try XMLStructure(dom, html: true)
        XCTAssertEqual(page.elements.filter { $0 == "svg" }.count, 4 + 7, "4 scalar charts and 7 drawn plots (the eighth is a table)")
        XCTAssertTrue(dom.contains("<section id=\"console\""))
        // With JavaScript off (the page has none, so it must read the same): a screenshot of it.
        for (name, flags) in [("on", [String]()), ("off", ["--disable-javascript"])] {
            let shot = folder.path + "/shot-\(name).png"
            _ = try run(chromium, flags + ["--window-size=1200,2000", "--screenshot=" + shot, url])
            let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size ?? 0, 50_000, "a screenshot with something on it, JavaScript \(name)")
        }
    }
}
