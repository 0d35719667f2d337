/// Every observation of one signal with one set of keys: first/last time, count, a few evidence
/// lines, and its episodes (bursts separated by quiet gaps). Repeated errors become one timeline
/// entry with first/last and count. Bounded: evidence and episodes are capped.
public struct SignalGroup: Sendable {
    public struct Episode: Sendable { public var start: Int64; public var end: Int64; public var count: Int }

    public var signal: Int
    public var keys: [(String, String)]
    public var first: Int64
    public var last: Int64
    public var count = 0
    public var components: [String] = []
    public var evidence: [Evidence] = []
    public var episodes: [Episode] = []
    /// Hits per failure class (signals with `error_class: true`).
    public var classes: [ErrorClass: Int] = [:]
    /// Distinct values of each `_` capture (at most `maxAttributeValues` each): evidence for joins.
    public var attributes: [String: [String]] = [:]
    static let maxAttributeValues = 16

    static let maxEvidence = 4
    static let maxEpisodes = 256
    static let episodeGap: Int64 = 15 * 60 * 1_000_000

    init(signal: Int, keys: [(String, String)], time: Int64) {
        self.signal = signal; self.keys = keys; first = time; last = time
    }

    mutating func add(_ h: Hit) {
        count += 1
        if let c = h.errorClass { classes[c, default: 0] += 1 }
        for (k, v) in h.attributes { addAttribute(k, v) }
        if h.time < first { first = h.time }
        if h.time > last { last = h.time }
        if let c = h.component, !components.contains(c) { components.append(c) }
        // Keep the first three and the latest one.
        if evidence.count < Self.maxEvidence - 1 { evidence.append(h.evidence) }
        else if evidence.count == Self.maxEvidence - 1 { evidence.append(h.evidence) }
        else { evidence[Self.maxEvidence - 1] = h.evidence }
        if var e = episodes.last, h.time - e.end <= Self.episodeGap, h.time >= e.start {
            e.end = max(e.end, h.time); e.count += 1
            episodes[episodes.count - 1] = e
        } else {
            episodes.append(Episode(start: h.time, end: h.time, count: 1))
            if episodes.count > Self.maxEpisodes {
                episodes[0].end = episodes[1].end; episodes[0].count += episodes[1].count
                episodes.remove(at: 1)
            }
        }
    }

    public func key(_ name: String) -> String? { keys.first { $0.0 == name }?.1 }

    /// The values of a key or of a `_` attribute.
    public func values(_ name: String) -> [String] {
        if let k = key(name) { return [k] }
        return attributes[name] ?? []
    }

    mutating func addAttribute(_ k: String, _ v: String) {
        var vs = attributes[k] ?? []
        guard !vs.contains(v), vs.count < Self.maxAttributeValues else { return }
        vs.append(v)
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
        let all = (evidence + o.evidence).sorted { ($0.time ?? 0, $0.path, $0.line) < ($1.time ?? 0, $1.path, $1.line) }
        evidence = all.count <= Self.maxEvidence ? all : Array(all.prefix(Self.maxEvidence - 1)) + [all.last!]
        episodes = (episodes + o.episodes).sorted { $0.start < $1.start }
        var merged: [Episode] = []
        for e in episodes {
            if var l = merged.last, e.start - l.end <= Self.episodeGap {
                l.end = max(l.end, e.end); l.count += e.count; merged[merged.count - 1] = l
            } else { merged.append(e) }
        }
        episodes = merged
    }
}
