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

    @OptionGroup var charts: ChartOptions

    @Option(help: ArgumentHelp("Only metrics whose name matches this shell pattern (e.g. 'loss*').", valueName: "glob"))
    var metrics: String?

    func run() throws {
        let interrupt = Interrupt(atOnce: true)
        defer { withExtendedLifetime(interrupt) {} }
        let result = try input.loadUsable()
        if result.runs.count < 2 { printError("runreport: only one run in the inputs; the page shows it alone") }
        do { try CompareWriter(options: charts.reportOptions, metricPattern: metrics).write(result, to: output) } catch {
            throw Failure.report(error)
        }
        printError("runreport: wrote \(output)/index.html (\(Plural.of(result.runs.count, "run")))")
        throw input.outcome(of: result)
    }
}
