import ArgumentParser
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

    @Option(help: "The x axis: iter, timestamp or iso_time.")
    var xAxis: ScalarKey = .iter

    @Option(help: "Points per series at most, as the server buckets them; 0 keeps every point.")
    var samples = ScalarHistogram.defaultSamples

    @Option(help: "Debiased EMA smoothing weight in [0, 1), drawn over the faint raw line.")
    var smoothing = 0.0

    @Flag(help: "Logarithmic y axes.")
    var logY = false

    @Option(help: "The page's title (default: the run's name).")
    var title: String?

    @Option(help: ArgumentHelp("A folder whose report.mustache, plot.mustache, runs.mustache, style.css or hover.js replace the built-in ones.", valueName: "dir"))
    var templates: String?

    @Flag(help: "Open the report in the desktop's browser when written.")
    var open = false

    func validate() throws {
        if samples < 0 { throw ValidationError("--samples takes 0 or more.") }
        if !(0..<1).contains(smoothing) { throw ValidationError("--smoothing takes a weight from 0 up to (not including) 1.") }
    }

    func run() throws {
        let result = input.load()
        input.report(result.problems)
        guard result.hasContent else {
            printError("runreport: nothing usable in the inputs")
            throw ExitCode.failure
        }
        var options = ReportOptions()
        options.key = xAxis
        options.samples = samples
        options.smoothing = smoothing
        options.logY = logY
        options.title = title
        options.templates = templates
        do { try ReportWriter(options: options).write(result, to: output) } catch {
            printError("runreport: \(error)")
            throw ExitCode.failure
        }
        printError("runreport: wrote \(output)/index.html")
        if open { Browser.open(output + "/index.html") }
        throw input.outcome(of: result)
    }
}
