/// Times are Int64 microseconds since the Unix epoch, UTC. These helpers convert civil dates
/// without Foundation so the hot path never allocates (Howard Hinnant's days-from-civil).
public enum Timestamp {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000
    /// The times RFC 3339 can write: years 0001 to 9999. Data outside is an unparsed time.
    public static let minTime: Int64 = -62_135_596_800_000_000          // 0001-01-01T00:00:00Z
    public static let maxTime: Int64 = 253_402_300_799_999_999          // 9999-12-31T23:59:59.999999Z
    @inline(__always) public static func inRange(_ t: Int64) -> Bool { t >= minTime && t <= maxTime }
    public static let validYears = 1...9999

    /// Days in a month (February of a leap year has 29).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date.
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Microseconds since the epoch for a civil date and time in UTC.
    @inline(__always)
    public static func micros(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int) -> Int64 {
        days(year: year, month: month, day: day) * microsPerDay
            + Int64(hour * 3600 + minute * 60 + second) * microsPerSecond + Int64(micro)
    }

    /// Civil date (year, month, day) of a day number since the epoch.
    public static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// RFC 3339 UTC with microseconds: `2019-10-17T08:31:02.123456Z`.
    public static func rfc3339(_ t: Int64) -> String {
        let t = min(max(t, minTime), maxTime)   // never a year RFC 3339 cannot write
        var days = t / microsPerDay
        var rem = t % microsPerDay
        if rem < 0 { rem += microsPerDay; days -= 1 }
        let (y, mo, d) = civil(days: days)
        let secs = Int(rem / microsPerSecond), us = Int(rem % microsPerSecond)
        // Written digit by digit into the string's own storage (27 ASCII bytes): evidence of every
        // JSON hit and every rendered time goes through here.
        return String(unsafeUninitializedCapacity: 27) { b in
            @inline(__always) func put(_ v: Int, _ at: Int, _ width: Int) {
                var v = v, k = at + width - 1
                while k >= at { b[k] = UInt8(truncatingIfNeeded: 0x30 + v % 10); v /= 10; k -= 1 }
            }
            put(y, 0, 4); b[4] = UInt8(ascii: "-"); put(mo, 5, 2); b[7] = UInt8(ascii: "-"); put(d, 8, 2)
            b[10] = UInt8(ascii: "T"); put(secs / 3600, 11, 2); b[13] = UInt8(ascii: ":")
            put(secs / 60 % 60, 14, 2); b[16] = UInt8(ascii: ":"); put(secs % 60, 17, 2)
            b[19] = UInt8(ascii: "."); put(us, 20, 6); b[26] = UInt8(ascii: "Z")
            return 27
        }
    }

    /// The reference for `rfc3339`: the same text built from padded decimal strings.
    static func rfc3339Reference(_ t: Int64) -> String {
        let t = min(max(t, minTime), maxTime)
        var days = t / microsPerDay
        var rem = t % microsPerDay
        if rem < 0 { rem += microsPerDay; days -= 1 }
        let (y, mo, d) = civil(days: days)
        let secs = Int(rem / microsPerSecond), us = Int(rem % microsPerSecond)
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2)).\(pad(us, 6))Z"
    }

    /// RFC 3339 UTC to the second: `2019-10-17T08:31:02Z` (for human-facing headers).
    public static func rfc3339Seconds(_ t: Int64) -> String {
        let s = rfc3339(t)
        return String(s.prefix(19)) + "Z"
    }

    /// `hh:mm:ss` of a time, UTC.
    public static func clock(_ t: Int64) -> String {
        let s = rfc3339(t)
        return String(s.dropFirst(11).prefix(8))
    }

    /// A human duration: `2h25m`, `4m10s`, `35s`, `0.8s`.
    public static func duration(_ d: Int64) -> String {
        if d < microsPerSecond { return "\(d / 1000)ms" }
        let s = d / microsPerSecond
        if s < 60 { return "\(s)s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60)m" : "\(s / 60)m\(s % 60)s" }
        let h = s / 3600, m = s / 60 % 60
        if h >= 24 { return h % 24 == 0 ? "\(h / 24)d" : "\(h / 24)d\(h % 24)h" }   // 8d2h, not 194h17m
        return m == 0 ? "\(h)h" : "\(h)h\(m)m"
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
