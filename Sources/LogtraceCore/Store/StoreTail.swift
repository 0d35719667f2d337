import Foundation

/// `logtrace tail clickhouse://...`: polls a table for new rows and reports findings as their
/// evidence arrives, with the same rule pass, signal engine and correlator as `tail` on a stream.
/// Each poll sends the two queries of `analyze` from a low-water mark on: the coverage aggregate
/// (which moves the end of the data and the components present) and the candidate query, in
/// time order.
///
/// The cursor neither repeats nor skips rows. It is a time, not a row: every poll asks again for
/// the rows from `newest - lag` on and remembers how many times it has taken each row (time,
/// path, line, component, node, message) since then; a row is new when it comes back more times
/// than it was taken. Rows that share a timestamp, including identical ones, are each taken
/// once, and a row inserted late is still taken when it is at most `lag` older than the newest
/// row seen. What is remembered is pruned as the mark moves, so memory stays bounded by the
/// candidate rows of one `lag`.
public final class StoreTail {
    public let client: ClickHouseClient
    public let rules: RuleSet
    public var mapping: StoreMapping?
    public var filters: [String] = []
    /// Start at the table's first row (or `since`) instead of its newest.
    public var fromStart = false
    public var since: Int64?
    public var intervalMicros: Int64 = 2_000_000
    public var lagMicros: Int64 = 60_000_000
    /// Stops after this many polls (nil: until interrupted).
    public var maxPolls: Int?
    public private(set) var stats = QueryStats()
    public private(set) var rowsTaken = 0

    public init(client: ClickHouseClient, rules: RuleSet) {
        self.client = client; self.rules = rules
    }

    /// The cursor: a low-water time and the rows already taken since it.
    public struct Cursor {
        public var low: Int64?
        var taken: [RowKey: Int] = [:]
        var seenThisPoll: [RowKey: Int] = [:]

        public init(low: Int64?) { self.low = low }

        /// Whether this occurrence of the row is new (call for each row of a poll, in order).
        public mutating func isNew(_ key: RowKey) -> Bool {
            let n = seenThisPoll[key, default: 0] + 1
            seenThisPoll[key] = n
            if n > taken[key, default: 0] { taken[key] = n; return true }
            return false
        }

        /// Ends a poll: the mark moves to `newest - lag` and older rows are forgotten.
        public mutating func endPoll(newest: Int64?, lag: Int64) {
            seenThisPoll.removeAll(keepingCapacity: true)
            guard let n = newest else { return }
            let mark = n - lag
            if mark > (low ?? .min) {
                low = mark
                taken = taken.filter { $0.key.time >= mark }
            }
        }

        public var remembered: Int { taken.count }
    }

    public struct RowKey: Hashable {
        public var time: Int64
        public var rest: String
        public init(time: Int64, rest: String) { self.time = time; self.rest = rest }
    }

    static func key(_ row: StoreRow) -> RowKey {
        RowKey(time: row.time ?? .min, rest: [row.path, row.sourceLine.map(String.init) ?? "", row.component, row.node, row.message].joined(separator: "\u{1}"))
    }

    /// Polls until interrupted (SIGINT/SIGTERM) or `maxPolls`.
    public func run(live: LiveAnalyzer, log: DiagnosticLog) throws {
        let resolver = StoreAnalyzer(client: client, rules: rules, options: AnalysisOptions())
        resolver.mapping = mapping
        let m = try resolver.resolveMapping()
        var q = StoreQuery(mapping: m, table: client.url.qualifiedTable)
        q.filters = filters
        let limitsBefore = rules.regexLimitHits()
        defer { live.endDiagnostics(since: limitsBefore, log: log) }
        let builder = StoreRecordBuilder(rules: rules, raw: m.rawMessage)
        let signals = rules.signals.map(\.spec)
        var inputs: [String: Int] = [:]
        var cursor = Cursor(low: since)
        if !fromStart && since == nil {
            // From the end, like tail -f: the newest row's time; rows at it count as taken.
            let (rows, st) = try client.rows("SELECT max(\(q.timeSelect)) FROM \(client.url.qualifiedTable)" + (q.baseConditions.isEmpty ? "" : " WHERE " + q.baseConditions.joined(separator: " AND ")))
            stats.add(st)
            if let v = rows.first?.first, let t = m.timeKind == .rfc3339 ? Self.parseTime(v.string) : v.int64, t > 0 {
                cursor.low = t
                q.since = t
                _ = try client.select(q.candidates(signals)) { values in
                    if let row = StoreRow(values, timeKind: m.timeKind) { _ = cursor.isNew(Self.key(row)) }
                }
                cursor.endPoll(newest: t, lag: 0)
            }
        }
        live.startStore()
        var polls = 0
        while logtraceInterrupted == 0 {
            do {
                q.since = cursor.low
                // Coverage: the end of the data and the components present.
                let (cov, covStats) = try client.rows(q.coverage)
                stats.add(covStats)
                var newest: Int64?
                for r in cov where r.count >= 6 {
                    let path = r[0].string ?? "", comp = r[1].string ?? "", node = r[2].string ?? ""
                    let first = m.timeKind == .rfc3339 ? Self.parseTime(r[4].string) : r[4].int64
                    let last = m.timeKind == .rfc3339 ? Self.parseTime(r[5].string) : r[5].int64
                    if let l = last { newest = max(newest ?? l, l) }
                    if let f = first, let l = last { live.noteCoverage(input: inputName(path, comp, node), component: comp, first: f, last: l) }
                }
                let st = try client.select(q.candidates(signals)) { values in
                    guard let row = StoreRow(values, timeKind: m.timeKind) else { return }
                    guard cursor.isNew(Self.key(row)) else { return }
                    rowsTaken += 1
                    let name = inputName(row.path, row.component, row.node)
                    let input: Int
                    if let i = inputs[name] { input = i } else { input = live.addInput(name); inputs[name] = input }
                    builder.withView(row, input: input) { live.consume($0) }
                }
                stats.add(st)
                live.finishBatch()
                cursor.endPoll(newest: newest, lag: lagMicros)
            } catch {
                // Interrupted (Ctrl-C, SIGTERM) in the middle of a request: the socket read gives up
                // and the request fails; stop as between two polls, with the rows taken so far.
                guard logtraceInterrupted != 0 else { throw error }
                live.finishBatch()
                break
            }
            polls += 1
            if let mp = maxPolls, polls >= mp { break }
            var slept: Int64 = 0
            while slept < intervalMicros && logtraceInterrupted == 0 {
                usleep(useconds_t(min(100_000, intervalMicros - slept)))
                slept += 100_000
            }
        }
    }

    /// An input's name, as `StoreAnalyzer` names it: the row's path, or the table with the
    /// row's component and node.
    func inputName(_ path: String, _ component: String, _ node: String) -> String {
        path.isEmpty ? "\(client.url.display) \(component.isEmpty ? "-" : component)@\(node.isEmpty ? "-" : node)" : path
    }

    static func parseTime(_ s: String?) -> Int64? {
        guard let text = s, text.utf8.count >= 19 else { return nil }
        return Array(text.utf8).withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time }
    }
}
