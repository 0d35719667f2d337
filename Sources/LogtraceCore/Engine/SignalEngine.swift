/// Turns time-ordered hits into signal groups: applies thresholds (`count` hits with the same
/// `by` keys `within` a window) and keeps one group per signal and key set. State is bounded:
/// windows expire and the number of tracked keys per signal is capped (and reported).
public final class SignalEngine {
    public let rules: RuleSet
    public private(set) var groups: [SignalGroup] = []
    private var groupIndex: [GroupKey: Int] = [:]
    private var windows: [GroupKey: Window] = [:]
    private var groupsPerSignal: [Int]
    public static let maxGroupsPerSignal = 10_000
    /// Open threshold windows across all signals (each holds at most 2 x count hits).
    public static let maxWindows = 50_000
    public private(set) var overflowedSignals: Set<Int> = []
    /// Called when a group is created or grows (live tail re-correlates on it).
    public var onChange: (() -> Void)?

    struct GroupKey: Hashable {
        var signal: Int
        var keys: [String]
    }

    struct Window {
        var hits: [Hit] = []
        /// Hits recorded into a group so far (by arrival number), so a window that reaches its
        /// count again never records a hit twice.
        var recordedThrough = -1
        var arrivals = 0
        /// When the window last recorded a hit: while hits keep coming within `within` of it,
        /// the signal is sustained and every hit counts, even if the rate dips below `count`.
        var lastRecorded: Int64?
    }

    public init(rules: RuleSet) {
        self.rules = rules
        groupsPerSignal = Array(repeating: 0, count: rules.signals.count)
    }

    /// Feeds one hit; hits must come in time order (ties in input order).
    public func add(_ h: Hit) {
        let sig = rules.signals[h.signal]
        guard let t = sig.spec.threshold else { record(h); return }
        let byKeys = t.by.map { k in h.keys.first { $0.0 == k }?.1 ?? "" }
        let wk = GroupKey(signal: h.signal, keys: byKeys)
        if windows[wk] == nil && windows.count >= Self.maxWindows {
            expireWindows(now: h.time)
            if windows.count >= Self.maxWindows { overflowedSignals.insert(h.signal); return }
        }
        var w = windows[wk] ?? Window()
        let n = w.arrivals
        w.arrivals += 1
        w.hits.removeAll { h.time - $0.time > t.within }
        w.hits.append(h)
        if let last = w.lastRecorded, h.time - last <= t.within {
            record(h)
            w.recordedThrough = n
            w.lastRecorded = h.time
        } else if w.hits.count >= t.count {
            // The window reaches its count: record the hits in it not recorded yet.
            let firstInWindow = n - (w.hits.count - 1)
            for (i, x) in w.hits.enumerated() where firstInWindow + i > w.recordedThrough { record(x) }
            w.recordedThrough = n
            w.lastRecorded = h.time
        }
        if w.hits.count > t.count * 2 { w.hits.removeFirst(w.hits.count - t.count) }
        windows[wk] = w
    }

    private func expireWindows(now: Int64) {
        windows = windows.filter { key, w in
            guard let last = w.hits.last, let t = rules.signals[key.signal].spec.threshold else { return false }
            // An expired window forgets its state: a later burst must reach the count again.
            return now - last.time <= t.within
        }
    }

    private func record(_ h: Hit) {
        let key = GroupKey(signal: h.signal, keys: h.keys.flatMap { [$0.0, $0.1] })
        if let i = groupIndex[key] {
            groups[i].add(h)
        } else {
            guard groupsPerSignal[h.signal] < Self.maxGroupsPerSignal else { overflowedSignals.insert(h.signal); return }
            groupsPerSignal[h.signal] += 1
            groupIndex[key] = groups.count
            var g = SignalGroup(signal: h.signal, keys: h.keys, time: h.time)
            g.add(h)
            groups.append(g)
        }
        onChange?()
    }
}
