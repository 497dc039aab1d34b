/// UTC times from epoch milliseconds, without Foundation's formatters (no locale, no time zone).
public enum ISOTime {
    /// Calendar fields of a UTC instant.
    public struct Fields: Hashable, Sendable {
        public var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
    }

    /// Every Int64 is a time: years from -292275055 to +292278994.
    public static func fields(milliseconds: Int64) -> Fields {
        let (secondsTotal, millis) = floorDivide(milliseconds, 1000)
        var result = fields(seconds: secondsTotal)
        result.millisecond = Int(millis)
        return result
    }

    /// The fields of epoch second `seconds` (millisecond 0), for any Int64: a caller that floors
    /// milliseconds to seconds need not multiply back (which overflows near Int64.min).
    public static func fields(seconds secondsTotal: Int64) -> Fields {
        let (days, secondOfDay) = floorDivide(secondsTotal, 86_400)
        // Howard Hinnant's days_from_civil, inverted.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Fields(year: year, month: Int(month), day: Int(day), hour: Int(secondOfDay / 3600),
                      minute: Int(secondOfDay % 3600 / 60), second: Int(secondOfDay % 60), millisecond: 0)
    }

    /// `2026-11-22T14:22:11.768Z`, Elasticsearch's strict_date_time as clearml-server returns it;
    /// a year past 9999 signed as Java's formatter signs it (`+10000-01-01T00:00:00.000Z`), one
    /// before year 0 with its minus sign (`-0001-…`).
    public static func strictDateTime(milliseconds: Int64) -> String {
        let f = fields(milliseconds: milliseconds)
        return "\(year(f.year))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):"
            + "\(pad(f.second, 2)).\(pad(f.millisecond, 3))Z"
    }

    /// A year in at least four digits, `+` before one past 9999 (ISO 8601's expanded years).
    static func year(_ year: Int64) -> String { year > 9999 ? "+" + String(year) : pad(year, 4) }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    static func pad<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        let text = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
