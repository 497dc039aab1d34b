import ArgumentParser
import Foundation
import RunReport

struct Pull: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch runs from a tracking server into a folder every command reads.",
        subcommands: [PullMLflow.self, PullClearML.self, PullComet.self]
    )
}

/// The options and the run every `pull` shares.
struct PullCommon: ParsableArguments {
    @Option(help: "Runs fetched at once.")
    var jobs = 4

    @Option(help: ArgumentHelp("The largest artifact or image file fetched.", valueName: "bytes"))
    var maxArtifactBytes = 64 << 20

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs takes 1 or more.") }
        if maxArtifactBytes < 0 { throw ValidationError("--max-artifact-bytes takes 0 or more.") }
    }

    /// An http(s) URL without credentials in it, or a usage error naming `option`.
    static func serverURL(_ text: String?, option: String) throws -> URL {
        guard let text else { throw ValidationError("Name the server with \(option).") }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw ValidationError("\(option) takes an http(s) URL; a local store is read directly: runreport render PATH.")
        }
        if url.user != nil || url.password != nil { throw ValidationError("Put credentials in the environment, not in the URL (\(option)).") }
        return url
    }

    /// Runs `pull` with the progress line and Ctrl-C handling, and reports its outcome.
    func run(into output: String, _ pull: (PullOptions) throws -> PullOutcome) throws {
        var options = PullOptions()
        options.jobs = jobs
        options.maxArtifactBytes = maxArtifactBytes
        let progress = ProgressLine(enabled: !quiet, label: "pull: runs")
        options.progress = { progress.count($0, of: $1) }
        let interrupt = Interrupt()
        options.isCancelled = { interrupt.requested }
        let outcome: PullOutcome
        do {
            outcome = try pull(options)
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

    @OptionGroup var common: PullCommon

    func validate() throws {
        _ = try PullCommon.serverURL(trackingURI ?? ProcessInfo.processInfo.environment["MLFLOW_TRACKING_URI"],
                                     option: "--tracking-uri or MLFLOW_TRACKING_URI")
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let base = try PullCommon.serverURL(trackingURI ?? environment["MLFLOW_TRACKING_URI"], option: "--tracking-uri")
        var headers: [String: String] = [:]
        if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
            headers["Authorization"] = "Bearer " + token
        } else if let user = environment["MLFLOW_TRACKING_USERNAME"], let password = environment["MLFLOW_TRACKING_PASSWORD"] {
            headers["Authorization"] = "Basic " + Data((user + ":" + password).utf8).base64EncodedString()
        }
        try common.run(into: output) { options in
            var options = options
            options.experiments = experiment
            return try MLflowPull(fetcher: HTTPFetcher(base: base, headers: headers), options: options).pull(into: output)
        }
    }
}

struct PullClearML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clearml",
        abstract: "Fetch a ClearML server's tasks into DIR as offline sessions.",
        discussion: """
            The API server and keys come from --api-host, $CLEARML_API_HOST, $CLEARML_API_ACCESS_KEY and \
            $CLEARML_API_SECRET_KEY, else from ~/clearml.conf ($CLEARML_CONFIG_FILE): api_server, \
            access_key, secret_key, files_server. Writes DIR/<task id>/ (task.json, metrics.jsonl, \
            log.jsonl, data/) that every command reads as an offline session; incremental and \
            resumable as `pull mlflow` is.
            Example: runreport pull clearml --project vision -o runs
            """
    )

    @Option(help: ArgumentHelp("The API server (default $CLEARML_API_HOST, else clearml.conf's api_server).", valueName: "url"))
    var apiHost: String?

    @Option(name: .customLong("task"), help: ArgumentHelp("A task id (repeatable).", valueName: "id"))
    var tasks: [String] = []

    @Option(name: .customLong("project"), help: ArgumentHelp("Every task of a project, by name (repeatable).", valueName: "name"))
    var projects: [String] = []

    @Option(name: .customLong("tag"), help: ArgumentHelp("Every task with a tag (repeatable).", valueName: "tag"))
    var tags: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder tasks are written into.", valueName: "dir"))
    var output = "clearml-runs"

    @OptionGroup var common: PullCommon

    func validate() throws {
        if tasks.isEmpty && projects.isEmpty && tags.isEmpty { throw ValidationError("Name tasks with --task, --project or --tag.") }
        let settings = ClearMLSettings.read()
        _ = try PullCommon.serverURL(apiHost ?? settings.apiHost, option: "--api-host, CLEARML_API_HOST or clearml.conf's api_server")
        if settings.accessKey == nil || settings.secretKey == nil {
            throw ValidationError("Set CLEARML_API_ACCESS_KEY and CLEARML_API_SECRET_KEY, or the credentials in clearml.conf.")
        }
    }

    func run() throws {
        let settings = ClearMLSettings.read()
        let host = try PullCommon.serverURL(apiHost ?? settings.apiHost, option: "--api-host")
        var selection = ClearMLPull.Selection()
        selection.tasks = tasks
        selection.projects = projects
        selection.tags = tags
        try common.run(into: output) { options in
            let fetcher = try ClearMLPull.login(host: host, accessKey: settings.accessKey ?? "", secretKey: settings.secretKey ?? "")
            return try ClearMLPull(fetcher: fetcher, selection: selection, options: options,
                                   filesHost: settings.filesHost.flatMap { URL(string: $0)?.host }).pull(into: output)
        }
    }
}

struct PullComet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comet",
        abstract: "Fetch Comet experiments into DIR as offline archives.",
        discussion: """
            The key is $COMET_API_KEY, else api_key in ~/.comet.config ($COMET_CONFIG); the REST API is             --api-url, $COMET_REST_API_URL, else https://www.comet.com/api/rest/v2/. Writes             DIR/<experiment key>/ (experiment.json, messages.json, assets) that every command reads as             an offline archive; incremental and resumable as `pull mlflow` is.
            Example: runreport pull comet --project my-workspace/vision -o runs
            """
    )

    @Option(help: ArgumentHelp("The REST API's base URL.", valueName: "url"))
    var apiURL: String?

    @Option(name: .customLong("project"), help: ArgumentHelp("Every experiment of WORKSPACE/PROJECT (repeatable).", valueName: "workspace/project"))
    var projects: [String] = []

    @Option(name: .customLong("experiment"), help: ArgumentHelp("An experiment key (repeatable).", valueName: "key"))
    var experiments: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder experiments are written into.", valueName: "dir"))
    var output = "comet-runs"

    @OptionGroup var common: PullCommon

    func validate() throws {
        if projects.isEmpty && experiments.isEmpty { throw ValidationError("Name experiments with --project or --experiment.") }
        _ = try PullCommon.serverURL(baseURL, option: "--api-url or COMET_REST_API_URL")
        if CometSettings.apiKey() == nil { throw ValidationError("Set COMET_API_KEY, or api_key in ~/.comet.config.") }
    }

    private var baseURL: String {
        apiURL ?? ProcessInfo.processInfo.environment["COMET_REST_API_URL"] ?? "https://www.comet.com/api/rest/v2/"
    }

    func run() throws {
        let base = try PullCommon.serverURL(baseURL, option: "--api-url")
        let key = CometSettings.apiKey() ?? ""
        try common.run(into: output) { options in
            try CometPull(fetcher: HTTPFetcher(base: base, headers: ["Authorization": key]), projects: projects,
                          experiments: experiments, options: options).pull(into: output)
        }
    }
}
