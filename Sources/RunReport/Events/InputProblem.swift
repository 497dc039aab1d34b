/// A piece of input that was skipped, with where it is and why.
public struct InputProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case malformedJSON(String)
        case truncatedLine(String)
        case notAnEvent(found: String)
        case missingField(String)
        case invalidField(String)
        case missingTask
        case unreadable(String)
        case unknownFormat(String)
        case unsupported(String)
        /// The same run is in another input too, and was read from there.
        case duplicate(String)
    }

    /// The file, or `archive.zip:entry`.
    public var source: String
    /// 1-based line, when the problem is on a line.
    public var line: UInt64?
    /// The event's index inside a batch line or response page.
    public var element: Int?
    public var reason: Reason

    public init(source: String, line: UInt64? = nil, element: Int? = nil, reason: Reason) {
        self.source = source
        self.line = line
        self.element = element
        self.reason = reason
    }

    public var location: String {
        var text = source
        if let line { text += ":\(line)" }
        if let element { text += " (event \(element))" }
        return text
    }

    public var explanation: String {
        switch reason {
        case let .malformedJSON(detail): return "malformed JSON: \(detail)"
        case let .truncatedLine(detail): return "truncated last line: \(detail)"
        case let .notAnEvent(found): return "not an event object: found \(found)"
        case let .missingField(field): return "missing required field '\(field)'"
        case let .invalidField(detail): return "invalid field \(detail)"
        case .missingTask: return "missing field 'task' and no session task to assign"
        case let .unreadable(detail): return detail
        case let .unknownFormat(detail): return "not a recognised input: \(detail)"
        case let .unsupported(detail): return "not supported: \(detail)"
        case let .duplicate(detail): return detail
        }
    }

    public var description: String { "\(location): \(explanation)" }
}
