/// Writes RFC 4180 CSV. Text cells that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with `'`.
public struct CSVWriter {
    /// Rows are appended as bytes: an export is mostly numbers, a String grown cell by cell cost
    /// several times the formatting.
    private var bytes: [UInt8] = []

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public init(header: [String]) { row(header.map(Cell.text)) }

    public enum Cell {
        case text(String)
        case integer(Int64)
        /// Shortest round-trip form; `nan`, `inf`, `-inf` for non-finite values.
        case number(Double)
    }

    public mutating func row(_ cells: [Cell]) {
        row(lead: "", cells)
    }

    /// A row whose first cells are already written (`lead`, ending in a comma).
    mutating func row(lead: String, _ cells: [Cell]) {
        bytes += lead.utf8
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            switch cell {
            case let .integer(value): JSONValue.appendInteger(value, to: &bytes)
            case let .number(value) where value.isFinite: bytes += value.description.utf8
            default: bytes += Self.field(cell).utf8
            }
        }
        bytes += "\r\n".utf8
    }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case let .integer(value): return String(value)
        case let .number(value):
            if value.isNaN { return "nan" }
            if value.isInfinite { return value > 0 ? "inf" : "-inf" }
            return "\(value)"
        case let .text(value):
            var text = value
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
