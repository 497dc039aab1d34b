import ArgumentParser
import RunReport

extension LogExport.LineType: ExpressibleByArgument {}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A task's log as clearml-server's events.download_task_log writes it.",
        discussion: """
            Events in time order. Text lines through --line-format (Python str.format; fields: \
            asctime, timestamp, level, worker, msg, task, type); or JSON, one object per event.
            Example: runreport log samples/clearml/small --line-format '{asctime} [{level:>7}] {msg}'
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "text or json.")
    var lineType: LogExport.LineType = .text

    @Option(help: "The text line format.")
    var lineFormat = LineFormat.serverDefault

    @Flag(help: "{asctime} as the server writes it: epoch milliseconds, not 2026-11-22 14:22:11,768 (UTC).")
    var rawAsctime = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let format: LineFormat
        do { format = try LineFormat(lineFormat) } catch {
            throw ValidationError(String(describing: error))
        }
        let result = try input.load()
        input.report(result.problems)
        guard result.runs.count <= 1 else {
            let shown = result.runs.prefix(20).map { run in
                "  " + TerminalText.safe(run.id) + (run.name == run.id ? "" : "  " + TerminalText.safe(run.name))
            }
            let more = result.runs.count > 20 ? "\n  … and \(result.runs.count - 20) more (runreport validate lists them)" : ""
            throw ValidationError("The inputs hold \(result.runs.count) tasks; name one with --task:\n"
                + shown.joined(separator: "\n") + more)
        }
        var export = LogExport(format: format)
        export.lineType = lineType
        export.rawAsctime = rawAsctime
        do {
            let stream = try OutputStream(path: output)
            if let run = result.runs.first { try export.write(run, to: stream) }
            try stream.finish()
        } catch {
            throw Failure.report(error)
        }
        throw input.outcome(of: result)
    }
}
