/// An email address as RFC 5322 §3.4 has it, parsed rather than copied: `Display Name
/// <local@domain>` or a bare `local@domain`. The local part is a dot-atom or a quoted string, the
/// domain a dot-atom or a domain literal (`[192.0.2.1]`), all ASCII (RFC 5321's limits: a local
/// part of 64 octets at most, a domain of 255, an address of 254). The display name may be any
/// text without control characters (quoted or not); it goes into a header encoded.
public struct Mailbox: Sendable, Equatable {
    public let displayName: String?
    public let localPart: String
    public let domain: String

    /// `local@domain`, as it goes between `<` and `>`.
    public var address: String { localPart + "@" + domain }

    /// Parses `text` (surrounding spaces ignored).
    public init(parsing text: String) throws(MailHeaderError) {
        try MailHeaderError.refuseControls(in: text)
        let scalars = Array(text.unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, scalars[start] == " " { start += 1 }
        while end > start, scalars[end - 1] == " " { end -= 1 }
        guard start < end else { throw .notAnAddress("it is empty") }
        var name: String?
        var addressRange = start..<end
        if scalars[end - 1] == ">" {
            // `phrase <addr-spec>`: the phrase is a quoted string, or everything before the `<`.
            // A name quoted whole is unquoted; any other is taken as the text it shows.
            var open = start
            if scalars[start] == "\"", let close = try? Self.endOfQuotedString(scalars, from: start),
               let next = scalars[close..<end].firstIndex(where: { $0 != " " }), scalars[next] == "<" {
                name = Self.unquoted(scalars[start..<close])
                open = next
            } else {
                guard let first = scalars[start..<end].firstIndex(of: "<") else { throw .notAnAddress("a '>' closes no '<'") }
                open = first
                var nameEnd = open
                while nameEnd > start, scalars[nameEnd - 1] == " " { nameEnd -= 1 }
                name = nameEnd > start ? String(String.UnicodeScalarView(scalars[start..<nameEnd])) : nil
            }
            addressRange = (open + 1)..<(end - 1)
        }
        let spec = Array(scalars[addressRange])
        guard spec.allSatisfy(\.isASCII) else {
            throw .notAnAddress("the address is not ASCII (write the domain as xn--…)")
        }
        let at: Int
        if spec.first == "\"" {
            let close = try Self.endOfQuotedString(spec, from: 0)
            guard close < spec.count, spec[close] == "@" else { throw .notAnAddress("no '@' after the quoted local part") }
            at = close
        } else {
            guard let index = spec.firstIndex(of: "@") else { throw .notAnAddress("it has no '@'") }
            at = index
            guard Self.isDotAtom(spec[..<at]) else { throw .notAnAddress("the part before '@' is not a dot-atom") }
        }
        let domain = spec[(at + 1)...]
        guard Self.isDotAtom(domain) || Self.isDomainLiteral(domain) else {
            throw .notAnAddress("the part after '@' is not a domain")
        }
        guard at <= 64, domain.count <= 255, spec.count <= 254 else { throw .notAnAddress("it is longer than RFC 5321 allows") }
        displayName = name
        localPart = String(String.UnicodeScalarView(spec[..<at]))
        self.domain = String(String.UnicodeScalarView(domain))
    }

    /// The mailbox as a header holds it: the name as a quoted string when it is short printable
    /// ASCII, else as encoded words; then `<address>`.
    public var header: String {
        guard let displayName, !displayName.isEmpty else { return address }
        if MIMEEncoding.isPlainText(displayName) {
            var quoted = "\""
            for scalar in displayName.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { quoted += "\\" }
                quoted.unicodeScalars.append(scalar)
            }
            return quoted + "\" <" + address + ">"
        }
        return MIMEEncoding.headerText(displayName) + " <" + address + ">"
    }

    // atext: ALPHA / DIGIT / "!#$%&'*+-/=?^_`{|}~"
    static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    static func isDotAtom(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first, let last = scalars.last, first != ".", last != "." else { return false }
        var previous: Unicode.Scalar = " "
        for scalar in scalars {
            guard isAtext(scalar) || (scalar == "." && previous != ".") else { return false }
            previous = scalar
        }
        return true
    }

    /// `[` dtext `]`: printable ASCII but `[`, `]` and `\`.
    static func isDomainLiteral(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard scalars.count >= 3, scalars.first == "[", scalars.last == "]" else { return false }
        return scalars.dropFirst().dropLast().allSatisfy { $0.value >= 33 && $0.value <= 126 && $0 != "[" && $0 != "]" && $0 != "\\" }
    }

    /// The index after the closing quote of the quoted string opening at `start`.
    static func endOfQuotedString(_ scalars: [Unicode.Scalar], from start: Int) throws(MailHeaderError) -> Int {
        var index = start + 1
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 2
            case "\"": return index + 1
            default: index += 1
            }
        }
        throw .notAnAddress("a quoted string is not closed")
    }

    static func unquoted(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var escaped = false
        for scalar in scalars.dropFirst().dropLast() {
            if !escaped && scalar == "\\" { escaped = true; continue }
            escaped = false
            out.append(scalar)
        }
        return String(out)
    }
}

/// Why a value cannot go into a message's header.
public enum MailHeaderError: Error, Equatable, CustomStringConvertible {
    /// A control character (C0, DEL, C1, U+2028, U+2029) in a header value: headers are one line.
    case controlCharacter(Unicode.Scalar)
    /// Not an RFC 5322 mailbox; the reason says which part.
    case notAnAddress(String)

    public var description: String {
        switch self {
        case let .controlCharacter(scalar):
            return "holds a control character (U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                + "); a header value is one line of text"
        case let .notAnAddress(reason): return "is not an email address: " + reason
        }
    }

    /// Whether `scalar` may not appear in a header: C0 (tab included), DEL, C1 and the Unicode
    /// line and paragraph separators.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Throws for the first control character of `text`.
    public static func refuseControls(in text: String) throws(MailHeaderError) {
        if let scalar = text.unicodeScalars.first(where: isControl) { throw .controlCharacter(scalar) }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }
}
