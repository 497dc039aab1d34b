import ArgumentParser
import RunReport

struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A static site of many runs: a report each, an index, comparisons, a manifest.",
        discussion: """
            Writes DIR/runs/<id>/ (a report and run.json per run), DIR/index.html (a table of runs that \
            sorts and filters where JavaScript runs), DIR/compare/<project>/ (projects of 2 to 50 runs) \
            and DIR/manifest.json (every file's size and SHA-256, every input's hash). Run again, only \
            inputs whose content changed are read; reports of inputs no longer named are removed with \
            --prune. --shard K/N takes a deterministic slice of the inputs; `runreport index` merges \
            the slices' folders into one site.
            Example: runreport archive samples -o site --bundle site.tar.gz
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The site's folder.", valueName: "dir"))
    var output = "archive"

    @Option(parsing: .unconditional, help: "Inputs read and rendered at once (default: the cores).")
    var jobs = LoadOptions.usableCores

    @Option(help: ArgumentHelp("Also write the site as a deterministic .tar.gz.", valueName: "file"))
    var bundle: String?

    @Option(help: ArgumentHelp("Only the K-th of N deterministic slices of the inputs.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Remove the reports of runs whose inputs are not named any more.")
    var prune = false

    @Option(help: ArgumentHelp("The index's metric columns: a shell pattern on 'metric / variant'.", valueName: "glob"))
    var keyMetrics: String?

    @Option(help: "The index page's title.")
    var title: String?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs takes 1 or more.") }
        if let shard, ArchiveOptions.Shard(shard) == nil { throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8.") }
        // The manifest records whole inputs: an archive of some of an input's tasks would be
        // taken as the whole of it on the next run.
        if !input.tasks.isEmpty { throw ValidationError("archive takes every run of its inputs; --task is for render, compare, scalars, log and email.") }
    }

    func run() throws {
        var options = ArchiveOptions()
        options.jobs = jobs
        options.shard = shard.flatMap(ArchiveOptions.Shard.init)
        options.prune = prune
        options.maxLineBytes = input.maxLineBytes
        options.maxSeries = input.maxSeries
        options.keyMetrics = keyMetrics
        options.report.title = title
        let progress = ProgressLine(enabled: !input.quiet, label: "archive: inputs")
        options.progress = { progress.count($0, of: $1) }
        let interrupt = Interrupt()
        options.isCancelled = { interrupt.requested }
        let outcome: ArchiveOutcome
        do {
            outcome = try ArchiveBuilder(options: options).build(paths: input.inputs, into: output)
            progress.finish()
            if let bundle { try TarGzWriter().write(folder: output, root: "site", to: bundle) }
        } catch {
            progress.finish()
            throw Failure.report(error)
        }
        input.report(outcome.problems)
        if !outcome.failed.isEmpty {
            printError("runreport: \(outcome.failed.count) input(s) could not be written; the manifest does not count them as done "
                + "and the next run reads them again")
            throw ExitCode.failure
        }
        if outcome.cancelled {
            printError("runreport: interrupted: \(output) is consistent with its manifest (\(outcome.rendered.count) rendered, "
                + "\(outcome.reused.count) unchanged); run again to finish")
            throw ExitCode(130)
        }
        printError("runreport: wrote \(output)/index.html: \(outcome.runCount) runs (\(outcome.rendered.count) rendered, "
            + "\(outcome.reused.count) unchanged, \(outcome.removed.count) removed)" + (bundle.map { "; \($0)" } ?? ""))
        // A shard may hold no input at all: that is not a failure of the job array.
        if outcome.runCount == 0 && options.shard == nil { throw ExitCode.failure }
        if !outcome.problems.isEmpty { throw input.strict ? ExitCode.failure : Outcome.someInputSkipped }
    }
}

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merges archive folders (shards) into one site.",
        discussion: """
            Copies every shard's runs into DIR and makes its index, comparisons (from the inputs \
            named with --input) and manifest anew.
            Example: runreport index shard-1 shard-2 shard-3 -o site --input samples
            """
    )

    @Argument(help: ArgumentHelp("Archive folders written by `runreport archive --shard K/N`.", valueName: "dir"))
    var shards: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The merged site's folder.", valueName: "dir"))
    var output = "archive"

    @Option(name: .customLong("input"), help: ArgumentHelp(
        "An input the shards read (repeat it; a folder names its inputs): the projects' comparisons are made from these. "
            + "An input a shard's manifest names is read only when it is named here.", valueName: "path"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp("The index's metric columns: a shell pattern on 'metric / variant'.", valueName: "glob"))
    var keyMetrics: String?

    @Option(help: ArgumentHelp("Also write the site as a deterministic .tar.gz.", valueName: "file"))
    var bundle: String?

    func validate() throws {
        if shards.isEmpty { throw ValidationError("Name at least one archive folder.") }
    }

    func run() throws {
        var options = ArchiveOptions()
        options.keyMetrics = keyMetrics
        let outcome: ArchiveOutcome
        do {
            outcome = try ArchiveMerger(options: options).merge(shards, into: output, inputs: inputs)
            if let bundle { try TarGzWriter().write(folder: output, root: "site", to: bundle) }
        } catch {
            throw Failure.report(error)
        }
        for problem in outcome.problems { printError("runreport: " + TerminalText.safe(problem.description)) }
        printError("runreport: wrote \(output)/index.html: \(outcome.runCount) runs from \(shards.count) folders")
        if outcome.runCount == 0 { throw ExitCode.failure }
        if !outcome.problems.isEmpty { throw Outcome.someInputSkipped }
    }
}
