/// clearml-server's check of a text line format (`download_task_log` in
/// apiserver/services/events.py): `line_format.format(**dict.fromkeys(fields))`, every field set
/// to None, retried with each undefined name added until it passes or fails otherwise; Python's
/// `str.format` rules are followed here field by field. What passes is then formatted with the
/// stored event, whose `timestamp` has become `asctime`: `{timestamp}` passes the check and fails
/// the download at its first event.
enum PythonFormat {
    /// The fields the server's check knows.
    static let checkedFields: Set<String> = ["asctime", "timestamp", "level", "worker", "msg"]

    /// One replacement field: `{name!conversion:spec}`.
    struct Field {
        var name: String
        var conversion: UInt8?
        var spec: String
    }

    enum Piece {
        case literal([UInt8])
        case field(Field)
    }

    /// The pieces of `format` as Python's `string.Formatter.parse` finds them, or Python's reason.
    static func parse(_ format: [UInt8]) throws -> [Piece] {
        var pieces: [Piece] = [], literal: [UInt8] = []
        var i = 0
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        while i < format.count {
            let c = format[i]
            if c == close {
                guard i + 1 < format.count, format[i + 1] == close else { throw LineFormat.FormatError.malformed("Single '}' encountered in format string") }
                literal.append(c); i += 2; continue
            }
            guard c == open else { literal.append(c); i += 1; continue }
            if i + 1 < format.count && format[i + 1] == open { literal.append(c); i += 2; continue }
            // The field runs to the brace that closes it, nested braces (in the spec) counted.
            var depth = 1, end = i + 1
            while end < format.count {
                if format[end] == open { depth += 1 } else if format[end] == close { depth -= 1; if depth == 0 { break } }
                end += 1
            }
            guard end < format.count else { throw LineFormat.FormatError.malformed("expected '}' before end of string") }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
            pieces.append(.field(try field(Array(format[(i + 1)..<end]))))
            i = end + 1
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    private static func field(_ text: [UInt8]) throws -> Field {
        // The name ends at the first '!' or ':' outside brackets.
        var bracket = false, end = 0
        while end < text.count {
            let c = text[end]
            if c == UInt8(ascii: "[") { bracket = true } else if c == UInt8(ascii: "]") { bracket = false }
            if !bracket && (c == UInt8(ascii: "!") || c == UInt8(ascii: ":")) { break }
            end += 1
        }
        var result = Field(name: String(decoding: text[..<end], as: UTF8.self), conversion: nil, spec: "")
        var rest = text[end...]
        if rest.first == UInt8(ascii: "!") {
            rest = rest.dropFirst()
            guard let conversion = rest.first else { throw LineFormat.FormatError.malformed("unmatched '{' in format spec") }
            result.conversion = conversion
            rest = rest.dropFirst()
            if let next = rest.first, next != UInt8(ascii: ":") { throw LineFormat.FormatError.malformed("expected ':' after conversion specifier") }
        }
        if rest.first == UInt8(ascii: ":") { result.spec = String(decoding: rest.dropFirst(), as: UTF8.self) }
        return result
    }

    /// Runs the server's check; throws as the server refuses (`invalid line format`, `undefined
    /// placeholders in line format`), and refuses `{timestamp}`, which the server's download
    /// then fails on.
    static func check(_ pieces: [Piece]) throws {
        var undefined: [String] = []
        for case let .field(field) in pieces {
            let (name, rest) = split(field.name)
            if name.isEmpty || name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                throw LineFormat.FormatError.malformed("Replacement index \(name.isEmpty ? "0" : name) out of range for positional args tuple")
            }
            if !checkedFields.contains(name) && !undefined.contains(name) { undefined.append(name) }
            if rest.hasPrefix(".") { throw LineFormat.FormatError.malformed("'NoneType' object has no attribute '\(rest.dropFirst().prefix { $0 != "." && $0 != "[" })'") }
            if rest.hasPrefix("[") { throw LineFormat.FormatError.malformed("'NoneType' object is not subscriptable") }
            if field.spec.contains("{") { throw LineFormat.FormatError.malformed("replacement fields inside a format spec are not supported (--extras neither)") }
            guard let conversion = field.conversion else {
                guard field.spec.isEmpty else { throw LineFormat.FormatError.malformed("unsupported format string passed to NoneType.__format__") }
                continue
            }
            guard [UInt8(ascii: "r"), UInt8(ascii: "s"), UInt8(ascii: "a")].contains(conversion) else {
                throw LineFormat.FormatError.malformed("Unknown conversion specifier \(Character(UnicodeScalar(conversion)))")
            }
            _ = try stringSpec(field.spec)
        }
        if !undefined.isEmpty { throw LineFormat.FormatError.unknownFields(undefined) }
        for case let .field(field) in pieces where split(field.name).name == "timestamp" {
            throw LineFormat.FormatError.malformed("clearml-server accepts {timestamp} and then fails the download at the first event "
                + "(the stored event's timestamp is renamed asctime); --extras prints it")
        }
    }

    static func split(_ name: String) -> (name: String, rest: Substring) {
        let end = name.firstIndex { $0 == "." || $0 == "[" } ?? name.endIndex
        return (String(name[..<end]), name[end...])
    }

    /// Python's standard format spec applied to a `str`: `[[fill]align][0][width][.precision][s]`;
    /// what a `str` refuses (sign, `z`, `#`, `=`, grouping, other types) is refused.
    static func stringSpec(_ text: String) throws -> LineFormat.Spec {
        var spec = LineFormat.Spec()
        var chars = Array(text.unicodeScalars)[...]
        let aligns: Set<Unicode.Scalar> = ["<", ">", "^", "="]
        var fillGiven = false
        if chars.count >= 2, aligns.contains(chars[chars.startIndex + 1]) {
            guard chars.first!.isASCII else { throw LineFormat.FormatError.malformed("a fill character outside ASCII is not supported") }
            spec.fill = UInt8(chars.removeFirst().value)
            spec.align = UInt8(chars.removeFirst().value)
            fillGiven = true
        } else if let first = chars.first, aligns.contains(first) {
            spec.align = UInt8(chars.removeFirst().value)
        }
        let refusals: [(Set<Unicode.Scalar>, String)] = [(["+", "-", " "], "Sign not allowed in string format specifier"),
                                                       (["z"], "Negative zero coercion (z) not allowed in string format specifier"),
                                                       (["#"], "Alternate form (#) not allowed in string format specifier")]
        for (set, reason) in refusals where chars.first.map(set.contains) == true { throw LineFormat.FormatError.malformed(reason) }
        if spec.align == UInt8(ascii: "=") { throw LineFormat.FormatError.malformed("'=' alignment not allowed in string format specifier") }
        if chars.first == "0" {
            if !fillGiven { spec.fill = UInt8(ascii: "0") }
            chars.removeFirst()
        }
        var width = ""
        while let c = chars.first, c.properties.numericType == .decimal, c.isASCII { width.unicodeScalars.append(chars.removeFirst()) }
        if let c = chars.first, c == "," || c == "_" { throw LineFormat.FormatError.malformed("Cannot specify '\(c)' with 's'.") }
        var precision: String?
        if chars.first == "." {
            chars.removeFirst()
            var digits = ""
            while let c = chars.first, c.isASCII, c.properties.numericType == .decimal { digits.unicodeScalars.append(chars.removeFirst()) }
            guard !digits.isEmpty else { throw LineFormat.FormatError.malformed("Format specifier missing precision") }
            precision = digits
        }
        if chars.count > 1 { throw LineFormat.FormatError.malformed("Invalid format specifier '\(text)' for object of type 'str'") }
        if let type = chars.first, type != "s" { throw LineFormat.FormatError.malformed("Unknown format code '\(type)' for object of type 'str'") }
        for (digits, what) in [(width, "width"), (precision ?? "", "precision")] where digits.count > 5 || (Int(digits) ?? 0) > LineFormat.maximumWidth {
            throw LineFormat.FormatError.malformed("\(what) over \(LineFormat.maximumWidth) in '\(text)'")
        }
        spec.width = Int(width) ?? 0
        spec.precision = precision.flatMap { Int($0) }
        return spec
    }
}
