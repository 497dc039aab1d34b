import ArgumentParser
import RunReport

extension ScalarKey: ExpressibleByArgument {}
extension ValuePrecision: ExpressibleByArgument {}

struct Scalars: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scalar histograms as clearml-server's events.scalar_metrics_iter_histogram computes them, or summaries.",
        discussion: """
            One task gives the response's shape {metric: {variant: {name, x, y}}}; several give the \
            multi_task_scalar_metrics_iter_histogram shape. CSV: task,metric,variant,x,y.
            Example: runreport scalars samples/clearml/small --key iso_time --samples 100
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv
    }

    @OptionGroup var input: InputOptions

    @Option(help: "The x axis: iter, timestamp or iso_time.")
    var key: ScalarKey = .iter

    @Option(parsing: .unconditional, help: "Points per series at most, bucketed and averaged as the server does; 0 keeps every point.")
    var samples = ScalarHistogram.defaultSamples

    @Option(help: "json or csv.")
    var format: Format = .json

    @Flag(help: "Per series: first, last, min and max with their iterations, mean, count, last_100_value; and single values.")
    var summary = false

    @Option(help: "server: clearml-server's numbers (float32 values, refused values left out, its average, its variant cap); full: runreport's (doubles, non-finite values kept).")
    var precision: ValuePrecision = .server

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func validate() throws {
        if samples < 0 { throw ValidationError("--samples takes 0 or more.") }
    }

    func run() throws {
        let result = try input.load()
        input.report(result.problems)
        let export = summary ? ScalarsExport(summariesOf: result.runs, precision: precision)
            : ScalarsExport(runs: result.runs, key: key, samples: samples, precision: precision)
        (summary ? export.serverSummaryLosses : export.serverLosses).forEach { printError($0) }
        let text: String
        switch (summary, format) {
        case (false, .json): text = String(decoding: export.histogramJSONBytes, as: UTF8.self)
        case (false, .csv): text = export.histogramCSV
        case (true, .json): text = export.summaryJSON.serialized(pretty: true) + "\n"
        case (true, .csv): text = export.summaryCSV
        }
        try input.write(text, to: output)
        throw input.outcome(of: result)
    }
}
