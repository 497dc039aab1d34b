/// A Python `str.format` line format for log lines (`{asctime} {worker} {level} {msg}`):
/// literal text, `{{` and `}}`, and `{field}` or `{field:spec}` with spec
/// `[[fill]align][0][width][.precision]`.
public struct LineFormat: Sendable {
    /// The fields a log line can name.
    public enum Field: String, CaseIterable, Sendable {
        case asctime, timestamp, level, worker, msg, task, type
    }

    struct Spec: Sendable {
        var fill: UInt8 = 0x20
        var align: UInt8?  // '<', '>', '^'
        var width = 0
        var precision: Int?
        /// Python's conversion, `r`, `s` or `a` (`{msg!r}`), applied before the spec.
        var conversion: UInt8?

        /// No padding and no truncation: the value goes out as it is.
        var isPlain: Bool { width == 0 && precision == nil && conversion == nil }
    }

    enum Part: Sendable {
        case literal([UInt8])
        case field(Field, Spec)
    }

    let parts: [Part]
    /// The parts flattened for the hot loop: no reference counting per line. A step is a literal
    /// (`field` nil, bytes `literal` of `literals`) or a field with its spec.
    struct Step: Sendable {
        let field: Field?
        let literal: Range<Int>
        let spec: Spec
    }
    let steps: [Step]
    let literals: [UInt8]
    /// The server's default.
    public static let serverDefault = "{asctime} {worker} {level} {msg}"

    /// What is wrong with a line format.
    /// The largest width or precision a placeholder may ask for.
    public static let maximumWidth = 4096

    public enum FormatError: Error, CustomStringConvertible, Equatable {
        case unknownFields([String])
        case malformed(String)

        public var description: String {
            switch self {
            case let .unknownFields(names):
                return "undefined placeholders in line format: \(names.joined(separator: ", ")) (known: "
                    + Field.allCases.map(\.rawValue).joined(separator: ", ") + ")"
            case let .malformed(reason): return "invalid line format: \(reason)"
            }
        }
    }

    /// Parses `format` as clearml-server's `download_task_log` accepts it: Python `str.format`
    /// with the fields `asctime`, `level`, `worker`, `msg`; a format spec only after a conversion
    /// (`{msg!s:>20}`: the check formats None, which takes no spec), `{timestamp}` refused (the
    /// server's download fails on it). With `extras`, runreport's own rules (`init(_:)`).
    public init(_ format: String, extras: Bool) throws {
        guard !extras else { try self.init(format); return }
        var text = Array(format.utf8)
        while text.last == 0x0A { text.removeLast() }
        text.append(0x0A)
        let pieces = try PythonFormat.parse(text)
        try PythonFormat.check(pieces)
        var parts: [Part] = []
        for piece in pieces {
            switch piece {
            case let .literal(bytes): parts.append(.literal(bytes))
            case let .field(field):
                guard let known = Field(rawValue: field.name) else { throw FormatError.unknownFields([field.name]) }
                var spec = field.conversion == nil ? Spec() : try PythonFormat.stringSpec(field.spec)
                spec.conversion = field.conversion
                parts.append(.field(known, spec))
            }
        }
        self.init(parts: parts)
    }

    /// Parses `format` by runreport's rules (`--extras`): fields `asctime`, `timestamp`, `level`,
    /// `worker`, `msg`, `task`, `type`, each with an optional spec `[[fill]align][0][width][.precision]`;
    /// like clearml-server, a trailing newline is ensured.
    public init(_ format: String) throws {
        var text = Array(format.utf8)
        while text.last == 0x0A { text.removeLast() }
        text.append(0x0A)
        var parts: [Part] = []
        var literal: [UInt8] = []
        var unknown: [String] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "{") && i + 1 < text.count && text[i + 1] == UInt8(ascii: "{") {
                literal.append(c); i += 2; continue
            }
            if c == UInt8(ascii: "}") {
                guard i + 1 < text.count, text[i + 1] == UInt8(ascii: "}") else { throw FormatError.malformed("single '}'") }
                literal.append(c); i += 2; continue
            }
            guard c == UInt8(ascii: "{") else { literal.append(c); i += 1; continue }
            guard let close = text[i...].firstIndex(of: UInt8(ascii: "}")) else { throw FormatError.malformed("unclosed '{'") }
            let inside = String(decoding: text[(i + 1)..<close], as: UTF8.self)
            let pieces = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pieces[0])
            if let field = Field(rawValue: name) {
                if !literal.isEmpty { parts.append(.literal(literal)); literal = [] }
                parts.append(.field(field, try Self.spec(pieces.count > 1 ? String(pieces[1]) : "")))
            } else {
                unknown.append(name)
            }
            i = close + 1
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        if !unknown.isEmpty { throw FormatError.unknownFields(unknown) }
        self.init(parts: parts)
    }

    private init(parts: [Part]) {
        self.parts = parts
        var literals: [UInt8] = [], steps: [Step] = []
        for part in parts {
            switch part {
            case let .literal(bytes):
                steps.append(Step(field: nil, literal: literals.count..<(literals.count + bytes.count), spec: Spec()))
                literals += bytes
            case let .field(field, spec):
                steps.append(Step(field: field, literal: 0..<0, spec: spec))
            }
        }
        self.steps = steps
        self.literals = literals
    }

    static func spec(_ text: String) throws -> Spec {
        var spec = Spec()
        var chars = Array(text.utf8)[...]
        let aligns: [UInt8] = [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "^")]
        if chars.count >= 2, aligns.contains(chars[chars.startIndex + 1]) {
            spec.fill = chars.removeFirst()
            spec.align = chars.removeFirst()
        } else if let first = chars.first, aligns.contains(first) {
            spec.align = chars.removeFirst()
        }
        if chars.first == UInt8(ascii: "0") { spec.fill = UInt8(ascii: "0"); spec.align = spec.align ?? UInt8(ascii: ">") }
        var digits = ""
        while let c = chars.first, c >= 0x30, c <= 0x39 { digits.append(Character(UnicodeScalar(c))); chars.removeFirst() }
        // A width past this is a mistake, not a layout: it would pad every line with megabytes.
        guard digits.count <= 5, (Int(digits) ?? 0) <= Self.maximumWidth else {
            throw FormatError.malformed("width over \(Self.maximumWidth) in '\(text)'")
        }
        spec.width = Int(digits) ?? 0
        if chars.first == UInt8(ascii: ".") {
            chars.removeFirst()
            var precision = ""
            while let c = chars.first, c >= 0x30, c <= 0x39 { precision.append(Character(UnicodeScalar(c))); chars.removeFirst() }
            guard let value = Int(precision) else { throw FormatError.malformed("precision without digits in '\(text)'") }
            guard precision.count <= 5, value <= Self.maximumWidth else { throw FormatError.malformed("precision over \(Self.maximumWidth) in '\(text)'") }
            spec.precision = value
        }
        if chars.first == UInt8(ascii: "s") || chars.first == UInt8(ascii: "d") { chars.removeFirst() }
        guard chars.isEmpty else { throw FormatError.malformed("unsupported format spec '\(text)'") }
        return spec
    }
}
