/// runreport's version, as `runreport --version` prints it.
public enum RunReportVersion {
    /// `major.minor.patch`.
    public static let string = "0.19.0"
}
