/// Python's and python-rapidjson's ways of writing a string, byte for byte, for the log's
/// `{msg!r}` / `{msg!a}` conversions and its JSON lines.
enum PythonText {
    private static let hexLower = Array("0123456789abcdef".utf8)
    private static let hexUpper = Array("0123456789ABCDEF".utf8)

    /// `repr(str)` (`ascii(str)` with `asciiOnly`): single quotes unless the text holds `'` and no
    /// `"`; `\\`, the quote, `\t \n \r` escaped; other characters Python does not print
    /// (`str.isprintable`: controls, format characters, separators but the space, unassigned,
    /// surrogates, private use) as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
    static func repr(_ utf8: some Collection<UInt8>, asciiOnly: Bool, into out: inout [UInt8]) {
        let text = String(decoding: utf8, as: UTF8.self)
        let hasSingle = text.utf8.contains(UInt8(ascii: "'")), hasDouble = text.utf8.contains(UInt8(ascii: "\""))
        let quote = hasSingle && !hasDouble ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        out.append(quote)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x5C: out += [0x5C, 0x5C]
            case UInt32(quote): out += [0x5C, quote]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            default:
                if value >= 0x20 && value < 0x7F {
                    out.append(UInt8(value))
                } else if value >= 0x80 && !asciiOnly && isPrintable(scalar) {
                    out += Array(String(scalar).utf8)
                } else if value < 0x100 {
                    out += [0x5C, UInt8(ascii: "x")] + hex(value, digits: 2, upper: false)
                } else if value < 0x10000 {
                    out += [0x5C, UInt8(ascii: "u")] + hex(value, digits: 4, upper: false)
                } else {
                    out += [0x5C, UInt8(ascii: "U")] + hex(value, digits: 8, upper: false)
                }
            }
        }
        out.append(quote)
    }

    /// `str.isprintable` for one non-ASCII character.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator: return false
        default: return true
        }
    }

    private static func hex(_ value: UInt32, digits: Int, upper: Bool) -> [UInt8] {
        let table = upper ? hexUpper : hexLower
        return (0..<digits).reversed().map { table[Int(value >> (UInt32($0) * 4) & 0xF)] }
    }

    /// A JSON string as python-rapidjson writes it with `ensure_ascii` (clearml-server's
    /// `apiserver/utilities/json.py`): `\" \\ \b \f \n \r \t`, other controls as `\u00XX`,
    /// every non-ASCII character as uppercase `\uXXXX` (surrogate pairs past the BMP); DEL and
    /// `/` as they are.
    static func rapidJSONString(_ utf8: some Collection<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20, 0x80..<0x10000: out += [0x5C, UInt8(ascii: "u")] + hex(value, digits: 4, upper: true)
            case 0x10000...:
                let offset = value - 0x10000
                out += [0x5C, UInt8(ascii: "u")] + hex(0xD800 + (offset >> 10), digits: 4, upper: true)
                out += [0x5C, UInt8(ascii: "u")] + hex(0xDC00 + (offset & 0x3FF), digits: 4, upper: true)
            default: out.append(UInt8(value))
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
