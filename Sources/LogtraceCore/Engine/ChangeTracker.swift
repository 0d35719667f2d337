/// Bounds changes that no log shows. For a failure signal with `change_window`, it keeps what
/// bounds the change: the first failures (their retry period), the last failure, and the
/// successes of the same operation near them, so the last success before the first failure and
/// the first success after the last one (the fix) can be read at the end. Like the signal engine
/// it is order-free: hits may come in any order, and trackers of separate streams `merge`.
/// Bounded: a few failure times and at most `maxSuccesses` successes per tracked signal.
public final class ChangeTracker {
    public struct Track: Sendable {
        /// The earliest failures, oldest first (for the first failure and the retry period).
        var earliest: [Evidence] = []
        public var lastFailure: Evidence?
        /// Successes of the operation, oldest first.
        var successes: [Evidence] = []

        public var firstFailure: Evidence? { earliest.first }
        public var lastSuccessBefore: Evidence? {
            guard let f = firstFailure else { return successes.last }
            return successes.last { Self.before($0, f) }
        }
        public var firstSuccessAfter: Evidence? {
            guard let l = lastFailure else { return nil }
            return successes.first { Self.before(l, $0) }
        }
        /// The median gap between the first failures: how often the operation is retried (whole
        /// seconds for retries of a second or more: reconcile loops jitter by milliseconds).
        public var period: Int64? { period(restarts: []) }

        /// The period from the gaps that no process restart (sorted times) falls in: a restart
        /// resets the retry cadence, so a gap across one says nothing about it (a crash loop
        /// failing once per start has no retry period at all).
        public func period(restarts: [Int64]) -> Int64? {
            let times = earliest.compactMap(\.time)
            let gaps = zip(times.dropFirst(), times).filter { !ChangeTracker.restarted(restarts, after: $0.1, upTo: $0.0) }
                .map { $0.0 - $0.1 }.sorted()
            guard gaps.count >= 2 else { return nil }
            let m = gaps[gaps.count / 2]
            return m >= 1_000_000 ? (m + 500_000) / 1_000_000 * 1_000_000 : m
        }

        static func before(_ a: Evidence, _ b: Evidence) -> Bool {
            (a.time ?? 0, a.inputIndex, a.path, a.line) < (b.time ?? 0, b.inputIndex, b.path, b.line)
        }

        mutating func addFailure(_ e: Evidence) {
            let at = earliest.firstIndex { Self.before(e, $0) } ?? earliest.count
            if at < ChangeTracker.periodSamples { earliest.insert(e, at: at) }
            if earliest.count > ChangeTracker.periodSamples { earliest.removeLast() }
            if lastFailure == nil || Self.before(lastFailure!, e) { lastFailure = e }
        }

        mutating func addSuccess(_ e: Evidence) {
            let at = successes.firstIndex { Self.before(e, $0) } ?? successes.count
            successes.insert(e, at: at)
            guard successes.count > ChangeTracker.maxSuccesses else { return }
            // Successes while the failures went on bound nothing; then those farthest from them.
            if let f = firstFailure, let l = lastFailure {
                successes.removeAll { Self.before(f, $0) && Self.before($0, l) }
            }
            while successes.count > ChangeTracker.maxSuccesses {
                let beforeCount = firstFailure.map { f in successes.filter { Self.before($0, f) }.count } ?? successes.count
                if beforeCount > successes.count - beforeCount { successes.removeFirst() } else { successes.removeLast() }
            }
        }

        mutating func merge(_ o: Track) {
            for e in o.earliest { addFailure(e) }
            if let l = o.lastFailure { addFailure(l) }
            for e in o.successes { addSuccess(e) }
        }
    }

    static let periodSamples = 9
    static let maxSuccesses = 512
    static let maxRestarts = 1024
    /// A failure signal and the values of its `change_window.by` keys.
    public struct TrackKey: Hashable, Sendable, Comparable {
        public var signal: Int
        public var values: [String] = []
        public init(signal: Int, values: [String] = []) { self.signal = signal; self.values = values }
        public static func < (a: TrackKey, b: TrackKey) -> Bool {
            a.signal != b.signal ? a.signal < b.signal : a.values.lexicographicallyPrecedes(b.values)
        }
    }
    public private(set) var tracks: [TrackKey: Track] = [:]
    /// Process restarts per component (sorted times, the earliest `maxRestarts`): the retry
    /// cadence of a failing operation starts over at each.
    public private(set) var restarts: [String: [Int64]] = [:]
    /// success signal -> failure signals it bounds
    private var boundedBy: [Int: [Int]] = [:]
    private let tracked: Set<Int>
    /// The `by` keys of each tracked signal.
    private var by: [Int: [String]] = [:]

    public init(rules: RuleSet) {
        var t = Set<Int>()
        for (i, s) in rules.signals.enumerated() {
            guard let c = s.spec.changeWindow else { continue }
            t.insert(i)
            by[i] = c.by
            if let ok = c.success, let si = rules.signalIndex[ok] { boundedBy[si, default: []].append(i) }
        }
        tracked = t
    }

    /// The track of failure signal `signal` for a hit with these keys (and `_` captures).
    public func key(_ signal: Int, _ keys: [(String, String)]) -> TrackKey {
        TrackKey(signal: signal, values: (by[signal] ?? []).map { k in keys.first { $0.0 == k }?.1 ?? "" })
    }

    public var isEmpty: Bool { tracked.isEmpty }

    /// Feeds one raw hit (before thresholds), in any order.
    public func add(_ h: Hit) {
        let named = h.attributes.isEmpty ? h.keys : h.keys + h.attributes
        if tracked.contains(h.signal) { tracks[key(h.signal, named), default: Track()].addFailure(h.evidence) }
        for f in boundedBy[h.signal] ?? [] { tracks[key(f, named), default: Track()].addSuccess(h.evidence) }
    }

    /// Notes that a component's process restarted at `time` (a new pid, a new container log).
    public func noteRestart(component: String, time: Int64) {
        guard !isEmpty else { return }
        var ts = restarts[component] ?? []
        var lo = 0, hi = ts.count
        while lo < hi { let m = (lo + hi) / 2; if ts[m] < time { lo = m + 1 } else { hi = m } }
        guard lo == ts.count || ts[lo] != time, lo < Self.maxRestarts else { return }
        ts.insert(time, at: lo)
        if ts.count > Self.maxRestarts { ts.removeLast() }
        restarts[component] = ts
    }

    /// Whether a restart in `times` (sorted) lies in (a, b].
    static func restarted(_ times: [Int64], after a: Int64, upTo b: Int64) -> Bool {
        var lo = 0, hi = times.count
        while lo < hi { let m = (lo + hi) / 2; if times[m] <= a { lo = m + 1 } else { hi = m } }
        return lo < times.count && times[lo] <= b
    }

    /// Adds what another tracker (same rules) saw.
    public func merge(_ o: ChangeTracker) {
        for k in o.tracks.keys.sorted() { tracks[k, default: Track()].merge(o.tracks[k]!) }
        for c in o.restarts.keys.sorted() { for t in o.restarts[c]! { noteRestart(component: c, time: t) } }
    }

    /// Shifts the line numbers of one input's evidence (a chunk read with chunk-local lines).
    public func shiftLines(input: Int, by offset: Int) {
        func shift(_ e: inout Evidence) { if e.inputIndex == input { e.line += offset } }
        for k in tracks.keys {
            for i in tracks[k]!.earliest.indices { shift(&tracks[k]!.earliest[i]) }
            for i in tracks[k]!.successes.indices { shift(&tracks[k]!.successes[i]) }
            if tracks[k]!.lastFailure != nil { shift(&tracks[k]!.lastFailure!) }
        }
    }
}
