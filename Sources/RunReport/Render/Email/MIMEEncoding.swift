import Foundation

/// The encodings of an Internet message (RFC 2045–2047, 5322): quoted-printable and base64
/// bodies, encoded words for headers, folded header lines, and dates.
public enum MIMEEncoding {
    /// Quoted-printable (RFC 2045 §6.7) with CRLF line ends: lines of at most 76 characters,
    /// `=`, control characters, non-ASCII bytes and trailing white space encoded.
    public static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            var column = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                let width = plain ? 1 : 3
                if column + width > 75 {  // room for the soft break's '='
                    out += [UInt8(ascii: "="), 13, 10]
                    column = 0
                }
                if plain { out.append(byte) } else { out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
                column += width
            }
            if number < lines.count - 1 { out += [13, 10] }
        }
        return out
    }

    /// Base64 in lines of 76 characters, CRLF between them.
    public static func base64(_ bytes: [UInt8]) -> [UInt8] {
        Array(Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
    }

    /// Unstructured header text (a subject, a display name) as it goes into a header: as it is
    /// when `isPlainText` holds, else as RFC 2047 `B` encoded words of UTF-8, each of at most 64
    /// characters (39 octets), split between characters (never inside a UTF-8 sequence) and
    /// separated by single spaces where the header may be folded. Control characters must have
    /// been refused or replaced before (`MailHeaderError.refuseControls`, `oneLine`).
    public static func headerText(_ text: String) -> String {
        if text.isEmpty || isPlainText(text) { return text }
        var words: [String] = [], chunk: [UInt8] = []
        let limit = 39  // 39 octets → 52 base64 characters + 12 of "=?UTF-8?B?" and "?=": "Subject: " + a word ≤ 78
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > limit {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    /// Whether `text` can go into a header as it is: printable ASCII words of at most 66
    /// characters between single spaces, none at either end, and no `=?` a decoder would take
    /// for an encoded word.
    public static func isPlainText(_ text: String) -> Bool {
        var word = 0, previous: UInt8 = 0x20
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F, !(byte == 0x20 && previous == 0x20), !(byte == UInt8(ascii: "?") && previous == UInt8(ascii: "=")) else {
                return false
            }
            word = byte == 0x20 ? 0 : word + 1
            guard word <= 66 else { return false }
            previous = byte
        }
        return previous != 0x20
    }

    /// Text from an input (a run's name, its status) made fit for a header: every control
    /// character (`MailHeaderError.isControl`) becomes a space, runs of white space one space,
    /// none left at either end.
    public static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if MailHeaderError.isControl(scalar) || scalar == " " {
                if let last = out.last, last != " " { out.append(" ") }
            } else {
                out.append(scalar)
            }
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }

    /// `Name: value` folded at spaces so that no line passes 78 characters where it can be
    /// helped (and 998 never), lines joined with CRLF and a leading space.
    public static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            // A fold goes only before a word, so that no line is white space alone.
            if !word.isEmpty && line.utf8.count + 1 + word.utf8.count > 78 && line.utf8.count > name.utf8.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// RFC 5322 `date-time` in UTC: `Sun, 22 Nov 2026 21:35:59 +0000`. A time before 1900 or
    /// past 9999 (from an event at either end of Int64) is held at 1900-01-01 or 9999-12-31
    /// 23:59:59: RFC 5322 has no year before 1900, and readers expect four digits.
    public static func date(milliseconds: Int64) -> String {
        let milliseconds = min(max(milliseconds, earliestDate), latestDate)
        let f = ISOTime.fields(milliseconds: milliseconds)
        let (quotient, remainder) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let days = Int(remainder < 0 ? quotient - 1 : quotient)  // floor
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][f.month - 1]
        return "\(weekday), \(f.day) \(month) \(f.year) \(ISOTime.pad(f.hour, 2)):\(ISOTime.pad(f.minute, 2)):\(ISOTime.pad(f.second, 2)) +0000"
    }

    /// 1900-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, epoch milliseconds.
    static let earliestDate: Int64 = -2_208_988_800_000
    static let latestDate: Int64 = 253_402_300_799_999
}
