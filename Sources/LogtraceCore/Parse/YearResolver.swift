/// Turns klog's `MMDD hh:mm:ss.uuuuuu` (no year, no zone) into an absolute time. It never reads
/// the clock: the year comes from, in order, a wrapper's full timestamp, `--year`, klog's
/// `Log file created at:` header, a dated rotated file name, the file's modification time. One
/// resolver serves a whole rotation group, so a year found in the oldest file carries forward and
/// a Dec 31 -> Jan 1 rollover inside the stream bumps it. Without such a year, each member is
/// dated by its own end bound (`StreamDriver.endBounds`: its dated name or modification time, or
/// a later member's), never by an earlier member's.
public final class YearResolver {
    public enum Source: String, Sendable {
        case wrapper, flag, header, filename, mtime, record, fallback, none
    }

    /// Zone of the klog clock (klog prints local time).
    public let zone: ClockZone
    /// Offset of a fixed zone from UTC, in microseconds (nil when it changes, e.g. with daylight saving time).
    private let fixedOffset: Int64?
    /// The last time resolved through a zone with changes (to read a repeated hour in order).
    private var lastZoned: Int64?
    /// False when the last full resolution cannot stand for its whole hour (an offset change inside it).
    private var hourUniform = true
    private var startYear: Int?
    private var endDate: (year: Int, month: Int, day: Int)?
    private var lastMonth = 0
    private var flagged: Bool
    /// The inference actually used for klog times so far (the strongest one seen).
    public private(set) var used: Source = .none

    /// Date used when nothing else tells (a pipe without wrapper dates): the caller's choice,
    /// usually today, read like a file's end date (a December line read in January is last
    /// year's); the resolver itself never reads the clock.
    public var fallbackDate: (year: Int, month: Int, day: Int) = (1970, 12, 31)

    public convenience init(year: Int?, zoneOffset: Int64) {
        self.init(year: year, zone: .fixed(zoneOffset))
    }

    public init(year: Int?, zone: ClockZone) {
        self.zone = zone
        self.fixedOffset = zone.fixedOffset
        self.startYear = year
        self.flagged = year != nil
    }

    /// A `Log file created at: YYYY/MM/DD` header (or a journal's `-- Logs begin at` line).
    public func noteHeader(year: Int, month: Int) {
        cachedHour = -1
        guard !flagged, Timestamp.validYears.contains(year), (1...12).contains(month) else { return }
        startYear = year; lastMonth = month; endDate = nil
        if used != .wrapper { used = .header }
    }

    /// The end of a file's content: a dated rotated name or its mtime. Used only without a start year.
    public func noteEnd(year: Int, month: Int, day: Int, source: Source) {
        cachedHour = -1
        guard !flagged, startYear == nil, Timestamp.validYears.contains(year) else { return }
        endDate = (year, month, day)
        if used == .none || used == .mtime || used == .filename { used = source }
    }

    /// Forgets the previous member's end date: a member with no dated name or usable mtime of its
    /// own (nor a later member's) falls back instead of borrowing an earlier member's.
    public func clearEnd() {
        cachedHour = -1
        endDate = nil
    }

    /// Absolute time of a klog header; `wrapperTime` is the wrapper's full timestamp if any.
    @inline(__always)
    public func resolve(month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int, wrapperTime: Int64?) -> Int64 {
        // Consecutive lines mostly share their hour: reuse its start (same state, same answer).
        let hourKey = month << 16 | day << 8 | hour
        if wrapperTime == nil && hourKey == cachedHour {
            return cachedHourStart + Int64(minute * 60 + second) * Timestamp.microsPerSecond + Int64(micro)
        }
        let t = resolveFully(month: month, day: day, hour: hour, minute: minute, second: second, micro: micro, wrapperTime: wrapperTime)
        if wrapperTime == nil && hourUniform {
            cachedHour = hourKey
            cachedHourStart = t - Int64(minute * 60 + second) * Timestamp.microsPerSecond - Int64(micro)
        } else {
            cachedHour = -1
        }
        return t
    }

    private var cachedHour = -1
    private var cachedHourStart: Int64 = 0

    private func resolveFully(month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int, wrapperTime: Int64?) -> Int64 {
        let year: Int
        if let w = wrapperTime {
            let (wy, wm, _) = Timestamp.civil(days: (w + (fixedOffset ?? zone.offset(atUTC: w))) / Timestamp.microsPerDay)
            if month == 12 && wm == 1 { year = wy - 1 } else if month == 1 && wm == 12 { year = wy + 1 } else { year = wy }
            used = .wrapper
            startYear = year; lastMonth = month
        } else if var y = startYear {
            if lastMonth != 0 && month < lastMonth && lastMonth - month >= 6 {
                y += 1; startYear = y; lastMonth = month          // Dec 31 -> Jan 1 inside the stream
                year = y
            } else if lastMonth != 0 && month > lastMonth && month - lastMonth >= 6 {
                year = y - 1                                      // a late December line after the rollover
            } else {
                lastMonth = month; year = y
            }
            if used == .none { used = flagged ? .flag : .header }
        } else if let e = endDate {
            year = (month, day) > (e.month, e.day) ? e.year - 1 : e.year
        } else {
            let f = fallbackDate
            year = (month, day) > (f.month, f.day) ? f.year - 1 : f.year
            if used == .none { used = .fallback }
        }
        let local = Timestamp.micros(year: min(max(year, 1), 9999), month: month, day: day, hour: hour, minute: minute, second: second, micro: micro)
        if let f = fixedOffset { return local - f }
        let r = zone.utc(fromLocal: local, notBefore: lastZoned)
        lastZoned = r.time
        // The hour's start stands for the whole hour only if its first and last microsecond share the offset.
        let hourStart = local - Int64(minute * 60 + second) * Timestamp.microsPerSecond - Int64(micro)
        let a = zone.utc(fromLocal: hourStart), b = zone.utc(fromLocal: hourStart + 3_600_000_000 - 1)
        hourUniform = !r.ambiguous && !a.ambiguous && !b.ambiguous && (hourStart - a.time) == (local - r.time) && (hourStart - b.time) == (local - r.time)
        return r.time
    }
}
