/// Turns hits into signal groups: applies thresholds (`count` hits with the same `by` keys
/// `within` a window) and keeps one group per signal and key set.
///
/// Streaming and order-free: a hit is folded into its group as it comes (count, first/last,
/// evidence sample, episodes), so memory does not grow with the number of hits, and hits may come
/// in any order, so engines of separate streams `merge` into what one engine fed every hit gives.
/// A hit of a threshold signal counts when some window of `within` that holds it holds at least
/// `count` hits of its key; until that is known it waits in its key's `ThresholdTrack`. Bounded:
/// key groups per signal, tracked threshold keys and waiting hits are capped, and every cap
/// reached is reported (`overflows`).
public final class SignalEngine {
    public let rules: RuleSet
    public private(set) var groups: [SignalGroup] = []
    private var groupIndex: [GroupKey: Int] = [:]
    private var tracks: [GroupKey: ThresholdTrack] = [:]
    private var groupsPerSignal: [Int]
    public static let maxGroupsPerSignal = 10_000
    /// Threshold keys tracked across all signals.
    public static let maxWindows = 50_000
    /// Hits below their threshold kept (they may still join a burst); past this they are dropped.
    public var maxWaiting = 200_000
    private var waiting = 0
    private var counted: [Hit] = []
    /// Called with a group's index when it is created or grows (live tail re-correlates what it touches).
    public var onChange: ((Int) -> Void)?

    /// A cap that was reached: what was not counted, per signal.
    public enum Overflow: Hashable, Sendable { case keys, thresholdKeys, waitingHits }
    public private(set) var overflows: [Int: [Overflow: Int]] = [:]
    public var overflowedSignals: Set<Int> { Set(overflows.keys) }

    struct GroupKey: Hashable {
        var signal: Int
        var keys: [String]
    }

    public init(rules: RuleSet) {
        self.rules = rules
        changes = ChangeTracker(rules: rules)
        groupsPerSignal = Array(repeating: 0, count: rules.signals.count)
    }

    /// Hits held back below their threshold (the only per-hit memory; bounded by `maxWaiting`).
    public var waitingHits: Int { waiting }

    /// Bounds of the changes behind failure signals with `change_window` (raw hits, before thresholds).
    public let changes: ChangeTracker

    /// Kubernetes events seen, per signal and event identity. Deferred (batch): the observation
    /// with the highest count waits here until `flushEvents`, so an event found in several dumps
    /// counts once whatever the order the dumps are read and merged in. Immediate (live tail):
    /// an event is counted when it comes, and a later observation adds only the occurrences
    /// beyond the count already counted.
    public var deferEvents = true
    private struct EventKey: Hashable { var signal: Int; var key: String }
    private var events: [EventKey: Hit] = [:]
    private var eventsCounted: [EventKey: (weight: Int, time: Int64)] = [:]
    public static let maxEvents = 100_000

    static func better(_ a: Hit, than b: Hit) -> Bool {
        if a.weight != b.weight { return a.weight > b.weight }
        if a.time != b.time { return a.time > b.time }
        if a.inputIndex != b.inputIndex { return a.inputIndex < b.inputIndex }
        return a.line < b.line
    }

    /// Feeds one hit, in any order.
    public func add(_ h: Hit) {
        if let key = h.eventKey {
            let k = EventKey(signal: h.signal, key: key)
            if deferEvents && (events[k] != nil || events.count < Self.maxEvents) {
                if let old = events[k], !Self.better(h, than: old) { return }
                events[k] = h
                return
            }
            if let done = eventsCounted[k] {
                guard h.weight > done.weight else { return }
                // Only the occurrences beyond those counted, after the last one counted.
                var more = h
                more.weight = h.weight - done.weight
                more.firstTime = min(h.time, done.time + 1)
                eventsCounted[k] = (h.weight, h.time)
                addWeighted(more)
                return
            }
            if eventsCounted.count < Self.maxEvents { eventsCounted[k] = (h.weight, h.time) }
        }
        addWeighted(h)
    }

    /// Counts the deferred events (once each, with their highest count); call after the last
    /// merge, before reading `groups`.
    public func flushEvents() {
        let pending = events.sorted { a, b in a.key.signal != b.key.signal ? a.key.signal < b.key.signal : a.key.key < b.key.key }
        events = [:]
        for (k, h) in pending {
            eventsCounted[k] = (h.weight, h.time)
            addWeighted(h)
        }
    }

    /// A hit that stands for `weight` occurrences from `firstTime` to `time` (an event's count)
    /// meets a threshold as that many lines spread evenly over the span would: the last
    /// `count` of them enter the threshold window, the earliest carrying the rest of the weight.
    private func addWeighted(_ h: Hit) {
        if !changes.isEmpty {
            changes.add(h)
            // An event's first occurrence is a failure of its own time.
            if let f = h.firstTime, f < h.time { var e = h; e.time = f; e.evidence.time = f; e.firstTime = nil; changes.add(e) }
        }
        guard h.weight > 1, let th = rules.signals[h.signal].spec.threshold, th.count > 1 else { countHit(h); return }
        let n = min(h.weight, th.count)
        let span = max(0, h.time - (h.firstTime ?? h.time))
        let gap = span / Int64(h.weight - 1)
        for i in 0..<n {
            var p = h
            p.time = h.time - Int64(i) * gap
            if i == n - 1 {
                p.weight = h.weight - (n - 1)
            } else {
                p.weight = 1; p.firstTime = nil
            }
            countHit(p)
        }
    }

    private func countHit(_ h: Hit) {
        let sig = rules.signals[h.signal]
        guard let t = sig.spec.threshold else { record(h); return }
        let wk = GroupKey(signal: h.signal, keys: t.by.map { k in h.keys.first { $0.0 == k }?.1 ?? "" })
        if tracks[wk] == nil {
            guard tracks.count < Self.maxWindows else { overflow(h.signal, .thresholdKeys); return }
            tracks[wk] = ThresholdTrack(count: t.count, within: t.within)
        }
        var track = tracks.removeValue(forKey: wk)!
        let before = track.waiting.count
        counted.removeAll(keepingCapacity: true)
        track.add(h, into: &counted)
        waiting += track.waiting.count - before
        for x in counted { record(x) }
        if waiting > maxWaiting, let dropped = track.dropOldestWaiting() {
            waiting -= 1
            overflow(dropped.signal, .waitingHits)
        }
        tracks[wk] = track
    }

    /// Adds what another engine (same rules) saw; the result does not depend on which engine
    /// saw which hit. Call in a fixed order for the group order (and the caps) to be deterministic.
    public func merge(_ o: SignalEngine) {
        for g in o.groups {
            let key = GroupKey(signal: g.signal, keys: g.keys.flatMap { [$0.0, $0.1] })
            if let i = groupIndex[key] {
                groups[i].absorb(g)
            } else {
                guard groupsPerSignal[g.signal] < Self.maxGroupsPerSignal else { overflow(g.signal, .keys, g.count); continue }
                groupsPerSignal[g.signal] += 1
                groupIndex[key] = groups.count
                groups.append(g)
            }
        }
        for (s, kinds) in o.overflows { for (k, n) in kinds { overflow(s, k, n) } }
        for k in o.events.keys.sorted(by: { a, b in a.signal != b.signal ? a.signal < b.signal : a.key < b.key }) {
            let h = o.events[k]!
            if let old = events[k], !Self.better(h, than: old) { continue }
            if events[k] == nil && events.count >= Self.maxEvents { addWeighted(h); continue }
            events[k] = h
        }
        changes.merge(o.changes)
        for wk in o.tracks.keys.sorted(by: Self.keyOrder) {
            let other = o.tracks[wk]!
            if tracks[wk] == nil {
                guard tracks.count < Self.maxWindows else { overflow(wk.signal, .thresholdKeys, other.waiting.count); continue }
                tracks[wk] = ThresholdTrack(count: other.count, within: other.within)
            }
            var track = tracks.removeValue(forKey: wk)!
            let before = track.waiting.count
            counted.removeAll(keepingCapacity: true)
            track.merge(other, into: &counted)
            waiting += track.waiting.count - before
            for x in counted { record(x) }
            tracks[wk] = track
        }
        while waiting > maxWaiting, let wk = tracks.filter({ !$0.value.waiting.isEmpty }).keys.min(by: Self.keyOrder) {
            guard let dropped = tracks[wk]!.dropOldestWaiting() else { break }
            waiting -= 1
            overflow(dropped.signal, .waitingHits)
        }
    }

    private static func keyOrder(_ a: GroupKey, _ b: GroupKey) -> Bool {
        a.signal != b.signal ? a.signal < b.signal : a.keys.lexicographicallyPrecedes(b.keys)
    }

    /// Shifts the line numbers of one input's hits (a chunk read with chunk-local lines).
    public func shiftLines(input: Int, by offset: Int) {
        guard offset != 0 else { return }
        for i in groups.indices { groups[i].shiftLines(input: input, by: offset) }
        for k in tracks.keys { tracks[k]!.shiftLines(input: input, by: offset) }
        for k in events.keys where events[k]!.inputIndex == input { events[k]!.line += offset; events[k]!.evidence.line += offset }
        changes.shiftLines(input: input, by: offset)
    }

    private func overflow(_ signal: Int, _ kind: Overflow, _ n: Int = 1) {
        overflows[signal, default: [:]][kind, default: 0] += n
    }

    private func record(_ h: Hit) {
        let key = GroupKey(signal: h.signal, keys: h.keys.flatMap { [$0.0, $0.1] })
        let index: Int
        if let i = groupIndex[key] {
            groups[i].add(h)
            index = i
        } else {
            guard groupsPerSignal[h.signal] < Self.maxGroupsPerSignal else { overflow(h.signal, .keys); return }
            groupsPerSignal[h.signal] += 1
            index = groups.count
            groupIndex[key] = index
            var g = SignalGroup(signal: h.signal, keys: h.keys, time: h.time)
            g.add(h)
            groups.append(g)
        }
        onChange?(index)
    }

    /// One line per signal and cap reached, for the diagnostics.
    public func overflowDiagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        for s in overflows.keys.sorted() {
            let id = rules.signals[s].id
            for (kind, n) in overflows[s]!.sorted(by: { "\($0.key)" < "\($1.key)" }) {
                switch kind {
                case .keys:
                    out.append(Diagnostic(.warning, kind: .limit, "signal '\(id)' saw more than \(Self.maxGroupsPerSignal) distinct keys: \(n) hits of further keys were not counted",
                                          help: "narrow the input (--since, fewer files) or the signal's captures"))
                case .thresholdKeys:
                    out.append(Diagnostic(.warning, kind: .limit, "more than \(Self.maxWindows) threshold keys are tracked: \(n) hits of signal '\(id)' under further keys were not counted",
                                          help: "narrow the input (--since, fewer files)"))
                case .waitingHits:
                    out.append(Diagnostic(.warning, kind: .limit, "more than \(maxWaiting) hits wait below their threshold: \(n) earliest hits of signal '\(id)' were dropped before their window was known",
                                          help: "narrow the input (--since, fewer files)"))
                }
            }
        }
        return out
    }
}

/// The threshold state of one signal and `by` key. A hit counts when a window of `within`
/// holding it holds at least `count` hits (a burst), or when it follows a counted hit by at most
/// `within` (the signal is sustained, even if its rate dips below `count`). Taken over the set
/// of hits, not their order: hits split into runs where each follows the one before by at most
/// `within`, and in a run every hit from its first burst on counts.
///
/// Counted stretches are kept as intervals (every hit inside one counts) with their first
/// `count - 1` hit times, which is all a later hit before them needs to find a window; hits not
/// yet counted wait, sorted by time. Memory grows with waiting hits and intervals, not with the
/// hits inside intervals.
struct ThresholdTrack {
    struct Span {
        var start: Int64
        var end: Int64
        /// The first `count - 1` hit times (all of them while fewer).
        var head: [Int64]
        var hits: Int
    }
    let count: Int
    let within: Int64
    private(set) var spans: [Span] = []     // sorted, more than `within` apart
    private(set) var waiting: [Hit] = []    // sorted by (time, input, line)

    init(count: Int, within: Int64) { self.count = max(1, count); self.within = max(0, within) }

    /// Adds a hit; appends to `counted` the hits that now count (the new one, and waiting ones
    /// it completes a window with or sustains).
    mutating func add(_ h: Hit, into counted: inout [Hit]) {
        let t = h.time
        if count <= 1 { counted.append(h); return }
        // The last span starting at or before t.
        var lo = 0, hi = spans.count
        while lo < hi { let m = (lo + hi) / 2; if spans[m].start <= t { lo = m + 1 } else { hi = m } }
        let before = lo - 1
        if before >= 0, spans[before].end >= t, spans[before].head.count == count - 1, t >= spans[before].head[count - 2] {
            // Inside a span, past its first hits: no window of any other hit changes.
            spans[before].hits += 1
            counted.append(h)
            return
        }
        let window = denseWindow(around: t)
        let sustained = before >= 0 && t &- spans[before].end <= within
        guard window != nil || sustained else { insertWaiting(h); return }
        counted.append(h)
        let (a, b) = window ?? (t, t)
        absorb(Span(start: a, end: b, head: [t], hits: 1), into: &counted)
    }

    /// Adds another track of the same key: its spans, then its waiting hits.
    mutating func merge(_ o: ThresholdTrack, into counted: inout [Hit]) {
        for s in o.spans { absorb(s, into: &counted) }
        // Waiting hits may now complete a window with the new spans' first hits: adding them
        // again in time order finds every window (see `add`).
        let pending = (waiting + o.waiting).sorted(by: Self.order)
        waiting = []
        for w in pending { add(w, into: &counted) }
    }

    /// Makes `s` (whose hits count) a span: joins the spans it overlaps or comes within `within`
    /// of, counts the waiting hits inside, and extends it over the waiting hits (and spans) that
    /// follow it by at most `within` each.
    private mutating func absorb(_ s: Span, into counted: inout [Hit]) {
        var span = s
        var times = s.head
        // Spans within `within` of it on either side (spans are sorted and far apart).
        var first = 0, last = spans.count
        while first < last { let m = (first + last) / 2; if spans[m].end &+ within < span.start { first = m + 1 } else { last = m } }
        var past = first
        while past < spans.count && spans[past].start <= span.end &+ within {
            span.start = min(span.start, spans[past].start); span.end = max(span.end, spans[past].end)
            times += spans[past].head; span.hits += spans[past].hits
            past += 1
        }
        spans.removeSubrange(first..<past)
        // Waiting hits inside count.
        let a = waitingLowerBound(span.start), b = waitingUpperBound(span.end)
        for w in waiting[a..<b] { counted.append(w); times.append(w.time) }
        span.hits += b - a
        waiting.removeSubrange(a..<b)
        // Sustained: waiting hits and spans that follow within `within`, one after another.
        var k = a
        while true {
            if k < waiting.count && waiting[k].time &- span.end <= within {
                counted.append(waiting[k]); times.append(waiting[k].time)
                span.hits += 1; span.end = max(span.end, waiting[k].time)
                waiting.remove(at: k)
            } else if first < spans.count && spans[first].start &- span.end <= within {
                span.end = max(span.end, spans[first].end)
                times += spans[first].head; span.hits += spans[first].hits
                spans.remove(at: first)
                let c = waitingUpperBound(span.end)
                for w in waiting[k..<c] { counted.append(w); times.append(w.time) }
                span.hits += c - k
                waiting.removeSubrange(k..<c)
            } else { break }
        }
        times.sort()
        span.head = Array(times.prefix(count - 1))
        spans.insert(span, at: first)
    }

    mutating func dropOldestWaiting() -> Hit? { waiting.isEmpty ? nil : waiting.removeFirst() }

    mutating func shiftLines(input: Int, by offset: Int) {
        for i in waiting.indices where waiting[i].inputIndex == input {
            waiting[i].line += offset; waiting[i].evidence.line += offset
        }
    }

    static func order(_ a: Hit, _ b: Hit) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.inputIndex != b.inputIndex { return a.inputIndex < b.inputIndex }
        return a.line < b.line
    }

    private func waitingUpperBound(_ t: Int64) -> Int {
        var lo = 0, hi = waiting.count
        while lo < hi { let m = (lo + hi) / 2; if waiting[m].time <= t { lo = m + 1 } else { hi = m } }
        return lo
    }

    private func waitingLowerBound(_ t: Int64) -> Int {
        var lo = 0, hi = waiting.count
        while lo < hi { let m = (lo + hi) / 2; if waiting[m].time < t { lo = m + 1 } else { hi = m } }
        return lo
    }

    private mutating func insertWaiting(_ h: Hit) {
        var lo = 0, hi = waiting.count
        while lo < hi { let m = (lo + hi) / 2; if Self.order(waiting[m], h) { lo = m + 1 } else { hi = m } }
        waiting.insert(h, at: lo)
    }

    /// The union of the windows of `within` that hold `t` and at least `count` known hit times
    /// (waiting hits, the first hits of spans, and t itself), or nil when there is none.
    private func denseWindow(around t: Int64) -> (Int64, Int64)? {
        let from = t &- within, to = t &+ within
        var points: [Int64] = [t]
        let a = waitingLowerBound(from), b = waitingUpperBound(to)
        for w in waiting[a..<b] { points.append(w.time) }
        var k = 0, hi = spans.count
        while k < hi { let m = (k + hi) / 2; if spans[m].end < from { k = m + 1 } else { hi = m } }
        while k < spans.count && spans[k].start <= to {
            for e in spans[k].head where e >= from && e <= to { points.append(e) }
            k += 1
        }
        guard points.count >= count else { return nil }
        points.sort()
        var span: (Int64, Int64)?
        var j = 0
        for i in points.indices where points[i] <= t {
            if j < i { j = i }
            while j + 1 < points.count && points[j + 1] &- points[i] <= within { j += 1 }
            if points[j] >= t && j - i + 1 >= count {
                span = (min(span?.0 ?? points[i], points[i]), max(span?.1 ?? points[j], points[j]))
            }
        }
        return span
    }
}
