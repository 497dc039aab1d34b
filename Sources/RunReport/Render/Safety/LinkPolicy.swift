/// Which URLs from a dump a report may link to: http and https only, with a host, no
/// credentials, no control characters. Everything else (javascript:, data:, file:, vbscript:,
/// relative paths that could reach the reader's disk) is refused.
public enum LinkPolicy {
    public static func allows(_ url: String) -> Bool {
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { return false }
        let lower = url.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https://" } else if lower.hasPrefix("http://") { scheme = "http://" } else {
            return false
        }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("\\") else { return false }
        return true
    }
}
