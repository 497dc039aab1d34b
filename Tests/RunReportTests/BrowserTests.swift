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
        try runProgram(binary, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"] + arguments)
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
        // Swatches beside the rows that name a series are small SVGs of their own.
        let swatches = dom.components(separatedBy: "<svg class=\"swatch\"").count - 1
        XCTAssertEqual(page.elements.filter { $0 == "svg" }.count - swatches, 4 + 7, "4 scalar charts and 7 drawn plots (the eighth is a table)")
        XCTAssertTrue(dom.contains("<section id=\"console\""))
        let lineCharts = dom.components(separatedBy: "<svg").filter { $0.contains("data-plot=") && $0.contains("class=\"series\"") }.count
        XCTAssertGreaterThanOrEqual(lineCharts, 4)
        XCTAssertEqual(dom.components(separatedBy: "data-hover=\"ready\"").count - 1,
                       dom.components(separatedBy: "data-plot=").count - 1,
                       "the page's script ran under its CSP hash and readied every line chart for hover")
        // JavaScript off: headless Chromium's switches for it stop --dump-dom as well, so the
        // page's policy is made to allow no script at all, which is what a reader without
        // JavaScript gets.
        let html = try String(contentsOfFile: report + "/index.html", encoding: .utf8)
        let policy = try XCTUnwrap(html.range(of: #"script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;"#, options: .regularExpression))
        try html.replacingCharacters(in: policy, with: "script-src &#39;none&#39;")
            .write(toFile: report + "/no-script.html", atomically: true, encoding: .utf8)
        let noScript = "file://" + report + "/no-script.html"
        let still = try run(chromium, ["--dump-dom", noScript])
        XCTAssertFalse(still.contains("data-hover=\"ready\""), "without JavaScript nothing is added")
        XCTAssertEqual(try XMLStructure(still, html: true).elements.filter { $0 == "svg" }.count - swatches, 4 + 7, "and every chart is there")
        // With JavaScript on and off: a screenshot of each.
        for (name, page) in [("on", url), ("off", noScript)] {
            let shot = folder.path + "/shot-\(name).png"
            _ = try run(chromium, ["--window-size=1200,2000", "--screenshot=" + shot, page])
            let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 50_000, "a screenshot with something on it, JavaScript \(name)")
        }
    }

    func testTheArchiveIndexSortsAndFiltersInChromium() throws {
        guard let chromium else { throw XCTSkip("chromium is not installed") }
        let folder = TemporaryFolder()
        _ = try ArchiveBuilder().build(paths: [samplePath("clearml/sweep")], into: folder.path + "/site")
        let dom = try run(chromium, ["--dump-dom", "file://" + folder.path + "/site/index.html"])
        XCTAssertTrue(dom.contains("class=\"filter\""), "the index's script ran under its CSP hash and added the filter")
        XCTAssertTrue(dom.contains("role=\"button\""), "and made the headers sort")
        XCTAssertEqual(try XMLStructure(dom, html: true).rows.count, 4)
    }
}
