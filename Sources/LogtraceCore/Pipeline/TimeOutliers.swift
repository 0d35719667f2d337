/// Records far outside the bulk of their input: a node with a broken clock writes one line dated
/// 2035, and "the last record" would move years away, so `--since 6h` would keep nothing of the
/// incident. Days holding records are clustered (a gap of more than `gapDays` splits); the
/// cluster with the most records is the bulk; a cluster holding at most `maxShare` of the dated
/// records, away from the bulk, is an outlier: warned about with its file and first line, still
/// analysed, but relative windows count back from the end of the bulk.
public enum TimeOutliers {
    public static let gapDays: Int64 = 7
    public static let maxShare = 0.01

    struct Cluster {
        var firstDay: Int64, lastDay: Int64
        var records = 0
        var first = Int64.max, last = Int64.min
        var firstLine = Int.max
    }

    static func clusters(_ days: [Int64: InputStats.DayTally]) -> [Cluster] {
        var out: [Cluster] = []
        for d in days.keys.sorted() {
            let t = days[d]!
            if out.isEmpty || d - out[out.count - 1].lastDay > gapDays { out.append(Cluster(firstDay: d, lastDay: d)) }
            var c = out[out.count - 1]
            c.lastDay = d
            c.records += t.records
            c.first = min(c.first, t.first); c.last = max(c.last, t.last)
            if t.firstLine > 0 { c.firstLine = min(c.firstLine, t.firstLine) }
            out[out.count - 1] = c
        }
        return out
    }

    /// The bulk and the outlier clusters of a set of days.
    static func split(_ days: [Int64: InputStats.DayTally]) -> (bulk: Cluster, outliers: [Cluster])? {
        let cs = clusters(days)
        guard let bulk = cs.indices.max(by: { (cs[$0].records, $0) < (cs[$1].records, $1) }) else { return nil }
        let total = cs.reduce(0) { $0 + $1.records }
        let outliers = cs.enumerated().filter { $0.offset != bulk && Double($0.element.records) <= maxShare * Double(total) }.map(\.element)
        return (cs[bulk], outliers)
    }

    /// The last record time of the bulk of all inputs together (nil when none has a time).
    public static func bulkEnd(_ stats: [InputStats]) -> Int64? {
        var all: [Int64: InputStats.DayTally] = [:]
        for s in stats { for (d, t) in s.days { all[d, default: InputStats.DayTally()].absorb(t) } }
        guard let (bulk, outliers) = split(all) else { return stats.compactMap(\.last).max() }
        // Clusters that are not outliers (big enough to be data) still count for the end.
        let kept = clusters(all).filter { c in !outliers.contains { $0.firstDay == c.firstDay } }
        return kept.map(\.last).max() ?? bulk.last
    }

    /// One warning per input and outlier cluster, naming the first line dated in it.
    public static func check(_ stats: [InputStats], log: DiagnosticLog) {
        for s in stats {
            guard let (bulk, outliers) = split(s.days) else { continue }
            for o in outliers {
                let when = o.firstDay == o.lastDay ? day(o.first) : "\(day(o.first))..\(day(o.last))"
                log.add(Diagnostic(.warning, kind: .timeOutlier, path: s.path, line: o.firstLine == Int.max ? nil : o.firstLine,
                                   "\(o.records) record\(o.records == 1 ? "" : "s") dated \(when), far from the rest of the input (\(day(bulk.first))..\(day(bulk.last)))",
                                   help: "a wrong clock? they are analysed, but --since/--until durations count back from \(Timestamp.rfc3339Seconds(bulk.last)), the end of the bulk"))
            }
        }
    }

    static func day(_ t: Int64) -> String { String(Timestamp.rfc3339(t).prefix(10)) }
}
