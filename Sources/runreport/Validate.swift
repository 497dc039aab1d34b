import ArgumentParser
import RunReport

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check inputs: events per task and type, series, ranges, and every problem with file:line.",
        discussion: "Example: runreport validate samples/clearml/small samples/clearml/sweep --json"
    )

    @OptionGroup var input: InputOptions

    @Flag(help: "Write the report as JSON.")
    var json = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let result = try input.load()
        let report = ValidationReport(result)
        let text = json ? report.json.serialized(pretty: true) + "\n" : report.text
        try input.write(text, to: output)
        let code = input.outcome(of: result)
        if code != .success && !json && output == nil {
            if !result.hasContent { printError("runreport: nothing usable in the inputs") }
        }
        throw code
    }
}
