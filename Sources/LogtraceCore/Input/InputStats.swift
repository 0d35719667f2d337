/// What was read from one input file: the `inputs` entries of the JSON output and the header.
public struct InputStats: Sendable {
    public var path: String
    public var component: String?
    /// Every component seen in the file's records (journald exports mix several).
    public var components: Set<String> = []
    public var node: String?
    public var wrapper: String = "plain"
    public var bytes = 0
    public var lines = 0
    public var records = 0
    public var unparsed = 0
    public var first: Int64?
    public var last: Int64?
    public var yearFrom: YearResolver.Source = .none
    /// Process restarts seen in the stream: a new klog pid, or a new `Log file created at:` header.
    public var restarts = 0
    /// The first and last klog pid of the stream: a restart exactly at a chunk boundary shows as a
    /// different pid on either side when chunk stats are merged.
    public var firstPid: Int?
    public var lastPid: Int?
    public var failed = false
    /// Records dated inside the absolute --since/--until window (`ReadOptions.window`).
    public var inWindow = 0
    /// The directory the user named, when this file was found by walking it (nil for a file named itself).
    public var walkedFrom: String?

    /// Records per day (since the epoch), with the first line and the time range of each: where
    /// the bulk of the input lies, and the records far from it (`TimeOutliers`). At most
    /// `maxDays` days are told apart; records of further days are only counted in `records`.
    public var days: [Int64: DayTally] = [:]
    public static let maxDays = 4096

    public struct DayTally: Sendable, Equatable {
        public var records = 0
        public var firstLine = 0
        public var first = Int64.max
        public var last = Int64.min
        mutating func absorb(_ o: DayTally) {
            records += o.records
            firstLine = firstLine == 0 ? o.firstLine : (o.firstLine == 0 ? firstLine : min(firstLine, o.firstLine))
            first = min(first, o.first); last = max(last, o.last)
        }
    }

    mutating func note(day: Int64, _ t: DayTally) {
        if days[day] != nil { days[day]!.absorb(t) } else if days.count < Self.maxDays { days[day] = t }
    }

    public init(path: String, component: String?, node: String?) {
        self.path = path; self.component = component; self.node = node
    }

    mutating func note(time: Int64?) {
        guard let t = time else { return }
        if first == nil || t < first! { first = t }
        if last == nil || t > last! { last = t }
    }
}

/// Options that shape how inputs are read.
public struct ReadOptions: Sendable {
    public var year: Int?
    /// Zone of klog and syslog clocks (local time without an offset).
    public var zone: ClockZone = .utc
    /// A fixed zone offset in microseconds (the offset of `zone` when it never changes).
    public var zoneOffset: Int64 {
        get { zone.fixedOffset ?? 0 }
        set { zone = .fixed(newValue) }
    }
    public var maxLine = 1 << 20
    /// Date for klog times when no wrapper, header, file name, mtime or --year tells (stdin).
    public var fallbackDate: (year: Int, month: Int, day: Int) = (1970, 12, 31)
    public var blockSize = 1 << 20
    /// The absolute time window whose records are counted (`InputStats.inWindow`).
    public var window: (since: Int64, until: Int64) = (Int64.min, Int64.max)
    /// Shared progress counter (the terminal progress line), if any.
    public var progress: Progress?
    /// `--only`: records of other components (and records of no known component) are not
    /// passed on; inputs are still read and counted.
    public var only: Set<String>?
    /// The decoder of `.gz` inputs (igzip when built in, else zlib).
    public var gzipDecoder: GzipDecoder = .preferred
    public init() {}
}

extension InputStats {
    /// The first and last record time of each component across the inputs.
    public static func coverage(_ stats: [InputStats]) -> [String: (first: Int64, last: Int64)] {
        var out: [String: (first: Int64, last: Int64)] = [:]
        for s in stats {
            guard let f = s.first, let l = s.last else { continue }
            for c in s.components.union(s.component.map { [$0] } ?? []) {
                if let o = out[c] { out[c] = (min(o.first, f), max(o.last, l)) } else { out[c] = (f, l) }
            }
        }
        return out
    }
}
