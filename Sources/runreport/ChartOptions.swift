import ArgumentParser
import Foundation
import RunReport

/// How charts are drawn, shared by the commands that draw them.
struct ChartOptions: ParsableArguments {
    /// The x axis: a histogram key, or the time since the run's start.
    enum XAxis: String, ExpressibleByArgument, CaseIterable {
        case iter, timestamp
        case isoTime = "iso_time"
        case relative
    }

    @Option(help: "The x axis: iter, timestamp, iso_time (both the time of day, UTC) or relative (the time since the run's start).")
    var xAxis: XAxis = .iter

    @Option(parsing: .unconditional, help: "Points per series at most, as the server buckets them; 0 keeps every point.")
    var samples = ScalarHistogram.defaultSamples

    @Option(parsing: .unconditional, help: "Debiased EMA smoothing weight in [0, 1), drawn over the faint raw line.")
    var smoothing = 0.0

    @Flag(help: "Logarithmic y axes.")
    var logY = false

    @Option(parsing: .unconditional, help: "Scalar charts drawn at most (metrics in name order); every series stays in the exports.")
    var maxCharts = ReportOptions().maxCharts

    @Option(help: "The page's title.")
    var title: String?

    @Option(help: ArgumentHelp("A folder of templates (report, plot, compare, runs, archive, head, problems .mustache), style.css or scripts (hover.js, archive.js) that replace the built-in ones.", valueName: "dir"))
    var templates: String?

    func validate() throws {
        if maxCharts < 1 { throw ValidationError("--max-charts takes 1 or more.") }
        if samples < 0 { throw ValidationError("--samples takes 0 or more.") }
        if !(0..<1).contains(smoothing) { throw ValidationError("--smoothing takes a weight from 0 up to (not including) 1.") }
        if let templates {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: templates, isDirectory: &isFolder) else {
                throw ValidationError("--templates '\(TerminalText.safe(templates))' does not exist.")
            }
            guard isFolder.boolValue else { throw ValidationError("--templates '\(TerminalText.safe(templates))' is not a folder.") }
        }
    }

    var reportOptions: ReportOptions {
        var options = ReportOptions()
        options.key = xAxis == .iter ? .iter : xAxis == .isoTime ? .isoTime : .timestamp
        options.relativeTime = xAxis == .relative
        options.samples = samples
        options.smoothing = smoothing
        options.logY = logY
        options.title = title
        options.maxCharts = maxCharts
        options.templates = templates
        return options
    }
}
