import Foundation
@testable import RunReport
import XCTest

/// The report's sections beyond scalars: script, artifacts, plot history, vectors, the header's
/// duration, and the page's own script under its CSP hash.
final class ReportSectionsTests: XCTestCase {
    private func render(_ paths: [String]) throws -> (folder: TemporaryFolder, out: String, html: String) {
        let folder = TemporaryFolder()
        let out = folder.path + "/report"
        try ReportWriter().write(RunLoader().load(paths: paths), to: out)
        return (folder, out, try String(contentsOfFile: out + "/index.html", encoding: .utf8))
    }

    /// The rows of the table that follows `marker` in the page, as cell texts.
    private func rows(after marker: String, in html: String) throws -> [[String]] {
        let start = try XCTUnwrap(html.range(of: marker)).upperBound
        let end = try XCTUnwrap(html.range(of: "</table>", range: start..<html.endIndex)).upperBound
        let table = try XMLStructure(String(html[start..<end]), html: true)
        return table.rows
    }

    func testScriptArtifactsAndHyperparametersOfARealSession() throws {
        let (keep, _, html) = try render([samplePath("clearml/artifacts")])
        _ = keep
        let script = try rows(after: "<section id=\"script\"><h2>Script</h2>", in: html)
        XCTAssertEqual(script.first, ["repository", "https://github.com/example/mnist-mlp.git"])
        XCTAssertTrue(script.contains(["branch", "main"]))
        XCTAssertTrue(script.contains(["entry point", "train.py"]))
        XCTAssertEqual(script.first { $0.first == "commit" }?.last?.count, 40, "the commit's full hash")
        XCTAssertTrue(html.contains("<summary>Uncommitted changes</summary><pre class=\"diff\">diff --git a/train.py b/train.py"))
        XCTAssertTrue(html.contains("<summary>Requirements (pip)</summary><pre># Python 3.11"))
        let artifacts = try rows(after: "<table class=\"artifacts\">", in: html)
        XCTAssertEqual(artifacts.map { Array($0.prefix(1)) }, [["artifact"], ["metrics summarypreview{\n    \"best_loss\": 0.057,\n    \"epochs\": 3,\n    \"note\": \"<b>not bold</b>\"\n}"], ["class namespreview['neg', 'pos']"]])
        XCTAssertEqual(artifacts[1].dropFirst().prefix(3), ["dict", "output", "74 B"])
        XCTAssertTrue(artifacts[1].last?.hasPrefix("data/examples/artifacts/train with artifacts.offline-") ?? false,
                      "a path on the machine that wrote the session is shown under the session's data/")
        let parameters = try rows(after: "<h3>General</h3>", in: html)
        XCTAssertEqual(parameters, [["epochs", "3"], ["lr", "0.01"]])
    }

    func testPlotsKeepTheirEarlierIterations() throws {
        let (keep, out, html) = try render([samplePath("clearml/artifacts")])
        _ = keep
        XCTAssertTrue(html.contains("<h3>confusion / validation <span class=\"note\">iteration 299</span></h3>"))
        XCTAssertEqual(html.components(separatedBy: "<summary>2 earlier iterations</summary>").count - 1, 2)
        XCTAssertTrue(html.contains("<h4>iteration 199</h4>") && html.contains("<h4>iteration 99</h4>"))
        for file in ["plot-0.svg", "plot-0-199.svg", "plot-0-99.svg", "plot-1-99.svg"] {
            let svg = try String(contentsOfFile: out + "/charts/" + file, encoding: .utf8)
            XCTAssertNoThrow(try XMLStructure(svg), file)
        }
        // Epoch 0's confusion matrix, [[30, 10], [12, 28]], is what iteration 99 shows.
        let earliest = try XMLStructure(String(contentsOfFile: out + "/charts/plot-0-99.svg", encoding: .utf8))
        XCTAssertEqual(Set(earliest.texts.filter { Int($0) != nil }), ["30", "10", "12", "28"])
    }

    func testOlderPlotIterationsPastTheLimitAreOneLinkAway() throws {
        let folder = TemporaryFolder()
        let figure = #"{\"data\": [{\"type\": \"scatter\", \"x\": [0, 1], \"y\": [1, 2]}], \"layout\": {}}"#
        let lines = (0..<14).map { #"{"type": "plot", "task": "t", "iter": \#($0), "metric": "m", "variant": "v", "plot_str": "\#(figure)"}"# }
        let path = folder.write("plots.jsonl", lines.joined(separator: "\n") + "\n")
        let (keep, out, html) = try render([path])
        _ = keep
        XCTAssertTrue(html.contains("<summary>13 earlier iterations</summary>"))
        XCTAssertEqual(html.components(separatedBy: "<div class=\"plot earlier\">").count - 1, 10, "ten drawn in the page")
        XCTAssertTrue(html.contains("<a class=\"older\" href=\"charts/plot-0-2.svg\">iteration 2</a>"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/charts/plot-0-0.svg"))
    }

    func testVectorsAreDrawnLatestFirst() throws {
        let folder = TemporaryFolder()
        let lines = [
            #"{"type": "training_stats_vector", "task": "t", "iter": 5, "metric": "grads", "variant": "layer1", "values": [3, 1, 2]}"#,
            #"{"type": "training_stats_vector", "task": "t", "iter": 1, "metric": "grads", "variant": "layer1", "values": [9, 9]}"#,
        ]
        let (keep, out, html) = try render([folder.write("vectors.jsonl", lines.joined(separator: "\n") + "\n")])
        _ = keep
        XCTAssertTrue(html.contains("<section id=\"vectors\">"))
        XCTAssertTrue(html.contains("iteration 5 · 3 values; the latest of 2 vectors reported"))
        let svg = try XMLStructure(String(contentsOfFile: out + "/charts/vector-0.svg", encoding: .utf8))
        XCTAssertEqual(svg.elements.filter { $0 == "circle" }.count, 3, "a marker per value of the latest vector")
    }

    func testThePageScriptIsTheOnlyOneAndItsHashIsInThePolicy() throws {
        let (keep, _, html) = try render([samplePath("clearml/small")])
        _ = keep
        let body = try XCTUnwrap(html.range(of: "<script>")).upperBound
        let end = try XCTUnwrap(html.range(of: "</script>")).lowerBound
        let script = String(html[body..<end])
        XCTAssertEqual(script, DefaultTemplates.files["hover.js"])
        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 1)
        let hash = Data(SHA256.hash(Array(script.utf8))).base64EncodedString()
        XCTAssertTrue(html.contains("script-src &#39;sha256-\(hash)&#39;;"), "the policy allows exactly this script")
    }

    func testHeaderDurationFromTheTaskTimes() throws {
        XCTAssertEqual(TimeText.milliseconds(iso: "2024-03-01T12:00:05.123+00:00"), 1_709_294_405_123)
        XCTAssertEqual(TimeText.milliseconds(iso: "2024-03-01T14:00:05.1+02:00"), 1_709_294_405_100)
        XCTAssertEqual(TimeText.milliseconds(iso: "1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(TimeText.milliseconds(iso: "1969-12-31T23:59:59"), -1000)
        XCTAssertNil(TimeText.milliseconds(iso: "2024-13-01T00:00:00Z"))
        XCTAssertNil(TimeText.milliseconds(iso: "2024-03-01T00:00:00Zjunk"))
        XCTAssertEqual(TimeText.duration(milliseconds: 850), "850 ms")
        XCTAssertEqual(TimeText.duration(milliseconds: 12_460), "12.5 s")
        XCTAssertEqual(TimeText.duration(milliseconds: 185_000), "3 min 05 s")
        XCTAssertEqual(TimeText.duration(milliseconds: 7_620_000), "2 h 07 min")
        XCTAssertEqual(TimeText.duration(milliseconds: 273_600_000), "3 d 04 h")
        XCTAssertEqual(ReportBuilder.byteCount(74), "74 B")
        XCTAssertEqual(ReportBuilder.byteCount(74_249), "74.2 kB")
        XCTAssertEqual(ReportBuilder.byteCount(1_300_000), "1.3 MB")
        XCTAssertEqual(ReportBuilder.capped("ab€cd", limit: 3), "ab\n… 5 B more, left out here", "never cuts a character")
    }
}

/// The report of the real Comet archive.
final class CometReportTests: XCTestCase {
    func testTheCometSampleHasItsOwnSections() throws {
        let folder = TemporaryFolder()
        let out = folder.path + "/report"
        try ReportWriter().write(RunLoader().load(paths: [samplePath("comet/small.zip")]), to: out)
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        for section in ["properties", "scalars", "system-metrics", "plots", "debug-images", "text-samples", "html",
                        "hyperparameters", "script", "artifacts", "environment", "console"] {
            XCTAssertTrue(html.contains("<section id=\"\(section)\""), section)
        }
        XCTAssertTrue(html.contains(#"<div class="user-html"><h2>Eval</h2><p>table <a rel="noreferrer noopener">link</a></p>"#))
        XCTAssertTrue(html.contains("<h3>sys.cpu.percent.avg</h3>"), "system metrics in their own section")
        XCTAssertTrue(html.contains("src=\"data:image/png;base64,"), "the logged image embedded")
        let page = try XMLStructure(html, html: true)
        XCTAssertEqual(page.rows.first { $0.first == "curr_step" }, ["curr_step", "299"])
        XCTAssertEqual(page.elements.filter { $0 == "script" }.count, 1)
    }
}

/// Many metrics: charts grouped by prefix, folded past 60.
final class ChartGroupTests: XCTestCase {
    private func charts(_ names: [String]) -> [ReportPage.Chart] {
        names.enumerated().map { .init(title: $0.element, anchor: "scalar-\($0.offset)", svg: "", rows: []) }
    }

    func testEveryFieldOfThePageIsFoundByName() {
        let page = ReportPage()
        let names = Mirror(reflecting: page).children.compactMap(\.label)
        XCTAssertEqual(names.count, Mirror(reflecting: page).children.count)
        for name in names { XCTAssertNotNil(ReportPage.fields[name], "\(name) is missing from ReportPage.fields") }
        XCTAssertEqual(page.child(named: "hasCharts") as? Bool, false)
        XCTAssertEqual(page.child(named: "title") as? String, "")
        XCTAssertNil(page.child(named: "noSuchField"))
    }

    func testTheConsoleIsMarkupWithEveryValueEscaped() throws {
        var page = ReportPage()
        page.consoleLines = [.init(time: "<t>", level: "warn\"ing", spans: [.init(text: "a & <b>", classes: "c1 'x'")])]
        XCTAssertEqual(page.console, #"<span class="t">&lt;t&gt;</span> <span class="lv-warn&quot;ing">warn&quot;ing</span> "#
            + #"<span class="c1 &#39;x&#39;">a &amp; &lt;b&gt;</span>"# + "\n")
        XCTAssertEqual(try XMLStructure("<div>" + page.console + "</div>", html: true).elements.filter { $0 == "span" }.count, 3)
    }

    func testFewChartsAreOneList() {
        let groups = ReportBuilder.groups(of: charts((0..<20).map { "train/m\($0)" } + ["val/loss"]))
        XCTAssertEqual(groups.count, 1)
        XCTAssertFalse(groups[0].grouped)
    }

    func testManyChartsGroupByPrefixAndFoldPastSixty() {
        let names = (0..<30).map { "train/m\($0)" } + (0..<10).map { "val.m\($0)" } + ["lr"]
        let open = ReportBuilder.groups(of: charts(names))
        XCTAssertEqual(open.map(\.name), ["train", "val", "lr"])
        XCTAssertEqual(open.map(\.count), [30, 10, 1])
        XCTAssertTrue(open.allSatisfy { $0.grouped && $0.open })
        let folded = ReportBuilder.groups(of: charts((0..<70).map { "g\($0 % 7)/m\($0)" }))
        XCTAssertEqual(folded.count, 7)
        XCTAssertTrue(folded.allSatisfy { !$0.open })
    }
}

/// Past the inline limit, each group of charts on a page of its own.
final class GroupPageTests: XCTestCase {
    func testManyChartsMoveToGroupPages() throws {
        let folder = TemporaryFolder()
        let lines = (0..<30).flatMap { m in
            (0..<3).map { i in scalarLine(metric: "g\(m % 3)/metric-\(m)", variant: "v", iter: Int64(i), value: "\(i + m)") }
        }
        let path = folder.write("many.jsonl", lines.joined(separator: "\n") + "\n")
        var options = ReportOptions()
        options.inlineChartLimit = 10
        try ReportWriter(options: options).write(RunLoader().load(paths: [path]), to: folder.path + "/r")
        let index = try String(contentsOfFile: folder.path + "/r/index.html", encoding: .utf8)
        XCTAssertEqual(try XMLStructure(index, html: true).elements.filter { $0 == "figure" }.count, 0, "no chart inline")
        for n in 0..<3 { XCTAssertTrue(index.contains("<a href=\"groups/\(n).html\">The 10 charts of g\(n)</a>"), "group \(n)") }
        XCTAssertTrue(index.contains("href=\"groups/1.html#scalar-"), "each metric linked into its group's page")
        let group = try String(contentsOfFile: folder.path + "/r/groups/0.html", encoding: .utf8)
        let page = try XMLStructure(group, html: true)
        XCTAssertEqual(page.elements.filter { $0 == "figure" }.count, 10)
        XCTAssertTrue(group.contains("<a href=\"../index.html\">"))
        XCTAssertEqual(page.elements.filter { $0 == "script" }.count, 1, "the hover script, allowed by the same policy")
    }
}
