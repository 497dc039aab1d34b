import ArgumentParser
import Dispatch
import RunReport

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A static, self-contained HTML report of a run (or one per run and a page listing them).",
        discussion: """
            Writes DIR/index.html (inline CSS and SVG, images as data: URIs, no network; a small \
            script of its own shows values on hover, and the page reads the same without it), \
            DIR/log.txt, DIR/scalars.json, DIR/scalars.csv and DIR/charts/*.svg.
            Example: runreport render samples/clearml/small -o report
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The report folder.", valueName: "dir"))
    var output = "report"

    @OptionGroup var charts: ChartOptions

    @Flag(help: "Open the report in the desktop's browser when written.")
    var open = false

    @Flag(help: "Every chart also as a PNG (twice its size) beside its SVG.")
    var png = false

    func run() throws {
        var options = charts.reportOptions
        options.png = png
        let writer = ReportWriter(options: options)
        let interrupt = Interrupt(atOnce: true)
        defer { withExtendedLifetime(interrupt) {} }
        // The templates are parsed while the inputs are read; a template error is reported by write.
        let prepared = DispatchGroup()
        DispatchQueue.global().async(group: prepared) { try? writer.prepare() }
        let result = try input.loadUsable()
        prepared.wait()
        do { try writer.write(result, to: output) } catch {
            throw Failure.report(error)
        }
        printError("runreport: wrote \(output)/index.html")
        if open { Browser.open(output + "/index.html") }
        throw input.outcome(of: result)
    }
}
