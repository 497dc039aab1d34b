import ArgumentParser
import Foundation
import RunReport

struct Pull: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch runs from a tracking server into a folder every command reads.",
        subcommands: [PullMLflow.self]
    )
}

struct PullMLflow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlflow",
        abstract: "Fetch an MLflow server's runs into DIR in MLflow's file-store layout.",
        discussion: """
            The server is --tracking-uri or $MLFLOW_TRACKING_URI (http or https); credentials come from \
            $MLFLOW_TRACKING_TOKEN (a bearer token) or $MLFLOW_TRACKING_USERNAME and \
            $MLFLOW_TRACKING_PASSWORD, are sent only to that host, and are never written. Each run is \
            written whole or not at all; run again, only runs that changed on the server are fetched, \
            and an interrupted pull goes on where it stopped. Requests that meet 429, 5xx or a network \
            error are tried again with a growing wait, 5 times at most.
            Example: runreport pull mlflow --tracking-uri http://127.0.0.1:5000 --experiment vision -o runs
            """
    )

    @Option(help: ArgumentHelp("The server (default $MLFLOW_TRACKING_URI).", valueName: "url"))
    var trackingURI: String?

    @Option(help: ArgumentHelp("An experiment's name or id (repeatable; default every active one).", valueName: "name"))
    var experiment: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder runs are written into.", valueName: "dir"))
    var output = "mlflow-runs"

    @Option(help: "Runs fetched at once.")
    var jobs = 4

    @Option(help: ArgumentHelp("Certificate authorities to trust instead of the system's (PEM).", valueName: "file"))
    var caBundle: String?

    @Option(help: ArgumentHelp("The largest artifact file fetched.", valueName: "bytes"))
    var maxArtifactBytes = 64 << 20

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs takes 1 or more.") }
        if maxArtifactBytes < 0 { throw ValidationError("--max-artifact-bytes takes 0 or more.") }
        guard let uri = trackingURI ?? ProcessInfo.processInfo.environment["MLFLOW_TRACKING_URI"] else {
            throw ValidationError("Name the server with --tracking-uri or MLFLOW_TRACKING_URI.")
        }
        guard let url = URL(string: uri), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw ValidationError("--tracking-uri takes an http(s) URL; a local store (file:, sqlite:) is read directly: runreport render PATH.")
        }
        if url.user != nil || url.password != nil {
            throw ValidationError("Put credentials in MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD, not in the URL.")
        }
        if let caBundle, !FileManager.default.isReadableFile(atPath: caBundle) {
            throw ValidationError("--ca-bundle \(caBundle): no such readable file.")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let base = URL(string: trackingURI ?? environment["MLFLOW_TRACKING_URI"] ?? "") else { throw ExitCode.validationFailure }
        if let caBundle { setenv("URLSessionCertificateAuthorityInfoFile", caBundle, 1) }  // read by FoundationNetworking's libcurl setup
        var headers: [String: String] = [:]
        if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
            headers["Authorization"] = "Bearer " + token
        } else if let user = environment["MLFLOW_TRACKING_USERNAME"], let password = environment["MLFLOW_TRACKING_PASSWORD"] {
            headers["Authorization"] = "Basic " + Data((user + ":" + password).utf8).base64EncodedString()
        }
        var options = PullOptions()
        options.experiments = experiment
        options.jobs = jobs
        options.maxArtifactBytes = maxArtifactBytes
        let progress = ProgressLine(enabled: !quiet, label: "pull: runs")
        options.progress = { progress.count($0, of: $1) }
        let interrupt = Interrupt()
        options.isCancelled = { interrupt.requested }
        let outcome: PullOutcome
        do {
            outcome = try MLflowPull(fetcher: HTTPFetcher(base: base, headers: headers), options: options).pull(into: output)
            progress.finish()
        } catch {
            progress.finish()
            throw Failure.report(error)
        }
        for problem in outcome.problems.prefix(20) { printError("runreport: skipped " + TerminalText.safe(problem)) }
        if outcome.problems.count > 20 { printError("runreport: … and \(outcome.problems.count - 20) more") }
        if outcome.cancelled {
            printError("runreport: interrupted: \(outcome.fetched.count) runs fetched; run again to fetch the rest")
            throw ExitCode(130)
        }
        printError("runreport: pulled into \(output): \(outcome.fetched.count) fetched, \(outcome.unchanged.count) unchanged")
        if outcome.fetched.isEmpty && outcome.unchanged.isEmpty && !outcome.problems.isEmpty { throw ExitCode.failure }
        if !outcome.problems.isEmpty { throw Outcome.someInputSkipped }
    }
}
