/// UTC times from epoch milliseconds, without Foundation's formatters (no locale, no time zone).
public enum ISOTime {
    /// Calendar fields of a UTC instant.
    public struct Fields: Hashable, Sendable {
        public var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
    }

    public static func fields(milliseconds: Int64) -> Fields {
        let (secondsTotal, millis) = floorDivide(milliseconds, 1000)
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
                      minute: Int(secondOfDay % 3600 / 60), second: Int(secondOfDay % 60), millisecond: Int(millis))
    }

    /// `2026-11-22T14:22:11.768Z`, Elasticsearch's strict_date_time as clearml-server returns it.
    public static func strictDateTime(milliseconds: Int64) -> String {
        let f = fields(milliseconds: milliseconds)
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):"
            + "\(pad(f.second, 2)).\(pad(f.millisecond, 3))Z"
    }

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
