import Foundation

/// Builds findings from signal groups: from each group of a rule's symptom, walks upstream along
/// `causes` edges to groups observed in time (cause starts no later than the effect, allowing
/// for clock skew, and ends at most `max_lag` before it) with matching join keys. The most
/// upstream observed group is the root cause; upstream edges with nothing observed are missing
/// evidence. A pure function of its inputs, so batch and live tail agree.
public struct Correlator {
    public var rules: RuleSet
    public var skew: Int64 = 5 * 60 * 1_000_000
    static let maxCandidates = 256
    /// Components present in the input, for missing-evidence hints.
    public var components: Set<String>

    public init(rules: RuleSet, components: Set<String>) {
        self.rules = rules
        self.components = components
    }

    public func findings(_ allGroups: [SignalGroup]) -> [Finding] {
        let groups = mergeSubsetGroups(applyUnless(allGroups))
        var bySignal: [Int: [Int]] = [:]
        for (i, g) in groups.enumerated() { bySignal[g.signal, default: []].append(i) }
        // Upstream candidates per signal: the most active groups first, at most `maxCandidates`
        // (keeps correlation near-linear when an adversarial input makes thousands of groups).
        for (k, v) in bySignal where v.count > Self.maxCandidates {
            bySignal[k] = Array(v.sorted { groups[$0].count != groups[$1].count ? groups[$0].count > groups[$1].count : $0 < $1 }
                .prefix(Self.maxCandidates)).sorted()
        }
        var memo: [Int: [Int]] = [:]
        var out: [(Finding, Set<Int>, Int)] = []
        for rule in rules.findingRules {
            guard let s = rule.symptom, let si = rules.signalIndex[s] else { continue }
            for gi in bySignal[si] ?? [] {
                let path = bestChain(from: gi, groups: groups, bySignal: bySignal, visiting: [], memo: &memo)
                out.append((build(rule, path: path, groups: groups, bySignal: bySignal), Set(path), gi))
            }
        }
        // Most severe first, then earliest; a finding whose symptom is already a step of a kept
        // finding's chain is folded into it.
        out.sort { a, b in
            if a.0.severity != b.0.severity { return a.0.severity > b.0.severity }
            if a.1.count != b.1.count { return a.1.count > b.1.count }
            if a.0.start != b.0.start { return a.0.start < b.0.start }
            return a.0.id < b.0.id
        }
        var kept: [(Finding, Set<Int>)] = []
        for (f, steps, symptom) in out {
            if let k = kept.firstIndex(where: { $0.1.contains(symptom) }) {
                if !kept[k].0.related.contains(f.id) && kept[k].0.id != f.id { kept[k].0.related.append(f.id) }
            } else {
                kept.append((f, steps))
            }
        }
        return kept.map(\.0)
    }

    /// Folds a group whose keys are a subset of exactly one other group of the same signal (an
    /// optional key such as `lease` missing from some wordings) into that group, when their
    /// activity overlaps, so one event does not become two findings.
    func mergeSubsetGroups(_ groups: [SignalGroup]) -> [SignalGroup] {
        var out = groups
        var removed = Set<Int>()
        // Index groups by (signal, one key=value pair) to find supersets without a full scan.
        var byPair: [String: [Int]] = [:]
        for (j, g) in groups.enumerated() where !g.keys.isEmpty {
            for (k, v) in g.keys { byPair["\(g.signal)\u{1}\(k)\u{1}\(v)", default: []].append(j) }
        }
        var bySignal: [Int: [Int]] = [:]
        for (j, g) in groups.enumerated() { bySignal[g.signal, default: []].append(j) }
        for (i, g) in groups.enumerated() {
            // The rarest of the group's key pairs gives the smallest pool of supersets.
            var pool: [Int] = g.keys.isEmpty ? (bySignal[g.signal] ?? []) : []
            var best = Int.max
            for (k, v) in g.keys {
                let c = byPair["\(g.signal)\u{1}\(k)\u{1}\(v)"] ?? []
                if c.count < best { best = c.count; pool = c }
            }
            var supers: [Int] = []
            for j in pool where j != i && !removed.contains(j) && groups[j].keys.count > g.keys.count {
                let h = groups[j]
                guard h.first <= g.last + SignalGroup.episodeGap, g.first <= h.last + SignalGroup.episodeGap,
                      g.keys.allSatisfy({ kv in h.keys.contains { $0 == kv } }) else { continue }
                supers.append(j)
                if supers.count > 1 { break }
            }
            guard supers.count == 1, let j = supers.first else { continue }
            out[j].absorb(out[i])
            removed.insert(i)
        }
        return out.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// Applies `unless`: hits followed by the `unless` signal (same keys) within its window are
    /// dropped. Groups keep episodes, not single hits, so the window before each occurrence of
    /// the cancelling signal is cut out of the episodes (counts scale with the part kept).
    func applyUnless(_ groups: [SignalGroup]) -> [SignalGroup] {
        var bySignal: [Int: [SignalGroup]] = [:]
        for g in groups { bySignal[g.signal, default: []].append(g) }
        return groups.compactMap { g in
            guard let u = rules.signals[g.signal].spec.unless, let ui = rules.signalIndex[u.signal] else { return g }
            let cuts = (bySignal[ui] ?? []).filter { joinable(g.keys, $0.keys, nil) }
                .flatMap { $0.episodes.map { ($0.start - u.within, $0.end) } }
                .sorted { $0.0 < $1.0 }
            guard !cuts.isEmpty else { return g }
            var kept = g
            var episodes: [SignalGroup.Episode] = []
            for e in g.episodes {
                var pieces = [(e.start, e.end)]
                for (a, b) in cuts {
                    pieces = pieces.flatMap { (s, t) -> [(Int64, Int64)] in
                        if b < s || a > t { return [(s, t)] }
                        var out: [(Int64, Int64)] = []
                        if a > s { out.append((s, a - 1)) }
                        if b < t { out.append((b + 1, t)) }
                        return out
                    }
                }
                let span = max(e.end - e.start, 1)
                for (s, t) in pieces {
                    let n = e.end == e.start ? e.count : max(1, Int(Double(e.count) * Double(t - s) / Double(span)))
                    episodes.append(SignalGroup.Episode(start: s, end: t, count: n))
                }
            }
            guard !episodes.isEmpty else { return nil }
            kept.episodes = episodes
            kept.first = episodes.map(\.start).min()!
            kept.last = episodes.map(\.end).max()!
            kept.count = episodes.reduce(0) { $0 + $1.count }
            let inside = g.evidence.filter { ev in
                guard let t = ev.time else { return true }
                return episodes.contains { t >= $0.start && t <= $0.end }
            }
            kept.evidence = inside.isEmpty ? g.evidence : inside
            return kept
        }
    }

    /// The longest chain of observed groups ending at `gi` (root first).
    func bestChain(from gi: Int, groups: [SignalGroup], bySignal: [Int: [Int]], visiting: Set<Int>, memo: inout [Int: [Int]]) -> [Int] {
        if let m = memo[gi] { return m }
        let g = groups[gi]
        var best: [Int] = []
        for ei in rules.signals[g.signal].upstream {
            let e = rules.edges[ei]
            for ci in bySignal[e.from] ?? [] where !visiting.contains(ci) && ci != gi {
                let c = groups[ci]
                guard c.first <= g.first + skew, g.first - c.last <= e.maxLag, joinable(c.keys, g.keys, e.join) else { continue }
                let sub = bestChain(from: ci, groups: groups, bySignal: bySignal, visiting: visiting.union([gi]), memo: &memo)
                if sub.count > best.count || (sub.count == best.count && !best.isEmpty && better(sub, than: best, groups)) {
                    best = sub
                }
            }
        }
        let chain = best + [gi]
        memo[gi] = chain
        return chain
    }

    private func better(_ a: [Int], than b: [Int], _ groups: [SignalGroup]) -> Bool {
        let ga = groups[a[0]], gb = groups[b[0]]
        if ga.first != gb.first { return ga.first < gb.first }
        return ga.count > gb.count
    }

    /// Keys agree: with an explicit join, those pairs must be equal where both sides have them;
    /// by default every key name both sides captured must be equal.
    func joinable(_ cause: [(String, String)], _ effect: [(String, String)], _ join: [(String, String)]?) -> Bool {
        if let join {
            for (ck, ek) in join {
                guard let a = cause.first(where: { $0.0 == ck })?.1, let b = effect.first(where: { $0.0 == ek })?.1 else { continue }
                if a != b { return false }
            }
            return true
        }
        for (k, a) in cause {
            for (k2, b) in effect where k2 == k { if a != b { return false } }
        }
        return true
    }

    func build(_ rule: RuleFile, path: [Int], groups: [SignalGroup], bySignal: [Int: [Int]]) -> Finding {
        var steps: [Finding.Step] = []
        for (n, gi) in path.enumerated() {
            let g = groups[gi]
            let sig = rules.signals[g.signal]
            let role: Finding.Role = n == path.count - 1 ? .symptom : (n == 0 ? .rootCause : .propagation)
            steps.append(Finding.Step(signal: sig.id, description: sig.spec.description, role: role,
                                      components: g.components.sorted(), first: g.first, last: g.last, count: g.count,
                                      keys: g.keys, evidence: g.evidence))
        }
        if steps.count == 1 { steps[0].role = .symptom }
        // Missing evidence: upstream edges of the root with nothing observed.
        let root = groups[path[0]]
        var missing: [Finding.Missing] = []
        for ei in rules.signals[root.signal].upstream {
            let up = rules.signals[rules.edges[ei].from]
            missing.append(Finding.Missing(signal: up.id, hint: hint(for: up)))
        }
        let symptom = groups[path.last!]
        var keys: [(String, String)] = []
        for gi in path.reversed() { for kv in groups[gi].keys where !keys.contains(where: { $0.0 == kv.0 }) { keys.append(kv) } }
        let start = path.map { groups[$0].first }.min()!
        var end = path.map { groups[$0].last }.max()!
        var resolved = false
        var resolvedBy: Evidence?
        if let r = rule.recovery, let ri = rules.signalIndex[r] {
            let candidates = (bySignal[ri] ?? []).map { groups[$0] }.filter { joinable($0.keys, symptom.keys, nil) }
            var best: (Int64, Evidence?)?
            for c in candidates {
                for e in c.episodes where e.end >= symptom.last - skew && e.start >= symptom.first {
                    let t = max(e.start, min(e.end, symptom.last))
                    if best == nil || t < best!.0 { best = (t, c.evidence.first { ($0.time ?? 0) >= e.start } ?? c.evidence.last) }
                }
            }
            if let b = best { resolved = true; end = max(b.0, symptom.last); resolvedBy = b.1 }
        }
        let confidence: Double = missing.isEmpty ? 0.95 : (steps.count >= 2 ? 0.7 : 0.5)
        return Finding(id: rule.id, title: Self.fill(rule.title, keys), severity: rule.severity, description: rule.description,
                       confidence: confidence, start: start, end: end, resolved: resolved, resolvedBy: resolvedBy,
                       chain: steps, missing: missing, remediation: rule.remediation.map { Self.fill($0, keys) },
                       references: rule.references)
    }

    func hint(for s: RuleSet.Signal) -> String {
        let base = s.spec.hint ?? s.spec.description
        let comps = s.components
        guard !comps.isEmpty else { return base }
        let absent = comps.filter { !components.contains($0) }
        if absent.count == comps.count {
            return "no \(comps.joined(separator: " or ")) logs in the input: \(base)"
        }
        let present = comps.filter { components.contains($0) }
        return "\(present.joined(separator: ", ")) logs present but no matching line: \(base)"
    }

    /// Replaces `{key}` placeholders with captured values.
    static func fill(_ template: String, _ keys: [(String, String)]) -> String {
        var s = template
        for (k, v) in keys { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }
}
