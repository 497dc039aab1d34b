import ArgumentParser
import RunReport

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One page comparing runs side by side (ClearML and Comet mixed).",
        discussion: """
            Writes DIR/index.html: a chart per metric and variant with a line per run (one colour and \
            dash per run, the same on every chart), each run's last, min and max with the best marked, \
            the hyperparameters with the differing ones first, single values side by side; beside it \
            DIR/scalars.json (the shape of events.multi_task_scalar_metrics_iter_histogram), \
            DIR/scalars.csv and DIR/charts/*.svg.
            Example: runreport compare samples/clearml/sweep -o sweep-compare
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The comparison's folder.", valueName: "dir"))
    var output = "compare"

    @Option(help: "The x axis: iter, timestamp or iso_time.")
    var xAxis: ScalarKey = .iter

    @Option(help: "Points per series at most, as the server buckets them; 0 keeps every point.")
    var samples = ScalarHistogram.defaultSamples

    @Option(help: ArgumentHelp("Only metrics whose name matches this shell pattern (e.g. 'loss*').", valueName: "glob"))
    var metrics: String?

    @Option(help: "The page's title.")
    var title: String?

    @Option(help: ArgumentHelp("A folder whose compare.mustache, style.css or hover.js replace the built-in ones.", valueName: "dir"))
    var templates: String?

    func validate() throws {
        if samples < 0 { throw ValidationError("--samples takes 0 or more.") }
    }

    func run() throws {
        let result = input.load()
        input.report(result.problems)
        guard result.hasContent else {
            printError("runreport: nothing usable in the inputs")
            throw ExitCode.failure
        }
        if result.runs.count < 2 { printError("runreport: only one run in the inputs; the page shows it alone") }
        var options = ReportOptions()
        options.key = xAxis
        options.samples = samples
        options.title = title
        options.templates = templates
        do { try CompareWriter(options: options, metricPattern: metrics).write(result, to: output) } catch {
            printError("runreport: \(error)")
            throw ExitCode.failure
        }
        printError("runreport: wrote \(output)/index.html (\(result.runs.count) runs)")
        throw input.outcome(of: result)
    }
}
