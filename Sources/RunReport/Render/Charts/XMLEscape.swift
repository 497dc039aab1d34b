/// Escaping for text that came from a dump and goes into HTML or SVG: after it, no string can
/// open an element, close an attribute or start an entity.
public enum XMLEscape {
    /// For element content and attribute values alike: `& < > " '` as entities, and control
    /// characters other than tab and newline dropped (XML 1.0 cannot carry them).
    public static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
