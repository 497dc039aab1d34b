import Foundation

/// Where a Comet user keeps the API key: `COMET_API_KEY`, else `api_key` in the `[comet]`
/// section of `~/.comet.config` (or the file `COMET_CONFIG` names).
public enum CometSettings {
    public static func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let key = environment["COMET_API_KEY"], !key.isEmpty { return key }
        let path = environment["COMET_CONFIG"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.comet.config")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var section = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") && line.hasSuffix("]") { section = String(line.dropFirst().dropLast()); continue }
            guard section == "comet", let equals = line.firstIndex(of: "=") else { continue }
            if line[..<equals].trimmingCharacters(in: .whitespaces) == "api_key" {
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
