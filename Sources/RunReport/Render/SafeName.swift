/// One folder name below an output: what runreport makes from a run id or a project, and the
/// only shape it accepts from a file it reads (a manifest, a cache, a run card) before using it
/// as a path.
///
/// A safe name is 1 to 128 bytes of ASCII letters, digits, `-`, `_`, `.` and `~`, and does not
/// start with `.`: so it is one path component, never `.` or `..`, holds no `/`, NUL or control
/// character, and never names one of runreport's own working files (`.runreport`, `.staging`,
/// `.NAME.partial`), which all start with a dot.
struct SafeName: Hashable, Sendable, CustomStringConvertible {
    let text: String

    var description: String { text }

    /// The longest safe name accepted.
    static let maximumLength = 128

    /// A name read from a file, or nil when it is not of the safe shape.
    init?(validating text: String) {
        let bytes = Array(text.utf8)
        guard (1...Self.maximumLength).contains(bytes.count), bytes[0] != UInt8(ascii: "."),
              bytes.allSatisfy(Self.isAllowed) else { return nil }
        self.text = text
    }

    /// The folder name for any string, distinct for distinct strings: its first 64 characters
    /// with every character outside letters, digits, `-`, `_` and `.` (and a leading `.`) as
    /// `_`; when that changed or cut the string, `~` and 12 hex digits of the whole string's
    /// SHA-256 are appended. A name kept as it was never holds `~`, so the two kinds never meet.
    init(making original: String) {
        var name = ""
        var changed = false
        var count = 0
        for scalar in original.unicodeScalars {
            if count == 64 { changed = true; break }
            let keep = scalar.isASCII && Self.isAllowed(UInt8(scalar.value)) && scalar != "~" && !(count == 0 && scalar == ".")
            name.unicodeScalars.append(keep ? scalar : "_")
            changed = changed || !keep
            count += 1
        }
        if name.isEmpty { name = "run"; changed = true }
        if changed { name += "~" + String(SHA256.hex(SHA256.hash(Array(original.utf8))).prefix(12)) }
        text = name
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
