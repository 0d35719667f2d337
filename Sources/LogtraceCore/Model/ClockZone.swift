import Foundation

/// The zone of a local clock (klog and syslog print local time without an offset): UTC, a fixed
/// offset, or an IANA zone whose offset changes (daylight saving time). An IANA zone is read once
/// from the system's tzdata into a table of offsets by UTC instant, so lookups on the hot path
/// are a binary search, never Foundation.
public struct ClockZone: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    /// `offsets[i]` (microseconds east of UTC) holds from the UTC instant `starts[i]` on; `starts[0]` is `Int64.min`.
    let starts: [Int64]
    let offsets: [Int64]

    public static let utc = ClockZone(name: "UTC", starts: [Int64.min], offsets: [0])

    /// The table of an IANA zone covers these years; outside them the nearest offset holds.
    static let firstYear = 1970, lastYear = 2100
    /// Real zones lie within UTC-12:00 and UTC+14:00.
    public static let maxEast: Int64 = 14 * 3_600_000_000, maxWest: Int64 = -12 * 3_600_000_000

    init(name: String, starts: [Int64], offsets: [Int64]) {
        self.name = name; self.starts = starts; self.offsets = offsets
    }

    public var description: String { name }
    public var isUTC: Bool { offsets.count == 1 && offsets[0] == 0 }
    /// The offset when it never changes.
    public var fixedOffset: Int64? { offsets.count == 1 ? offsets[0] : nil }

    /// A fixed offset from UTC, in microseconds.
    public static func fixed(_ micros: Int64) -> ClockZone {
        if micros == 0 { return .utc }
        let m = abs(micros) / 60_000_000
        let name = (micros < 0 ? "-" : "+") + two(Int(m / 60)) + ":" + two(Int(m % 60))
        return ClockZone(name: name, starts: [Int64.min], offsets: [micros])
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// An IANA zone (`America/New_York`) from the system's tzdata, or nil when unknown.
    public init?(identifier: String) {
        guard let tz = TimeZone(identifier: identifier) else { return nil }
        var starts: [Int64] = [Int64.min]
        let first = Date(timeIntervalSince1970: Double(Timestamp.days(year: Self.firstYear, month: 1, day: 1) * 86_400))
        let end = Double(Timestamp.days(year: Self.lastYear, month: 1, day: 1) * 86_400)
        var offsets: [Int64] = [Int64(tz.secondsFromGMT(for: first)) * 1_000_000]
        var d = first
        while let next = tz.nextDaylightSavingTimeTransition(after: d), next.timeIntervalSince1970 < end, next > d {
            let o = Int64(tz.secondsFromGMT(for: next)) * 1_000_000
            if o != offsets.last! {
                starts.append(Int64(next.timeIntervalSince1970) * 1_000_000)
                offsets.append(o)
            }
            d = next
        }
        self.init(name: identifier, starts: starts, offsets: offsets)
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `UTC`/`Z`, `+hh:mm`, `-hh:mm`, `+hhmm`, `+hh` (within -12:00 and +14:00, minutes below 60), or an IANA name.
    public static func parse(_ s: String) throws -> ClockZone {
        if s.uppercased() == "UTC" || s == "Z" { return .utc }
        if let sign = s.first, sign == "+" || sign == "-" {
            let body = s.dropFirst()
            let digits: Substring
            if body.count == 5, body[body.index(body.startIndex, offsetBy: 2)] == ":" { digits = body.prefix(2) + body.suffix(2) } else { digits = body }
            guard digits.count == 4 || digits.count == 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ParseError(description: "expected an offset like +02:00 or -04:00, got '\(s)'")
            }
            let h = Int(digits.prefix(2))!, m = digits.count == 4 ? Int(digits.suffix(2))! : 0
            guard m < 60 else { throw ParseError(description: "'\(s)': minutes must be below 60") }
            let micros = Int64(h * 60 + m) * 60_000_000 * (sign == "-" ? -1 : 1)
            guard micros <= maxEast && micros >= maxWest else {
                throw ParseError(description: "'\(s)' is outside the offsets in use (-12:00 to +14:00)")
            }
            return .fixed(micros)
        }
        guard let z = ClockZone(identifier: s) else {
            throw ParseError(description: "unknown zone '\(s)' (use UTC, an offset like +02:00, or an IANA name such as America/New_York)")
        }
        return z
    }

    /// The offset in force at a UTC instant.
    @inline(__always)
    public func offset(atUTC t: Int64) -> Int64 {
        if offsets.count == 1 { return offsets[0] }
        var lo = 0, hi = starts.count - 1   // last i with starts[i] <= t
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if starts[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return offsets[lo]
    }

    /// The UTC instant of a local clock reading (`local` as if it were UTC). A reading the clock
    /// shows twice (the hour repeated when daylight saving time ends) is `ambiguous`: the earlier
    /// instant, unless that is more than ten minutes before `notBefore` (the stream's previous
    /// time) and the later one is not. A reading the clock skips (spring forward) is read with the
    /// offset before the change.
    public func utc(fromLocal local: Int64, notBefore: Int64? = nil) -> (time: Int64, ambiguous: Bool) {
        if offsets.count == 1 { return (local - offsets[0], false) }
        let before = offset(atUTC: local - Self.maxEast - 86_400_000_000)
        let after = offset(atUTC: local - Self.maxWest + 86_400_000_000)
        var valid: [Int64] = []
        for o in [before, after, offset(atUTC: local - before), offset(atUTC: local - after)] where !valid.contains(local - o) {
            if offset(atUTC: local - o) == o { valid.append(local - o) }
        }
        valid.sort()
        if valid.isEmpty { return (local - before, false) }
        if valid.count == 1 { return (valid[0], false) }
        let slack: Int64 = 10 * 60_000_000
        if let n = notBefore, valid[0] < n - slack, valid[valid.count - 1] >= n - slack { return (valid[valid.count - 1], true) }
        return (valid[0], true)
    }
}
