import Foundation
@testable import RunReport
import XCTest

/// Comet offline archives, on the real archive written by comet_ml 3.58.8 (samples/comet) and
/// on hand-made hostile ones.
final class CometTests: XCTestCase {
    private func load(_ path: String) throws -> (run: Run, result: LoadResult) {
        let result = RunLoader().load(paths: [path])
        XCTAssertEqual(result.runs.count, 1)
        return (try XCTUnwrap(result.runs.first), result)
    }

    private func key(_ metric: String, _ variant: String) -> SeriesKey { SeriesKey(metric: metric, variant: variant) }

    func testMetricsBecomeSeriesByNameAndContext() throws {
        let (run, result) = try load(samplePath("comet/small.zip"))
        XCTAssertEqual(result.problems.map(\.description), [])
        XCTAssertEqual(run.id, "4abade68ae224041b48f1e16b5aa5510", "experiment.json's offline_id")
        XCTAssertEqual(run.series[key("loss", "train")]?.count, 300)
        XCTAssertEqual(run.series[key("loss", "validate")]?.count, 15, "context names the variant")
        XCTAssertEqual(run.series[key("lr", "lr")]?.count, 300, "no context: the metric's name")
        let grad = try XCTUnwrap(run.series[key("grad_norm", "grad_norm")]).points
        XCTAssertTrue(grad.first { $0.iteration == 150 }?.value.isNaN ?? false, "\"NaN\" is a NaN")
        XCTAssertEqual(grad.first { $0.iteration == 151 }?.value, .infinity, "\"Infinity\" is +∞")
        let first = try XCTUnwrap(run.series[key("loss", "train")]?.points.first)
        XCTAssertEqual(first.iteration, 0)
        XCTAssertEqual(first.timestamp, 1_795_383_359_397, "local_timestamp")
        XCTAssertEqual(run.series[key("sys.cpu.percent.avg", "sys.cpu.percent.avg")]?.points.map(\.value), [37.5])
    }

    func testWithoutAStepTheOrderOfArrivalIsTheIteration() throws {
        let folder = TemporaryFolder()
        folder.write("exp/experiment.json", #"{"offline_id": "e1", "project_name": "p", "workspace": "w"}"#)
        folder.write("exp/messages.json", [
            #"{"payload":{"metric":{"metricName":"acc","metricValue":0.5}},"type":"metric_msg"}"#,
            #"{"payload":{"metric":{"metricName":"acc","metricValue":"-Infinity"}},"type":"metric_msg"}"#,
            #"{"payload":{"metric":{"metricName":"acc","metricValue":0.75,"step":null}},"type":"metric_msg"}"#,
        ].joined(separator: "\r\n"))
        let (run, _) = try load(folder.path + "/exp")
        XCTAssertEqual(run.series[key("acc", "acc")]?.points.map(\.iteration), [0, 1, 2])
        XCTAssertEqual(run.series[key("acc", "acc")]?.points.map(\.value)[1], -.infinity)
        XCTAssertEqual(run.metadata?.project, "w/p")
    }

    /// Comet's times in fractional milliseconds are floored to whole ones, as the ClearML scan
    /// floors them; a time past Int64 is none.
    func testFractionalTimesAreFlooredToWholeMilliseconds() throws {
        let folder = TemporaryFolder()
        folder.write("exp/experiment.json", #"{"offline_id": "e1", "project_name": "p", "start_time": 1700000000000.9, "stop_time": 1700000005000.5}"#)
        folder.write("exp/messages.json", [
            #"{"payload":{"metric":{"metricName":"acc","metricValue":0.5,"step":0},"local_timestamp":1700000000000.7},"type":"metric_msg"}"#,
            #"{"payload":{"metric":{"metricName":"acc","metricValue":0.6,"step":1},"local_timestamp":-0.5},"type":"metric_msg"}"#,
            #"{"payload":{"metric":{"metricName":"acc","metricValue":0.7,"step":2},"local_timestamp":1e300},"type":"metric_msg"}"#,
        ].joined(separator: "\n"))
        let (run, _) = try load(folder.path + "/exp")
        XCTAssertEqual(run.series[key("acc", "acc")]?.points.map(\.timestamp), [1_700_000_000_000, -1, nil])
        XCTAssertEqual(run.metadata?.started, "2023-11-14T22:13:20.000Z")
        XCTAssertEqual(run.metadata?.completed, "2023-11-14T22:13:25.000Z")
    }

    func testMetadataParametersAndEnvironment() throws {
        let (run, _) = try load(samplePath("comet/small"))
        let meta = try XCTUnwrap(run.metadata)
        XCTAssertEqual(meta.name, "comet run <b>bold</b> & ünïcode", "log_other Name names the run")
        XCTAssertEqual(meta.project, "runreport/examples-comet")
        XCTAssertEqual(meta.tags, ["sample", "<script>alert(1)</script>"])
        XCTAssertEqual(meta.started, "2026-11-22T21:35:59.201Z")
        XCTAssertEqual(meta.completed, "2026-11-22T21:36:00.635Z")
        let parameters = Dictionary(uniqueKeysWithValues: meta.parameters.map { ("\($0.section)/\($0.name)", $0) })
        XCTAssertEqual(parameters["General/curr_step"]?.value, "299", "shown once, with the final value")
        XCTAssertEqual(parameters["General/curr_step"]?.description, "logged 300 times; the last value")
        XCTAssertEqual(parameters["optimizer/name"]?.value, "adam", "names with | become sections")
        XCTAssertEqual(parameters["General/batch_size"]?.value, "32")
        XCTAssertEqual(run.extras.properties.map(\.name), ["offline_experiment", "dataset", "hasNestedParams"])
        XCTAssertEqual(run.extras.environment.first?.title, "System")
        XCTAssertTrue(run.extras.environment.first?.entries.contains(.init(name: "hostname", value: "vm")) ?? false)
        XCTAssertTrue(run.extras.environment.contains { $0.title.hasPrefix("OS packages") && ($0.text?.contains("bash=") ?? false) })
        let script = try XCTUnwrap(meta.script)
        XCTAssertEqual(script.repository, "https://github.com/example/comet-mlp.git")
        XCTAssertEqual(script.branch, "main")
        XCTAssertEqual(script.commit?.count, 40)
        XCTAssertTrue(script.diff?.contains("+# tuned after the commit: an uncommitted change") ?? false, "the git-patch zip's diff")
        XCTAssertTrue(script.requirements.first { $0.kind == "pip" }?.text.contains("comet_ml==3.58.8") ?? false)
    }

    func testConsoleOutputBecomesLogLines() throws {
        let (run, _) = try load(samplePath("comet/small.zip"))
        var lines: [LogEvent] = []
        for spool in run.logs { try spool.forEach { lines.append($0) } }
        XCTAssertEqual(lines.map(\.message), ["COMET WARNING: Failed to log ip", "epoch 0 loss 0.2250", "epoch 1 loss 0.1443",
                                              "epoch 2 loss 0.0870", "warning: this line goes to stderr"],
                       "pieces joined up to each newline")
        XCTAssertEqual(lines.map { $0.level ?? "" }, ["error", "info", "info", "info", "error"], "stderr as error")
        XCTAssertEqual(Set(lines.map { $0.worker ?? "" }), ["vm"], "system_details' hostname as the worker")
        XCTAssertEqual(lines[1].timestamp, 1_795_383_359_410)
    }

    func testUploadsBecomePlotsImagesSamplesSourcesAndAssets() throws {
        let (run, _) = try load(samplePath("comet/small.zip"))
        let confusion = try XCTUnwrap(run.plots.first { $0.position.metric == "confusion matrix" })
        let figure = try PlotlyFigure(plotJSON: confusion.plotJSON)
        XCTAssertEqual(figure.traces.first?.type, "heatmap")
        XCTAssertEqual(figure.xTitle, "Predicted Category")
        XCTAssertEqual(figure.yTitle, "Actual Category")
        XCTAssertEqual(confusion.position.iteration, 299)
        let curve = try PlotlyFigure(plotJSON: XCTUnwrap(run.plots.first { $0.position.metric == "curves" }).plotJSON)
        XCTAssertEqual(curve.traces.first?.y.compactMap(\.number), [0, 0.7, 0.9, 1])
        let image = try XCTUnwrap(run.debugImages.first)
        XCTAssertEqual(image.position.variant, "sample input")
        XCTAssertEqual(ImageResolver(files: run.files).bytes(of: image)?.prefix(4), [0x89, 0x50, 0x4E, 0x47], "a PNG")
        XCTAssertEqual(run.extras.textSamples.first?.text, "predicted: cat <b>really</b>")
        XCTAssertEqual(run.extras.textSamples.first?.metadata, [.init(name: "label", value: "cat")])
        XCTAssertTrue(run.extras.sourceFiles.first?.value.contains("OfflineExperiment") ?? false)
        XCTAssertEqual(run.extras.assets.map(\.name), ["results.json"])
        XCTAssertEqual(run.extras.assets.first?.size, 13)
        XCTAssertEqual(run.extras.html.count, 1)
    }

    func testFolderAndZipReadTheSame() throws {
        let (zipped, _) = try load(samplePath("comet/small.zip"))
        let (unpacked, _) = try load(samplePath("comet/small"))
        // As text: the NaN in grad_norm is not equal to itself.
        let text = { (run: Run) in run.series.keys.sorted().map { "\($0): \(run.series[$0]!.points)" } }
        XCTAssertEqual(text(zipped), text(unpacked))
        XCTAssertEqual(zipped.series.count, 8)
        XCTAssertEqual(zipped.metadata?.parameters, unpacked.metadata?.parameters)
        XCTAssertEqual(zipped.plots, unpacked.plots)
    }

    func testAHostileArchiveIsInert() throws {
        let folder = TemporaryFolder()
        let evil = #"<script>alert(1)</script><img src=x onerror=alert(2)>"#
        let json = { (s: String) in String(decoding: try! JSONSerialization.data(withJSONObject: [s]), as: UTF8.self).dropFirst().dropLast() }
        folder.write("exp/experiment.json", #"{"offline_id": \#(json(evil)), "project_name": \#(json(evil)), "tags": [\#(json(evil))]}"#)
        folder.write("exp/secret.txt", "not for the report")
        folder.write("exp/messages.json", [
            #"{"payload":{"key":"Name","value":\#(json(evil))},"type":"log_other"}"#,
            #"{"payload":{"context":\#(json(evil)),"metric":{"metricName":\#(json(evil)),"metricValue":1,"step":0}},"type":"metric_msg"}"#,
            #"{"payload":{"html":"<p onclick='x()' style='background:url(https://evil.example/x)'>hi</p><a href='javascript:alert(3)'>j</a><a href='https://ok.example/'>ok</a><iframe src='https://evil.example'></iframe><script>alert(4)</script><img src='https://evil.example/t.png' alt='t'>"},"type":"html"}"#,
            #"{"payload":{"file_path":"../secret.txt","upload_type":"text-sample"},"type":"file_upload"}"#,
            #"{"payload":{"file_path":"../../etc/passwd","upload_type":"asset","additional_params":{"fileName":\#(json(evil))}},"type":"file_upload"}"#,
            #"{"payload":{"output":\#(json(evil + "\n")),"stderr":false},"type":"standard_output"}"#,
            #"{"payload":{},"type":"brand_new_type"}"#,
            #"{"payload": not json"#,
        ].joined(separator: "\n"))
        let (run, result) = try load(folder.path + "/exp")
        XCTAssertEqual(run.counts.unknown, ["brand_new_type": 1], "unknown types counted")
        let problems = result.problems.map(\.description)
        XCTAssertEqual(problems.filter { $0.contains("leaves the archive") }.count, 2, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("messages.json:8: malformed JSON") }, "\(problems)")
        XCTAssertTrue(run.extras.textSamples.isEmpty && run.extras.assets.isEmpty, "nothing read from outside")

        let out = folder.path + "/report"
        try ReportWriter().write(result, to: out)
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let page = try XMLStructure(html, html: true)
        XCTAssertEqual(page.elements.filter { $0 == "script" }.count, 1, "only the page's own script")
        XCTAssertFalse(page.elements.contains("iframe"))
        XCTAssertTrue(page.attributes.allSatisfy { !$0.hasPrefix("on") }, "\(page.attributes)")
        XCTAssertFalse(html.contains("javascript:"))
        XCTAssertFalse(html.contains("evil.example"), "no style or image that loads anything, no frame")
        XCTAssertFalse(html.contains("not for the report"))
        XCTAssertTrue(html.contains(#"<a href="https://ok.example/" rel="noreferrer noopener">ok</a>"#))
        XCTAssertTrue(page.texts.contains { $0.contains("<script>alert(1)</script>") }, "names read back as text")
    }

    func testTheSanitizerKeepsStructureAndDropsWhatRuns() {
        XCTAssertEqual(HTMLSanitizer.sanitize("<h2>Eval</h2><table><tr><td colspan=2 onclick=x>1 &amp; 2</td></tr></table>"),
                       #"<h2>Eval</h2><table><tr><td colspan="2">1 &amp; 2</td></tr></table>"#)
        XCTAssertEqual(HTMLSanitizer.sanitize("<font color=red>kept <b>text</b></font><style>p{}</style><!-- c -->"),
                       "kept <b>text</b>")
        XCTAssertEqual(HTMLSanitizer.sanitize(#"<img src="data:image/png;base64,AAAA" alt="a"><img src="http://x/y.png">"#),
                       #"<img src="data:image/png;base64,AAAA" alt="a"><img>"#)
        XCTAssertEqual(HTMLSanitizer.sanitize(#"<a href=" javascript:alert(1)">x</a><span style="color: red">r</span>"#),
                       #"<a rel="noreferrer noopener">x</a><span style="color: red">r</span>"#)
        XCTAssertEqual(HTMLSanitizer.sanitize("<svg><script>alert(1)</script></svg><math></math>x"), "x")
    }

    func testTheCommandsReadCometArchives() throws {
        let result = RunLoader().load(paths: [samplePath("comet/small.zip")])
        let export = ScalarsExport(runs: result.runs, key: .iter, samples: 2000)
        let json = export.histogramJSON.serialized()
        XCTAssertTrue(json.contains(#""loss":{"train":{"name":"train","x":[0,1,2,"#), json.prefix(300).description)
        let folder = TemporaryFolder()
        let stream = try OutputStream(path: folder.path + "/log.txt")
        try LogExport().write(result.runs[0], to: stream)
        try stream.finish()
        let text = try String(contentsOfFile: folder.path + "/log.txt", encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("2026-11-22 21:35:59,375 vm error COMET WARNING: Failed to log ip\n"), text)
    }
}
