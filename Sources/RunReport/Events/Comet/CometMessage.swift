/// One line of a Comet offline archive's messages.json, `{"payload": {...}, "type": "..."}`,
/// decoded into what runreport uses of it (schemas: comet_ml/schemas/offline-*-msg.schema.json).
public enum CometMessage: Sendable {
    /// `metric_msg`: a value of `metricName`, under `context` when there is one.
    case metric(name: String, context: String?, step: Int64?, value: Double, timestamp: Int64?)
    /// `parameter_msg`: names of nested parameters joined with `|`.
    case parameter(name: String, value: String, source: String?)
    /// `log_other`: a property (`Name` names the run).
    case other(key: String, value: String)
    /// `standard_output`: a piece of console output, not always a whole line.
    case output(text: String, isError: Bool, timestamp: Int64?)
    /// `system_details`: host, OS, Python, command.
    case systemDetails([(String, String)])
    /// `git_metadata`.
    case git(branch: String?, origin: String?, commit: String?, user: String?)
    /// `installed_packages` / `os_packages`.
    case packages(kind: String, names: [String])
    /// `file_name`: the script that ran.
    case fileName(String)
    /// `html` (appended) or `htmlOverride` (replaces what came before).
    case html(String, replaces: Bool)
    /// `file_upload`: an asset whose bytes are the archive's file `file`.
    case upload(Upload)
    /// Any other type, by its name.
    case unknown(String)

    /// A `file_upload` message.
    public struct Upload: Sendable {
        public var kind: String
        public var file: String
        public var name: String?
        public var step: Int64?
        public var context: String?
        public var timestamp: Int64?
        public var metadata: [(String, String)]
    }

    /// Why a line is not a message.
    public enum DecodeError: Error, CustomStringConvertible {
        case notAMessage
        case missing(String)

        public var description: String {
            switch self {
            case .notAMessage: return "not a message object (no \"type\" and \"payload\")"
            case let .missing(field): return "missing required field '\(field)'"
            }
        }
    }

    /// Decodes one parsed line.
    public init(_ json: JSONValue) throws {
        guard let type = json["type"]?.stringValue, let payload = json["payload"], case .object = payload else {
            throw DecodeError.notAMessage
        }
        let timestamp = payload["local_timestamp"].flatMap(Self.milliseconds)
        switch type {
        case "metric_msg":
            guard let metric = payload["metric"], let name = metric["metricName"]?.stringValue else {
                throw DecodeError.missing("metric.metricName")
            }
            guard let raw = metric["metricValue"], let value = Self.number(raw) else { throw DecodeError.missing("metric.metricValue") }
            self = .metric(name: name, context: payload["context"]?.stringValue, step: metric["step"].flatMap(Self.integer),
                           value: value, timestamp: timestamp)
        case "parameter_msg":
            guard let param = payload["param"], let name = param["paramName"]?.stringValue else {
                throw DecodeError.missing("param.paramName")
            }
            self = .parameter(name: name, value: param["paramValue"].map(Self.text) ?? "", source: param["source"]?.stringValue)
        case "log_other":
            guard let key = payload["key"]?.stringValue else { throw DecodeError.missing("key") }
            self = .other(key: key, value: payload["value"].map(Self.text) ?? "")
        case "standard_output":
            self = .output(text: payload["output"]?.stringValue ?? "", isError: Self.isTrue(payload["stderr"]), timestamp: timestamp)
        case "system_details":
            guard case let .object(members) = payload else { throw DecodeError.notAMessage }
            self = .systemDetails(members.filter { $0.0 != "message_id" && !Self.isNull($0.1) }.map { ($0.0, Self.text($0.1)) })
        case "git_metadata":
            let git = payload["git_metadata"]
            self = .git(branch: git?["branch"]?.stringValue, origin: git?["origin"]?.stringValue,
                        commit: git?["parent"]?.stringValue, user: git?["user"]?.stringValue)
        case "installed_packages", "os_packages":
            self = .packages(kind: type, names: (payload[type]?.arrayValue ?? []).compactMap(\.stringValue))
        case "file_name":
            self = .fileName(payload["file_name"]?.stringValue ?? "")
        case "html", "htmlOverride":
            self = .html(payload["html"]?.stringValue ?? payload["htmlOverride"]?.stringValue ?? "", replaces: type == "htmlOverride")
        case "file_upload":
            guard let file = payload["file_path"]?.stringValue else { throw DecodeError.missing("file_path") }
            let extra = payload["additional_params"]
            var metadata: [(String, String)] = []
            if case let .object(members)? = payload["metadata"] { metadata = members.map { ($0.0, Self.text($0.1)) } }
            self = .upload(Upload(kind: payload["upload_type"]?.stringValue ?? "asset", file: file,
                                  name: extra?["fileName"]?.stringValue ?? extra?["figName"]?.stringValue,
                                  step: extra?["step"].flatMap(Self.integer), context: extra?["context"]?.stringValue,
                                  timestamp: timestamp, metadata: metadata))
        default:
            self = .unknown(type)
        }
    }

    /// A number, or Comet's `"NaN"`, `"Infinity"`, `"-Infinity"` strings (and numeric strings).
    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case let .int(n): return Double(n)
        case let .double(d): return d
        case .bool(let flag): return flag ? 1 : 0
        case let .string(text):
            switch text {
            case "NaN", "nan": return .nan
            case "Infinity", "inf": return .infinity
            case "-Infinity", "-inf": return -.infinity
            default: return Double(text)
            }
        default: return nil
        }
    }

    static func isTrue(_ value: JSONValue?) -> Bool {
        if case .bool(true)? = value { return true }
        return false
    }

    static func isNull(_ value: JSONValue) -> Bool {
        if case .null = value { return true }
        return false
    }

    static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case let .int(n): return n
        case let .double(d) where d.isFinite && d == d.rounded() && abs(d) < 9e18: return Int64(d)
        default: return nil
        }
    }

    /// Epoch milliseconds: an integer, or a number with a fraction floored to whole milliseconds
    /// (as the ClearML scan floors them); nil past Int64 or for anything else.
    static func milliseconds(_ value: JSONValue) -> Int64? {
        switch value {
        case let .int(n): return n
        case let .double(d):
            let floored = d.rounded(.down)  // NaN and the infinities fail both comparisons
            return floored >= -0x1p63 && floored < 0x1p63 ? Int64(floored) : nil
        default: return nil
        }
    }

    /// A value as text: strings as they are, anything else as JSON.
    static func text(_ value: JSONValue) -> String {
        if case let .string(text) = value { return text }
        return value.serialized()
    }
}
