import Foundation

/// The flat `key: value` lines of an MLflow file store's `meta.yaml` (written by PyYAML's
/// `safe_dump`): plain, single- and double-quoted scalars; nested values (an empty `tags: []`) are
/// kept as their text.
struct MLflowMeta {
    private(set) var values: [String: String] = [:]

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where !line.hasPrefix(" ") && !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let raw = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            values[key] = Self.scalar(raw)
        }
    }

    subscript(key: String) -> String? { values[key] }

    /// A YAML scalar's text: quotes removed (`''` in single quotes is one quote; the common
    /// backslash escapes in double quotes), `null` and `~` as nothing.
    static func scalar(_ raw: String) -> String? {
        if raw.isEmpty || raw == "null" || raw == "~" { return nil }
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") {
            return String(raw.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
            var out = "", escaped = false
            for character in raw.dropFirst().dropLast() {
                if escaped {
                    switch character {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(character)
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    out.append(character)
                }
            }
            return out
        }
        return raw
    }

    /// MLflow's `RunStatus` numbers as the names the server uses.
    static func status(_ raw: String?) -> String? {
        switch raw {
        case "1": return "RUNNING"
        case "2": return "SCHEDULED"
        case "3": return "FINISHED"
        case "4": return "FAILED"
        case "5": return "KILLED"
        default: return raw
        }
    }
}
