import ArgumentParser

@main
struct RunReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runreport",
        abstract: "Static reports from the event dumps of ML experiment trackers (ClearML, Comet).",
        discussion: """
            Exit codes, the same for every subcommand: 0 all input used; 3 output written but some \
            input skipped; 1 nothing usable, or an I/O failure; 64 usage error.
            """,
        subcommands: [Validate.self, Scalars.self, Log.self, Render.self, Compare.self, Archive.self, Index.self, Email.self]
    )
}
