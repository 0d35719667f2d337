/// Every observation of one signal with one set of keys: first/last time, count, a few evidence
/// lines, and its episodes (bursts separated by quiet gaps). Repeated errors become one timeline
/// entry with first/last and count. Bounded: evidence and episodes are capped.
///
/// Hits may come in any order (parallel readers, records out of time order): what a group holds
/// does not depend on the order, so groups from separate streams merge into the same group a
/// single time-ordered stream would give (up to the episode cap).
public struct SignalGroup: Sendable {
    public struct Episode: Sendable { public var start: Int64; public var end: Int64; public var count: Int }

    public var signal: Int
    public var keys: [(String, String)]
    public var first: Int64
    public var last: Int64
    public var count = 0
    public var components: [String] = []
    /// The three earliest hits and the latest one, in (time, input, line) order.
    public var evidence: [Evidence] = []
    public var episodes: [Episode] = []
    /// Hits per failure class (signals with `error_class: true`).
    public var classes: [ErrorClass: Int] = [:]
    /// What Kubernetes itself said about this signal: the earliest hits read from object
    /// documents (a namespace's condition, an event), kept apart so log lines cannot crowd them out.
    public var objects: [Evidence] = []
    static let maxObjects = 3
    /// Distinct values of each `_` capture (sorted, at most `maxAttributeValues` each): evidence for joins.
    public var attributes: [String: [String]] = [:]
    static let maxAttributeValues = 16

    /// Evidence lines a group keeps: the three earliest and the latest (`--evidence N` shows up to N).
    public static let maxEvidence = 4
    static let maxEpisodes = 256
    static let episodeGap: Int64 = 15 * 60 * 1_000_000

    init(signal: Int, keys: [(String, String)], time: Int64) {
        self.signal = signal; self.keys = keys; first = time; last = time
    }

    mutating func add(_ h: Hit) {
        count += h.weight
        if let c = h.errorClass { classes[c, default: 0] += h.weight }
        for (k, v) in h.attributes { addAttribute(k, v) }
        let start = min(h.firstTime ?? h.time, h.time)
        if start < first { first = start }
        if h.time > last { last = h.time }
        if let c = h.component, !components.contains(c) { components.append(c) }
        addEvidence(h.evidence)
        if let c = h.component, KubeObjects.components.contains(c) { addObject(h.evidence) }
        addEpisode(Episode(start: start, end: h.time, count: h.weight))
    }

    /// Keeps the `maxObjects` earliest object evidence by (time, input, line).
    mutating func addObject(_ e: Evidence) {
        var i = objects.count
        while i > 0 && e.precedes(objects[i - 1]) { i -= 1 }
        if i < objects.count && objects[i].sameLine(e) { return }
        if i > 0 && objects[i - 1].sameLine(e) { return }
        guard i < Self.maxObjects else { return }
        objects.insert(e, at: i)
        if objects.count > Self.maxObjects { objects.removeLast() }
    }

    /// Keeps the three earliest and the latest evidence by (time, input, line).
    mutating func addEvidence(_ e: Evidence) {
        var i = evidence.count
        while i > 0 && e.precedes(evidence[i - 1]) { i -= 1 }
        if i < evidence.count && evidence[i].sameLine(e) { return }
        if i > 0 && evidence[i - 1].sameLine(e) { return }
        evidence.insert(e, at: i)
        if evidence.count > Self.maxEvidence { evidence.remove(at: Self.maxEvidence - 1) }
    }

    /// Adds an episode, joining it with those less than `episodeGap` apart; past `maxEpisodes`
    /// the earliest two are folded into one.
    mutating func addEpisode(_ e: Episode) {
        // The first episode starting after e.
        var lo = 0, hi = episodes.count
        while lo < hi { let m = (lo + hi) / 2; if episodes[m].start <= e.start { lo = m + 1 } else { hi = m } }
        var merged = e
        var from = lo, to = lo   // episodes [from, to) are joined with e
        while from > 0 && merged.start - episodes[from - 1].end <= Self.episodeGap {
            from -= 1
            merged.start = min(merged.start, episodes[from].start)
            merged.end = max(merged.end, episodes[from].end)
            merged.count += episodes[from].count
        }
        while to < episodes.count && episodes[to].start - merged.end <= Self.episodeGap {
            merged.end = max(merged.end, episodes[to].end)
            merged.count += episodes[to].count
            to += 1
        }
        episodes.replaceSubrange(from..<to, with: [merged])
        if episodes.count > Self.maxEpisodes {
            episodes[0].end = max(episodes[0].end, episodes[1].end); episodes[0].count += episodes[1].count
            episodes.remove(at: 1)
        }
    }

    public func key(_ name: String) -> String? { keys.first { $0.0 == name }?.1 }

    /// The values of a key or of a `_` attribute.
    public func values(_ name: String) -> [String] {
        if let k = key(name) { return [k] }
        return attributes[name] ?? []
    }

    /// Keeps the values sorted and, past the cap, the smallest: the same whatever order hits come in.
    mutating func addAttribute(_ k: String, _ v: String) {
        var vs = attributes[k] ?? []
        var lo = 0, hi = vs.count
        while lo < hi { let m = (lo + hi) / 2; if vs[m] < v { lo = m + 1 } else { hi = m } }
        guard lo == vs.count || vs[lo] != v else { return }
        guard lo < Self.maxAttributeValues else { return }
        vs.insert(v, at: lo)
        if vs.count > Self.maxAttributeValues { vs.removeLast() }
        attributes[k] = vs
    }

    /// The failure classes seen, most frequent first (ties in class order).
    public var classesByCount: [ErrorClass] {
        classes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// Adds another group's observations (same signal) to this one.
    mutating func absorb(_ o: SignalGroup) {
        count += o.count
        classes.merge(o.classes, uniquingKeysWith: +)
        for (k, vs) in o.attributes { for v in vs { addAttribute(k, v) } }
        first = min(first, o.first)
        last = max(last, o.last)
        for c in o.components where !components.contains(c) { components.append(c) }
        for e in o.evidence { addEvidence(e) }
        for e in o.objects { addObject(e) }
        for e in o.episodes { addEpisode(e) }
    }

    /// Shifts the line numbers of evidence from `input` (a chunk read with chunk-local lines).
    mutating func shiftLines(input: Int, by offset: Int) {
        for i in evidence.indices where evidence[i].inputIndex == input { evidence[i].line += offset }
        for i in objects.indices where objects[i].inputIndex == input { objects[i].line += offset }
    }
}
