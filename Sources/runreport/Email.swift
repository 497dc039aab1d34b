import ArgumentParser
import RunReport

struct Email: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A run's results as an email message (.eml) that reads well in Gmail and Outlook.",
        discussion: """
            Writes a MIME message: a plain text summary and an HTML body (table layout, inline styles, \
            no script; the header, key numbers, single values, the most telling charts as PNG, the \
            hyperparameters), with the report page and the gzipped log attached. Date and Message-ID \
            come from the run, so the same run gives the same bytes.
            Example: runreport email samples/clearml/small -o run.eml --to 'Ann <ann@example.com>'
                     sendmail -t < run.eml
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The message file.", valueName: "file.eml"))
    var output: String

    @Option(help: ArgumentHelp("A recipient, 'Name <address>' or an address (repeatable; at least one: `sendmail -t` sends to the To header).", valueName: "addr"))
    var to: [String] = []

    @Option(help: ArgumentHelp("The sender.", valueName: "addr"))
    var from = "runreport <runreport@localhost>"

    @Option(help: "The subject (default: the run's name and status).")
    var subject: String?

    @Option(parsing: .unconditional, help: "Charts in the body (losses and accuracies first).")
    var charts = 6

    @Option(help: ArgumentHelp("Only metrics matching this shell pattern become charts.", valueName: "glob"))
    var chartMetrics: String?

    @OptionGroup var chartOptions: ChartOptions

    func validate() throws {
        if charts < 0 { throw ValidationError("--charts takes 0 or more.") }
        // Every header input is parsed here, so that a bad one is a usage error naming its option.
        for (option, address) in to.map({ ("--to", $0) }) + [("--from", from)] {
            do { _ = try Mailbox(parsing: address) } catch {
                throw ValidationError("\(option) '\(TerminalText.safe(address))' \(error).")
            }
        }
        if let subject {
            do { try MailHeaderError.refuseControls(in: subject) } catch {
                throw ValidationError("--subject '\(TerminalText.safe(subject))' \(error).")
            }
        }
        // A message without a To header goes nowhere through `sendmail -t`.
        if to.isEmpty { throw ValidationError("Name a recipient with --to 'Name <address>': without one, `sendmail -t` sends the message nowhere.") }
    }

    func run() throws {
        // Ctrl-C ends at once; the scratch folder goes with it.
        let interrupt = Interrupt(atOnce: true)
        defer { withExtendedLifetime(interrupt) {} }
        let result = try input.loadUsable()
        var options = EmailOptions()
        options.to = to
        options.from = from
        options.subject = subject
        options.charts = charts
        options.chartPattern = chartMetrics
        options.report = chartOptions.reportOptions
        do { try EmailWriter(options: options).write(result, to: output) } catch { throw Failure.report(error) }
        printError("runreport: wrote \(output)")
        throw input.outcome(of: result)
    }
}
