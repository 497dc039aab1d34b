import ArgumentParser
import Foundation
import RunReport

/// Writes a line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
}

/// The one place that turns an error into what the user reads and the exit code: a sentence
/// with the path and the system's reason (`cannot write DIR: Permission denied (EACCES)`), never
/// a raw Foundation error. Usage errors (a choice the user must make) are 64, the rest 1.
enum Failure {
    /// Prints `runreport: <message>` and gives the exit code to throw.
    static func report(_ error: Error) -> ExitCode {
        if let code = error as? ExitCode { return code }
        printError("runreport: " + message(for: error))
        return isUsage(error) ? .validationFailure : .failure
    }

    static func isUsage(_ error: Error) -> Bool {
        if error is EmailWriter.EmailError || error is MailHeaderError { return true }
        if case .noFolder? = error as? TemplateError { return true }
        return false
    }

    /// The sentence for `error`.
    static func message(for error: Error) -> String {
        let original = error, error = error as NSError
        guard error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain else {
            return TerminalText.safe(String(describing: original))
        }
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
        var posix = error.domain == NSPOSIXErrorDomain ? error : nil
        if posix == nil, let underlying = error.userInfo[NSUnderlyingErrorKey] as? Error, (underlying as NSError).domain == NSPOSIXErrorDomain {
            posix = underlying as NSError
        }
        let why = posix.map { SystemReason.text(Int32($0.code)) } ?? error.localizedDescription
        let verb = error.domain != NSCocoaErrorDomain ? "cannot use"
            : (256..<512).contains(error.code) ? "cannot read" : (512..<1024).contains(error.code) ? "cannot write" : "cannot use"
        return TerminalText.safe(path.map { "\(verb) \($0): \(why)" } ?? why)
    }
}
