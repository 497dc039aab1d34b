/// The `style` attributes embedded HTML may keep: declarations of properties that cannot move,
/// cover or load anything, with values of a strict grammar; everything else is dropped.
///
/// A declaration list is split at `;`, each declaration at its first `:`. A property name is
/// `[a-z-]+` (ASCII case folded) from `properties`. A value is one or more tokens separated by
/// spaces or commas, each a keyword (`[a-z-]+`, not starting with `-`), a non-negative number
/// of at most 5 digits with an optional unit from `units`, a hex colour (`#` and 3, 4, 6 or 8 hex digits), or
/// `rgb()`/`rgba()`/`hsl()`/`hsla()` of such numbers. Quotes, backslashes (CSS escapes),
/// comments, `!important`, `url()` or any other function, `@`, braces and every character
/// outside that grammar drop the declaration. What is kept is written anew, canonically
/// (`name: value; name: value`), so a browser sees exactly what was checked.
public enum InlineStyle {
    /// Properties that paint or size a box in the flow and reach nothing outside it.
    public static let properties: Set<String> = [
        "color", "background-color", "font-weight", "font-style", "font-size", "font-variant", "text-align",
        "text-decoration", "text-transform", "text-indent", "vertical-align", "white-space", "line-height",
        "letter-spacing", "word-spacing", "word-break", "overflow-wrap",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
        "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
        "border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style",
        "border-width", "border-radius", "border-collapse", "border-spacing",
        "width", "height", "list-style-type", "caption-side", "empty-cells", "table-layout",
    ]
    /// Length units a number may carry (no viewport units: a box sized by the window is a cover).
    public static let units: Set<String> = ["", "px", "em", "rem", "ex", "ch", "pt", "%"]
    static let functions: Set<String> = ["rgb", "rgba", "hsl", "hsla"]

    /// The declarations of `value` that pass, written canonically; empty when none does.
    public static func sanitize(_ value: String) -> String {
        var kept: [String] = []
        for declaration in value.split(separator: ";", omittingEmptySubsequences: true) {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let name = asciiLowercased(declaration[..<colon].trimmingASCIISpaces())
            guard properties.contains(name), let tokens = self.tokens(declaration[declaration.index(after: colon)...]) else { continue }
            kept.append(name + ": " + tokens)
        }
        return kept.joined(separator: "; ")
    }

    /// Whether `value` is a canonical declaration list every declaration of which passes (the
    /// sanitizer's output, checked again by the fuzz target).
    public static func isAllowed(_ value: String) -> Bool {
        value.isEmpty || sanitize(value) == value
    }

    /// The value's tokens joined canonically, nil when any of them fails the grammar.
    static func tokens(_ value: Substring) -> String? {
        var out: [UInt8] = [], token: [UInt8] = []
        var inFunction = false
        func flush() -> Bool {
            guard !token.isEmpty else { return true }
            defer { token = [] }
            guard isKeyword(token) || isNumber(token) || isHexColour(token) else { return false }
            if let last = out.last, last != UInt8(ascii: "("), last != UInt8(ascii: ",") { out.append(UInt8(ascii: " ")) }
            out += token
            return true
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "#"), UInt8(ascii: "."), UInt8(ascii: "%"), UInt8(ascii: "-"):
                token.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                token.append(byte + 32)
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
                guard flush() else { return nil }
            case UInt8(ascii: ","):
                guard flush(), let last = out.last, last != UInt8(ascii: ","), last != UInt8(ascii: "(") else { return nil }
                out.append(byte)
            case UInt8(ascii: "("):
                guard !inFunction, functions.contains(String(decoding: token, as: UTF8.self)) else { return nil }
                if !out.isEmpty { out.append(UInt8(ascii: " ")) }
                out += token + [byte]
                token = []
                inFunction = true
            case UInt8(ascii: ")"):
                guard inFunction, flush(), let last = out.last, last != UInt8(ascii: ","), last != UInt8(ascii: "(") else { return nil }
                out.append(byte)
                inFunction = false
            default:
                return nil  // quotes, backslashes, /, *, !, @, {, }, <, >, =, non-ASCII, controls
            }
        }
        guard flush(), !inFunction, let last = out.last, last != UInt8(ascii: ",") else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII letters folded, nothing else (Unicode case folding would turn U+212A into `k`).
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    static func isKeyword(_ token: [UInt8]) -> Bool {
        guard let first = token.first, first != UInt8(ascii: "-") else { return false }
        return token.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "-") }
    }

    /// `12`, `1.5em`, `.5rem`, `100%`: no sign (a negative margin moves a box onto others).
    static func isNumber(_ bytes: [UInt8]) -> Bool {
        var index = 0, digits = 0, dots = 0
        while index < bytes.count, (bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")) || bytes[index] == UInt8(ascii: ".") {
            if bytes[index] == UInt8(ascii: ".") { dots += 1 } else { digits += 1 }
            index += 1
        }
        guard digits > 0, dots <= 1, bytes.last != UInt8(ascii: "."), digits <= 5 else { return false }
        return units.contains(String(decoding: bytes[index...], as: UTF8.self))
    }

    static func isHexColour(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "#"), [4, 5, 7, 9].contains(bytes.count) else { return false }
        return bytes.dropFirst().allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
    }
}

private extension Substring {
    func trimmingASCIISpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
            .reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }.reversed())
    }
}
