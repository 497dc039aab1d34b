/// How a run's email is made.
public struct EmailOptions: Sendable {
    public var to: [String] = []
    public var from = "runreport <runreport@localhost>"
    /// Default: `<run name> — <status>` (or the project).
    public var subject: String?
    /// Charts in the body, losses and accuracies first.
    public var charts = 6
    /// Only metrics matching this shell pattern become charts.
    public var chartPattern: String?
    /// Hyperparameters listed in the body at most (all are in the attached report).
    public var parameterLimit = 40
    /// How the attached report and the charts are drawn.
    public var report = ReportOptions()

    public init() {}
}
