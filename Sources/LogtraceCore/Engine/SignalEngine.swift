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
        var reached = false
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
        w.hits.removeAll { h.time - $0.time > t.within }
        w.hits.append(h)
        if w.hits.count >= t.count {
            if !w.reached { for x in w.hits { record(x) } } else { record(h) }
            w.reached = true
            if w.hits.count > t.count * 2 { w.hits.removeFirst(w.hits.count - t.count) }
        } else {
            w.reached = false
        }
        windows[wk] = w
    }

    private func expireWindows(now: Int64) {
        windows = windows.filter { key, w in
            guard let last = w.hits.last, let t = rules.signals[key.signal].spec.threshold else { return false }
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
