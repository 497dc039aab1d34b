import ArgumentParser
import RunReport

extension LogExport.LineType: ExpressibleByArgument {}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A task's log as clearml-server's events.download_task_log writes it.",
        discussion: """
            Events in time order. Text lines through --line-format, accepted and refused as the server \
            does (Python str.format; fields asctime, level, worker, msg; a spec only after a conversion, \
            as in {level!s:>7}); or JSON, one object per event, as the server writes it.
            --extras: runreport's rules (fields timestamp, task, type too; specs without a conversion; \
            {asctime} as 2026-11-22 14:22:11,768 UTC unless --raw-asctime).
            Example: runreport log samples/clearml/small --line-format '{asctime} [{level!s:>7}] {msg}'
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "text or json.")
    var lineType: LogExport.LineType = .text

    @Option(help: "The text line format.")
    var lineFormat = LineFormat.serverDefault

    @Flag(help: "runreport's line formats: fields timestamp, task and type too, specs without a conversion ({level:>7}), {asctime} as 2026-11-22 14:22:11,768 (UTC).")
    var extras = false

    @Flag(help: "With --extras: {asctime} as the server writes it, epoch milliseconds.")
    var rawAsctime = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let format: LineFormat
        do { format = try LineFormat(lineFormat, extras: extras) } catch {
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
        export.rawAsctime = !extras || rawAsctime
        export.untimedLast = !extras
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
