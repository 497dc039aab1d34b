import ArgumentParser
import RunReport

/// The options every subcommand that reads inputs shares.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Inputs: ClearML offline sessions (folder or .zip), event dumps (.jsonl, .gz), response pages, Comet offline archives (.zip or unpacked), or folders of them.", valueName: "input"))
    var inputs: [String]

    @Flag(help: "Treat skipped input (malformed lines, truncated files) as a failure (exit 1).")
    var strict = false

    @Option(name: .customLong("task"), help: ArgumentHelp("Only the task with this id or name (repeatable).", valueName: "id"))
    var tasks: [String] = []

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Skip and report input lines (and event documents) longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes: Int = LoadOptions.defaultMaxLineBytes

    @Option(help: ArgumentHelp("Refuse an input whose scalar series, with those of the inputs before it, pass this many.", valueName: "count"))
    var maxSeries: Int = LoadOptions.defaultMaxSeries

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Name at least one input.") }
        if maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be at least 1.") }
        if maxSeries < 1 { throw ValidationError("--max-series must be at least 1.") }
        let missing = CPUSupport.missingFeatures
        if !missing.isEmpty {
            printError("runreport: this CPU lacks \(missing.joined(separator: ", ")), which this build's event scan needs "
                + "(x86-64-v3: AVX2 CPUs from 2013 on)")
            throw ExitCode.failure
        }
    }

    /// Reads the inputs, with a progress line when stderr is a terminal; a `--task` that names
    /// no task of the inputs fails (exit 1) with the tasks they do hold.
    func load() throws -> LoadResult {
        let progress = ProgressLine(enabled: !quiet, label: "reading")
        var options = LoadOptions()
        options.progress = { progress.advance(by: $0) }
        LoadOptions.exitOnTruncatedInput(message: "runreport: an input file shrank while it was being read\n")
        options.mapFiles = true
        options.maxLineBytes = maxLineBytes
        options.maxSeries = maxSeries
        let all = RunLoader(options: options).load(paths: inputs)
        progress.finish()
        if all.inputs.isEmpty && all.unusable.isEmpty {
            // Nothing below the named folders is an input: say so, not "nothing usable".
            let named = inputs.map { "'" + TerminalText.safe($0) + "'" }.joined(separator: ", ")
            let passed = all.ignored.isEmpty ? "" : " (\(all.ignored.count) other \(all.ignored.count == 1 ? "entry" : "entries") passed over)"
            printError("runreport: no inputs found in \(named): no ClearML offline session, event dump (.jsonl, .json, .gz) "
                + "or Comet offline archive\(passed)")
            throw ExitCode.failure
        }
        if let message = TaskChoice(all.runs).unknown(tasks) {
            printError("runreport: " + message)
            throw ExitCode.failure
        }
        return all.selecting(tasks: tasks)
    }

    /// Reads the inputs and tells of skipped input; fails (exit 1) when nothing in them is usable.
    func loadUsable() throws -> LoadResult {
        let result = try load()
        report(result.problems)
        guard result.hasContent else {
            printError("runreport: nothing usable in the inputs: \(Plural.of(result.inputs.count, "input")) read, "
                + "no event or task in \(result.inputs.count == 1 ? "it" : "them")")
            throw ExitCode.failure
        }
        return result
    }

    /// Tells of skipped input on stderr (commands whose stdout is their output).
    func report(_ problems: [InputProblem]) {
        guard !problems.isEmpty else { return }
        for problem in problems.prefix(20) { printError("runreport: skipped " + TerminalText.safe(problem.description)) }
        if problems.count > 20 { printError("runreport: … and \(problems.count - 20) more problems (runreport validate lists all)") }
    }

    /// Writes a whole output to a file atomically, or to stdout.
    func write(_ text: String, to path: String?) throws {
        do {
            if let path { try AtomicFile.write(text, to: path) } else { print(text, terminator: "") }
        } catch {
            throw Failure.report(error)
        }
    }

    /// The exit code for what was read, after the output was written.
    func outcome(of result: LoadResult) -> ExitCode {
        if !result.hasContent { return .failure }
        if result.problems.isEmpty { return .success }
        return strict ? .failure : Outcome.someInputSkipped
    }
}

enum Outcome {
    /// Output written, but some input was skipped.
    static let someInputSkipped = ExitCode(3)
}
