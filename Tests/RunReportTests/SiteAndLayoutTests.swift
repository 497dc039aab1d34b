import Foundation
@testable import RunReport
import XCTest

/// Issue 19's archive, index and layout items: pages link back to the index, the index's default
/// columns are different metrics and its sort puts empty cells last, many metrics are grouped
/// into an index of groups with counts, a relative time axis, print rules.
final class SiteAndLayoutTests: XCTestCase {
    private func card(_ values: [String: Double]) -> RunCard {
        var run = Run(id: UUID().uuidString)
        run.metadata = TaskMetadata()
        var card = RunCard(run: run, folder: "f")
        card.lastValues = values
        return card
    }

    func testTheDefaultColumnsAreDifferentMetrics() {
        let values = ["loss / train": 1.0, "loss / val": 1, "loss / test": 1, "loss / extra": 1, "accuracy / val": 0.5,
                      "lr / lr": 0.1, "sys.ram.used / sys.ram.used": 1]
        let columns = ArchiveIndex.keyColumns([card(values), card(values)], pattern: nil)
        XCTAssertEqual(columns.count, 4)
        XCTAssertEqual(Set(columns.map { $0.components(separatedBy: " / ")[0] }).count, 4, "\(columns)")
        XCTAssertEqual(columns.first, "loss / val", "a loss first, its validation series")
        XCTAssertTrue(columns.contains("accuracy / val"))
        XCTAssertFalse(columns.contains("sys.ram.used / sys.ram.used") && columns.count < 4)
    }

    func testArchivePagesLinkBackToTheIndex() throws {
        let folder = TemporaryFolder()
        let site = folder.path + "/site"
        _ = try ArchiveBuilder().build(paths: [samplePath("clearml/sweep")], into: site)
        let manifest = try ArchiveManifest.load(from: site)
        var pages = manifest.runs.values.map { site + "/runs/" + $0.folder + "/index.html" }
        pages += try FileManager.default.contentsOfDirectory(atPath: site + "/compare").map { site + "/compare/" + $0 + "/index.html" }
        XCTAssertEqual(pages.count, 4)
        for page in pages {
            let html = try String(contentsOfFile: page, encoding: .utf8)
            XCTAssertTrue(html.contains("<p class=\"note back\"><a href=\"../../index.html\">← All runs</a></p>"), page)
            XCTAssertTrue(FileManager.default.fileExists(atPath: URL(fileURLWithPath: page).deletingLastPathComponent()
                .appendingPathComponent("../../index.html").standardized.path))
        }
        let alone = folder.path + "/report"
        try ReportWriter().write(RunLoader().load(paths: [samplePath("clearml/small")]), to: alone)
        XCTAssertFalse(try String(contentsOfFile: alone + "/index.html", encoding: .utf8).contains("All runs"), "a report on its own has no index")
    }

    func testDescendingSortKeepsEmptyCellsLastAndTheHeaderSaysWhichWay() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("chromium is not installed")
        }
        let folder = TemporaryFolder()
        // The small run has no learning rate: an empty cell in that column.
        _ = try ArchiveBuilder().build(paths: [samplePath("clearml/sweep"), samplePath("clearml/small")], into: folder.path + "/site")
        var html = try String(contentsOfFile: folder.path + "/site/index.html", encoding: .utf8)
        let policy = try XCTUnwrap(html.range(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, options: .regularExpression))
        html.removeSubrange(policy)
        let probe = """
            <script>var th = Array.prototype.filter.call(document.querySelectorAll("#run-table th"), function (h) { return h.textContent === "learning rate / lr"; })[0];
            var column = Array.prototype.indexOf.call(th.parentNode.cells, th); th.click(); th.click();
            document.body.setAttribute("data-order", Array.prototype.map.call(document.querySelectorAll("#run-table tbody tr"), function (r) { return r.cells[column].getAttribute("data-sort"); }).join(","));
            document.body.setAttribute("data-sorted", th.getAttribute("aria-sort"));</script></body>
            """
        html = html.replacingOccurrences(of: "</body>", with: probe)
        try html.write(toFile: folder.path + "/site/probe.html", atomically: true, encoding: .utf8)
        let dom = try runProgram(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom", "file://" + folder.path + "/site/probe.html"])
        let order = try XCTUnwrap(dom.components(separatedBy: "data-order=\"").dropFirst().first?.prefix { $0 != "\"" }).split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(order.count, 4)
        XCTAssertEqual(order.last, "", "the run without the metric last, descending too: \(order)")
        let numbers = order.dropLast().compactMap { Double($0) }
        XCTAssertEqual(numbers, numbers.sorted(by: >), "descending")
        XCTAssertTrue(dom.contains("data-sorted=\"descending\""))
    }

    func testManyMetricsAreGroupedWithCountsAndNoGroupIsHuge() {
        let charts = (0..<230).map { ReportPage.Chart(title: "train/metric_with_a_long_name_\($0)", anchor: "scalar-\($0)", svg: "", rows: []) }
        let groups = ReportBuilder.groups(of: charts)
        XCTAssertGreaterThan(groups.count, 1)
        XCTAssertTrue(groups.allSatisfy { $0.grouped && $0.count <= 60 }, "\(groups.map(\.count))")
        XCTAssertEqual(groups.map(\.count).reduce(0, +), 230)
        XCTAssertEqual(groups.flatMap(\.links).count, 230, "every chart linked from the index")
        XCTAssertEqual(groups.first?.name, "train/metric (1/6)")
    }

    func testThousandsOfMetricsWithoutASharedPrefixAreGroupsOfForty() {
        let names = (0..<3000).map { "m\($0)" }
        let parts = ChartGrouping.groups(names)
        XCTAssertEqual(parts?.count, 75, "groups of 40 in name order, not 3,000 groups of one")
        XCTAssertTrue(parts?.allSatisfy { $0.members.count == 40 } ?? false)
        XCTAssertEqual(Set(parts?.flatMap(\.members) ?? []).count, 3000)
        XCTAssertEqual(parts?.first?.name, "m0 … m1032")
        let words = ChartGrouping.groups((0..<100).map { ["train", "val", "test"][$0 % 3] + "_metric\($0)" })
        XCTAssertEqual(words?.map(\.name), ["train", "val", "test"], "by first word when that gives few groups")
    }

    func testAGroupedIndexIsFoldedListsWithCounts() throws {
        let folder = TemporaryFolder()
        var lines: [String] = []
        for group in ["train", "val", "grad"] {
            for i in 0..<10 { lines.append(ExtremeDumps.scalar(iter: 0, timestamp: "1700000000000", value: "1", metric: "\(group)/m\(i)")) }
        }
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        try ReportWriter().write(RunLoader().load(paths: [path]), to: folder.path + "/report")
        let html = try String(contentsOfFile: folder.path + "/report/index.html", encoding: .utf8)
        let nav = try XCTUnwrap(html.components(separatedBy: "<nav class=\"index\" aria-label=\"Metrics\">").dropFirst().first?.components(separatedBy: "</nav>").first)
        XCTAssertEqual(nav.components(separatedBy: "<details class=\"index-group\">").count - 1, 3)
        XCTAssertTrue(nav.contains("<summary><a class=\"group\" href=\"#group-0\">grad</a> <span class=\"note\">10</span></summary>"), nav)
        XCTAssertEqual(nav.components(separatedBy: "<a href=\"#scalar-").count - 1, 30, "every metric one click away, without script")
    }

    func testARelativeTimeAxisCountsFromTheRunsStart() throws {
        let folder = TemporaryFolder()
        let outcome = try runCLI(["render", samplePath("clearml/sweep/run-1.zip"), "--x-axis", "relative", "-o", folder.path + "/r", "--quiet"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let svg = try String(contentsOfFile: folder.path + "/r/charts/scalar-0.svg", encoding: .utf8)
        let geometry = try ChartGeometry(svg)
        XCTAssertFalse(geometry.xTicks.isEmpty)
        XCTAssertTrue(geometry.xTicks.allSatisfy { $0.label.hasSuffix(" s") || $0.label.hasSuffix(" min") || $0.label == "0 s" }, "\(geometry.xTicks)")
        XCTAssertTrue(svg.contains("time since the run&#39;s start"))
        XCTAssertTrue(svg.contains("data-duration=\"1\""))
        let plot = try XCTUnwrap(svg.components(separatedBy: "data-plot=\"").dropFirst().first?.prefix { $0 != "\"" }).split(separator: " ")
        XCTAssertGreaterThanOrEqual(Double(plot[4]) ?? -1, 0, "x from the start, not the epoch")
        XCTAssertLessThan(Double(plot[5]) ?? .infinity, 3_600_000, "the sweep run lasts seconds")
    }

    func testPrintAndPhoneRulesAreInTheStylesheet() throws {
        let css = try XCTUnwrap(DefaultTemplates.files["style.css"])
        let print = try XCTUnwrap(css.components(separatedBy: "@media print {").dropFirst().first)
        for rule in ["h1, h2, h3, h4, summary { break-after: avoid; }", "details::details-content { content-visibility: visible; display: block; }",
                     "figure, .number, tr, .plot { break-inside: avoid; }"] {
            XCTAssertTrue(print.contains(rule), rule)
        }
        XCTAssertFalse(print.contains("section { break-inside: avoid"), "a long section may cross pages (no near-empty pages)")
        let phone = try XCTUnwrap(css.components(separatedBy: "@media (max-width: 640px) {").dropFirst().first)
        XCTAssertTrue(phone.contains("svg.chart .axis text { font-size: 16px; }"))
        XCTAssertTrue(phone.contains("section table, figure table { display: block; overflow-x: auto; }"))
    }
}

/// The phone and print layouts, measured in Chromium.
final class PhoneAndPrintTests: XCTestCase {
    private var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func testChartTextIsLegibleOnAPhone() throws {
        guard let chromium else { throw XCTSkip("chromium is not installed") }
        let folder = TemporaryFolder()
        try ReportWriter().write(RunLoader().load(paths: [samplePath("clearml/small")]), to: folder.path + "/r")
        var html = try String(contentsOfFile: folder.path + "/r/index.html", encoding: .utf8)
        let policy = try XCTUnwrap(html.range(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, options: .regularExpression))
        html.removeSubrange(policy)
        // The on-screen height of an axis label and whether any table is wider than the page.
        html = html.replacingOccurrences(of: "</body>", with: """
            <script>var t = document.querySelector("svg.chart .axis text").getBoundingClientRect();
            var wide = Array.prototype.some.call(document.querySelectorAll("table"), function (table) {
              return table.getBoundingClientRect().right > document.documentElement.clientWidth + 1; });
            document.body.setAttribute("data-label", t.height.toFixed(1)); document.body.setAttribute("data-wide", wide);</script></body>
            """)
        try html.write(toFile: folder.path + "/r/probe.html", atomically: true, encoding: .utf8)
        let dom = try runProgram(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=390,2000",
                                            "--dump-dom", "file://" + folder.path + "/r/probe.html"])
        let height = try XCTUnwrap(Double(dom.components(separatedBy: "data-label=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""))
        XCTAssertGreaterThanOrEqual(height, 13, "an axis label's box on a 390 px screen, in px: 15 with the phone rule (text of about 10 px), 10 without it (about 7 px)")
        XCTAssertTrue(dom.contains("data-wide=\"false\""), "no table reaches past the screen: they scroll inside it")
    }

    func testFoldedSectionsPrintOpen() throws {
        guard let chromium else { throw XCTSkip("chromium is not installed") }
        guard let pdftotext = ["/usr/bin/pdftotext"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("pdftotext (poppler-utils) is not installed")
        }
        let folder = TemporaryFolder()
        var lines: [String] = []
        for i in 0..<20 { lines.append(ExtremeDumps.scalar(iter: 0, timestamp: "1700000000000", value: "1", metric: "zz folded metric \(i)")) }
        let path = ExtremeDumps.write(lines, "dump.jsonl", in: folder)
        try ReportWriter().write(RunLoader().load(paths: [path]), to: folder.path + "/r")
        // With the page's own policy (no script but ours): the stylesheet opens <details> on paper.
        _ = try runProgram(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                                      "--print-to-pdf=" + folder.path + "/r.pdf", "file://" + folder.path + "/r/index.html"])
        let text = try runProgram(pdftotext, [folder.path + "/r.pdf", "-"])
        XCTAssertTrue(text.contains("All 20 key numbers"))
        XCTAssertTrue(text.contains("zz folded metric 9 / v"), "the folded table of key numbers (past the first dozen) is printed")
    }
}
