import Foundation

/// Where a ClearML user keeps the server and keys: `CLEARML_API_HOST`, `CLEARML_API_ACCESS_KEY`,
/// `CLEARML_API_SECRET_KEY` and `CLEARML_FILES_HOST`, else `~/clearml.conf` (or the file
/// `CLEARML_CONFIG_FILE` names): its `api_server`, `files_server`, `access_key` and `secret_key`,
/// read from the HOCON as `name: value` or `name = value` lines (quotes optional).
public struct ClearMLSettings: Sendable {
    public var apiHost: String?
    public var filesHost: String?
    public var accessKey: String?
    public var secretKey: String?

    public static func read(environment: [String: String] = ProcessInfo.processInfo.environment) -> ClearMLSettings {
        var settings = ClearMLSettings()
        let path = environment["CLEARML_CONFIG_FILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/clearml.conf")
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let values = Self.values(text)
            settings.apiHost = values["api_server"]
            settings.filesHost = values["files_server"]
            settings.accessKey = values["access_key"]
            settings.secretKey = values["secret_key"]
        }
        settings.apiHost = environment["CLEARML_API_HOST"] ?? settings.apiHost
        settings.filesHost = environment["CLEARML_FILES_HOST"] ?? settings.filesHost
        settings.accessKey = environment["CLEARML_API_ACCESS_KEY"] ?? settings.accessKey
        settings.secretKey = environment["CLEARML_API_SECRET_KEY"] ?? settings.secretKey
        return settings
    }

    /// `name: value` and `name = value` lines of a HOCON text, the last one of a name kept;
    /// comments (`#`, `//`) and quotes dropped.
    static func values(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), !line.hasPrefix("//"),
                  let separator = line.firstIndex(where: { $0 == ":" || $0 == "=" }) else { continue }
            let name = line[..<separator].trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
            var value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            if value.hasSuffix(",") { value.removeLast() }
            value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            guard !name.isEmpty, !name.contains(" "), !value.isEmpty, value != "{" else { continue }
            result[name] = value
        }
        return result
    }
}
