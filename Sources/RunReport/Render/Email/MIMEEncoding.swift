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

    /// A header value as is when it is printable ASCII, else as RFC 2047 `B` encoded words of at
    /// most 75 characters each, never splitting a character.
    public static func headerText(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) { return text }
        var words: [String] = [], chunk: [UInt8] = []
        let limit = 45  // 45 bytes → 60 base64 characters + 12 of "=?UTF-8?B?" and "?=" ≤ 75
        for character in text {
            let bytes = Array(String(character).utf8.filter { $0 >= 32 || $0 == 9 })
            if chunk.count + bytes.count > limit && !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    /// `Name <address>`, the name quoted or encoded as it needs; a bare address as it is.
    public static func mailbox(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), text.hasSuffix(">") else { return text.trimmingCharacters(in: .whitespaces) }
        var name = text[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        let address = String(text[open...])
        if name.isEmpty { return address }
        if name.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\" " + address
        }
        return headerText(name) + " " + address
    }

    /// `Name: value` folded at spaces so that no line passes 78 characters where it can be
    /// helped (and 998 never), lines joined with CRLF and a leading space.
    public static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if line.utf8.count + 1 + word.utf8.count > 78 && line.utf8.count > name.utf8.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// RFC 5322 `date-time` in UTC: `Sun, 22 Nov 2026 21:35:59 +0000`.
    public static func date(milliseconds: Int64) -> String {
        let f = ISOTime.fields(milliseconds: milliseconds)
        let days = Int((milliseconds >= 0 ? milliseconds : milliseconds - 86_399_999) / 86_400_000)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][f.month - 1]
        return "\(weekday), \(f.day) \(month) \(f.year) \(ISOTime.pad(f.hour, 2)):\(ISOTime.pad(f.minute, 2)):\(ISOTime.pad(f.second, 2)) +0000"
    }
}
