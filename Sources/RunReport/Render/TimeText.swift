/// Reading ISO-8601 times as trackers write them, and durations as people read them.
public enum TimeText {
    /// Epoch milliseconds of `2024-03-01T12:00:05.123+00:00`, `…Z`, `…+0200` or without a zone
    /// (taken as UTC); nil for anything else.
    public static func milliseconds(iso text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for b in bytes[range] {
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int64(b - 48)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19, millis: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 3 { millis = millis * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        var offset: Int64 = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard index + 1 == bytes.count else { return nil }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                let rest = bytes.count - index - 1
                guard let h = number(index + 1..<index + 3) else { return nil }
                let m: Int64?
                switch rest {
                case 2: m = 0
                case 4: m = number(index + 3..<index + 5)
                case 5 where bytes[index + 3] == UInt8(ascii: ":"): m = number(index + 4..<index + 6)
                default: m = nil
                }
                guard let m else { return nil }
                offset = sign * (h * 60 + m) * 60_000
            default: return nil
            }
        }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + millis) - offset
    }

    /// `850 ms`, `12.5 s`, `3 min 05 s`, `2 h 07 min`, `3 d 04 h`; any Int64 (negative as 0,
    /// Int64.max as `106751991167 d 07 h`).
    public static func duration(milliseconds: Int64) -> String {
        let ms = max(0, milliseconds)
        if ms < 1000 { return "\(ms) ms" }
        if ms < 60_000 {
            let tenths = (ms + 50) / 100
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        // Rounded to the unit: ms / 1000 plus one when the rest is half or more (no ms + 500,
        // which overflows at Int64.max).
        func rounded(_ value: Int64, _ unit: Int64) -> Int64 { value / unit + (value % unit >= (unit + 1) / 2 ? 1 : 0) }
        let seconds = rounded(ms, 1000)
        if seconds < 3600 { return "\(seconds / 60) min \(ISOTime.pad(seconds % 60, 2)) s" }
        let minutes = rounded(seconds, 60)
        if minutes < 1440 { return "\(minutes / 60) h \(ISOTime.pad(minutes % 60, 2)) min" }
        let hours = rounded(minutes, 60)
        return "\(hours / 24) d \(ISOTime.pad(hours % 24, 2)) h"
    }
}

extension Run {
    /// How long the run took, in milliseconds: from its started to its completed time when
    /// task.json has both (in that order), else from its first event to its last. Events at both
    /// ends of Int64 are further apart than Int64 holds: the span saturates.
    var durationMilliseconds: Int64? {
        if let start = metadata?.started.flatMap(TimeText.milliseconds(iso:)),
           let end = metadata?.completed.flatMap(TimeText.milliseconds(iso:)), end >= start {
            return end.saturatingSubtract(start)
        }
        return timestamps.map { $0.upperBound.saturatingSubtract($0.lowerBound) }
    }
}
