import ArgumentParser
import Foundation
import RunReport

@main
struct RunReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runreport",
        abstract: "Static reports from the event dumps of ML experiment trackers (ClearML, Comet).",
        discussion: """
            Exit codes, the same for every subcommand: 0 all input used; 3 output written but some \
            input skipped; 1 nothing usable, or an I/O failure; 64 usage error; 130 archive \
            interrupted (what finished is kept, consistent with the manifest).
            """,
        version: RunReportVersion.string,
        subcommands: [Validate.self, Scalars.self, Log.self, Render.self, Compare.self, Archive.self, Index.self, Email.self, Pull.self]
    )

    static func main() {
        // A file-size limit (ulimit -f) makes writes fail with EFBIG, reported like a full disk,
        // instead of killing the process half-way through an output.
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}
