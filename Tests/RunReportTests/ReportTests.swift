import Foundation
@testable import RunReport
import XCTest

/// The HTML report: what it holds, that nothing from the input becomes markup, and that it is
/// written whole and the same every time.
final class ReportTests: XCTestCase {
    private let allowedElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "ul", "li", "b", "p",
        "span", "section", "div", "figure", "figcaption", "table", "tr", "th", "td", "details", "summary", "pre", "a",
        "img", "svg", "desc", "g", "line", "text", "path", "rect", "circle", "nav", "h4", "script",
    ]

    private func render(_ paths: [String], _ configure: (inout ReportOptions) -> Void = { _ in }) throws -> (folder: TemporaryFolder, path: String) {
        let folder = TemporaryFolder()
        var options = ReportOptions()
        configure(&options)
        let out = folder.path + "/report"
        try ReportWriter(options: options).write(RunLoader().load(paths: paths), to: out)
        return (folder, out)
    }

    func testAQuoteWithACombiningMarkCannotCloseAnAttribute() throws {
        // `"` + U+0301 is one Character: Mustache's own escaping, which compares Characters, let it
        // through into alt="…"; ours escapes per scalar.
        XCTAssertEqual(HTMLText.escape("a\"\u{301}<\u{301}&'b"), "a&quot;\u{301}&lt;\u{301}&amp;&#39;b")
        let folder = TemporaryFolder()
        let hostile = "m\"\u{301} onmouseover=alert(1) x=\"\u{301}"
        let event: [String: Any] = ["type": "training_debug_image", "task": "t", "iter": 1, "metric": hostile, "variant": "v",
                                    "url": "https://example.com/a.png"]
        let image = String(decoding: try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]), as: UTF8.self)
        let path = folder.write("hostile.jsonl", scalarLine(iter: 0, value: "1") + "\n" + image + "\n")
        let (out, outFolder) = (folder.path + "/report", folder)
        _ = outFolder
        try ReportWriter().write(RunLoader().load(paths: [path]), to: out)
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertTrue(html.contains("m&quot;\u{301} onmouseover=alert(1) x=&quot;\u{301}"), "the name, escaped")
        XCTAssertFalse(html.contains("\"\u{301}"), "no raw quote before a combining mark")
        let page = try XMLStructure(html, html: true)
        XCTAssertFalse(page.attributes.contains("onmouseover"))
    }

    func testTheSmallSampleReportHoldsEverySection() throws {
        let (folder, out) = try render([samplePath("clearml/small")]) { $0.smoothing = 0.6 }
        _ = folder
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let page = try XMLStructure(html, html: true)
        for section in ["key-numbers", "scalars", "plots", "debug-images", "hyperparameters", "configuration", "console"] {
            XCTAssertTrue(html.contains("<section id=\"\(section)\""), section)
        }
        XCTAssertEqual(page.elements.filter { $0 == "figure" }.count, 4 + 2, "four scalar charts, two debug images")
        XCTAssertEqual(page.elements.filter { $0 == "img" }.count, 2)
        XCTAssertTrue(html.contains("src=\"data:image/jpeg;base64,"))
        // The template escapes the quotes; the browser reads the attribute back to the policy.
        XCTAssertTrue(html.contains("Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-"), html)
        XCTAssertTrue(html.contains("; style-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;"), html)
        XCTAssertEqual(try XMLStructure(html, html: true).rows.first { $0.first == "lr" }, ["lr", "0.001"], "hyperparameters by name")
        for file in ["log.txt", "scalars.json", "scalars.csv", "charts/scalar-0.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), file)
        }
        XCTAssertNoThrow(try XMLStructure(String(contentsOfFile: out + "/charts/scalar-3.svg", encoding: .utf8)))
    }

    func testNothingFromTheInputBecomesMarkup() throws {
        let folder = TemporaryFolder()
        let evil = #"<script>alert(1)</script><img src=x onerror=alert(2)>\" onload=\"x"#
        let json = { (s: String) in String(decoding: try! JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast() }
        let lines = [
            #"{"type": "training_stats_scalar", "task": \#(json(evil)), "iter": 0, "metric": \#(json(evil)), "variant": \#(json(evil)), "value": 1}"#,
            #"{"type": "log", "task": \#(json(evil)), "level": \#(json(evil)), "worker": "w", "msg": \#(json(evil + "\u{1B}[31m red"))}"#,
            #"{"type": "plot", "task": \#(json(evil)), "iter": 0, "metric": \#(json(evil)), "variant": "v", "plot_str": \#(json(#"{"data": [{"type": "table", "header": {"values": ["<b>h</b>"]}, "cells": {"values": [["<script>x</script>"]]}}], "layout": {"title": "<i>t</i>"}}"#))}"#,
            #"{"type": "plot", "task": \#(json(evil)), "iter": 0, "metric": "img", "variant": "v", "plot_str": \#(json(#"{"data": [], "layout": {"images": [{"source": "javascript:alert(3)"}]}}"#))}"#,
            #"{"type": "training_debug_image", "task": \#(json(evil)), "iter": 0, "metric": "m", "variant": "v", "url": "javascript:alert(4)"}"#,
            "not json at all <script>",
        ]
        let path = folder.write("evil.jsonl", lines.joined(separator: "\n") + "\n")
        let (keep, out) = try render([path])
        _ = keep
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let page = try XMLStructure(html, html: true)
        XCTAssertTrue(Set(page.elements).isSubset(of: allowedElements), "\(Set(page.elements).subtracting(allowedElements))")
        XCTAssertEqual(page.elements.filter { $0 == "script" }.count, 1, "only the page's own script")
        XCTAssertTrue(html.contains("<script>" + (DefaultTemplates.files["hover.js"] ?? "?") + "</script>"))
        XCTAssertTrue(page.attributes.allSatisfy { !$0.hasPrefix("on") }, "\(page.attributes)")
        XCTAssertFalse(html.lowercased().contains("javascript:alert"), "no javascript: URL is linked")
        XCTAssertTrue(page.texts.contains { $0.contains("<script>alert(1)</script>") }, "the names read back as text")
        XCTAssertTrue(html.contains("<section id=\"problems\""), "the bad line is reported")
    }

    func testSameInputSameBytesAndTheFolderIsReplacedWhole() throws {
        let (folder, out) = try render([samplePath("clearml/sweep")])
        let first = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        let firstIndex = try Data(contentsOf: URL(fileURLWithPath: out + "/index.html"))
        let firstRun = try Data(contentsOf: URL(fileURLWithPath: out + "/" + first.first { $0.hasSuffix("index.html") && $0.contains("/") }!))
        try ReportWriter().write(RunLoader().load(paths: [samplePath("clearml/sweep")]), to: out)
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: out).sorted(), first)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/index.html")), firstIndex)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/" + first.first { $0.hasSuffix("index.html") && $0.contains("/") }!)), firstRun)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), [".report.lock", "report"],
                       "no staging folder left, only the lock file kept beside the report")
        XCTAssertEqual(first.filter { $0.hasSuffix("/index.html") }.count, 3, "a folder per run")
    }

    func testTemplatesCanBeOverridden() throws {
        let folder = TemporaryFolder()
        folder.write("custom/report.mustache", "<p>{{title}} has {{#charts}}[{{title}}]{{/charts}}</p>")
        let (keep, out) = try render([samplePath("clearml/small")]) { $0.templates = folder.path + "/custom" }
        _ = keep
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertEqual(html, #"<p>offline run &lt;b&gt;bold&lt;/b&gt; &amp; ünïcode &quot;quoted&quot; has [&lt;img src=x onerror=alert(1)&gt;][accuracy][grad norm][loss]</p>"#)
    }

    func testTheBuiltInTemplatesAreTheFilesInTemplates() throws {
        for (name, text) in DefaultTemplates.files {
            XCTAssertEqual(try String(contentsOfFile: repositoryRoot + "/templates/" + name, encoding: .utf8), text,
                           "templates/\(name) changed: run scripts/embed-templates.py")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/templates").sorted()
        XCTAssertEqual(names, DefaultTemplates.files.keys.sorted())
    }
}
