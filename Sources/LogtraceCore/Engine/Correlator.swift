import Foundation
import CShims

/// A counter of correlation work (see `Correlator.meter`).
public final class WorkMeter: @unchecked Sendable {
    public var count = 0
    public init() {}
}

/// Builds findings from signal groups: from each group of a rule's symptom, walks upstream along
/// `causes` edges to groups observed in time (cause starts no later than the effect, allowing
/// for clock skew, and ends at most `max_lag` before it) with matching join keys. The most
/// upstream observed group is the root cause; upstream edges with nothing observed are missing
/// evidence. A pure function of its inputs, so batch and live tail agree.
public struct Correlator {
    public var rules: RuleSet
    public var skew: Int64 = 5 * 60 * 1_000_000
    /// Upstream candidates (and symptom groups) kept per signal: the busiest, so an input with
    /// thousands of keyed groups stays near-linear. A variable so tests can reach it with few groups.
    var maxCandidates = 256
    /// Components present in the input, for missing-evidence hints.
    public var components: Set<String>
    /// The time of the last record analysed (the end of `--until`): a symptom silent long
    /// before it has `stopped`.
    public var dataEnd: Int64?
    /// What the change tracker saw, per failure signal (see `ChangeTracker`).
    public var changes: [ChangeTracker.TrackKey: ChangeTracker.Track] = [:]
    /// The first and last record time of each component in the input.
    public var coverage: [String: (first: Int64, last: Int64)] = [:]
    /// Counts the groups examined (transformed, scanned as candidates, linked, built): how the
    /// scale tests compare live and batch correlation without timing them.
    public var meter: WorkMeter?
    /// Process restarts per component (sorted times): no retry period is inferred across one.
    public var restarts: [String: [Int64]] = [:]

    /// Components in the input that `--only` left out: causes seen only in their logs are
    /// "not looked at", not missing evidence.
    public var leftOut: Set<String> = []

    public init(rules: RuleSet, components: Set<String>) {
        self.rules = rules
        self.components = components
    }

    public func findings(_ allGroups: [SignalGroup]) -> [Finding] {
        meter?.count += allGroups.count
        let groups = mergeSubsetGroups(applyUnless(allGroups))
        var bySignal: [Int: [Int]] = [:]
        for (i, g) in groups.enumerated() { bySignal[g.signal, default: []].append(i) }
        // Upstream candidates per signal: the most active groups first, at most `maxCandidates`
        // (keeps correlation near-linear when an adversarial input makes thousands of groups).
        for (k, v) in bySignal where v.count > maxCandidates {
            bySignal[k] = Array(v.sorted { groups[$0].count != groups[$1].count ? groups[$0].count > groups[$1].count : $0 < $1 }
                .prefix(maxCandidates)).sorted()
        }
        var memo: [Int: [Link]] = [:]
        var out: [(Finding, Set<Int>, Int)] = []
        for rule in rules.findingRules {
            guard let s = rule.symptom, let si = rules.signalIndex[s] else { continue }
            for gi in bySignal[si] ?? [] {
                let path = bestChain(from: gi, groups: groups, bySignal: bySignal, visiting: [], memo: &memo)
                out.append((build(rule, path: path, groups: groups, bySignal: bySignal), Set(path.map(\.group)), gi))
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
                if !kept[k].0.related.contains(f.id) && kept[k].0.id != f.id {
                    kept[k].0.related.append(f.id)
                    kept[k].0.relatedFindings.append(Finding.Related(id: f.id, title: f.title, remediation: f.remediation))
                }
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
            meter?.count += 1
            // The rarest of the group's key pairs gives the smallest pool of supersets.
            var pool: [Int] = g.keys.isEmpty ? (bySignal[g.signal] ?? []) : []
            var best = Int.max
            for (k, v) in g.keys {
                let c = byPair["\(g.signal)\u{1}\(k)\u{1}\(v)"] ?? []
                if c.count < best { best = c.count; pool = c }
            }
            var supers: [Int] = []
            for j in pool where j != i && !removed.contains(j) && Self.absorbs(groups[j], g) {
                supers.append(j)
                if supers.count > 1 { break }
            }
            guard supers.count == 1, let j = supers.first else { continue }
            out[j].absorb(out[i])
            removed.insert(i)
        }
        return out.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// Whether `h` is a superset group `g` folds into: more keys, all of `g`'s among them, and
    /// activity within an episode gap of `g`'s.
    static func absorbs(_ h: SignalGroup, _ g: SignalGroup) -> Bool {
        h.keys.count > g.keys.count && h.first <= g.last + SignalGroup.episodeGap && g.first <= h.last + SignalGroup.episodeGap &&
            g.keys.allSatisfy { kv in h.keys.contains { $0 == kv } }
    }

    /// Applies `unless`: hits followed by the `unless` signal (same keys) within its window are
    /// dropped. Groups keep episodes, not single hits, so the window before each occurrence of
    /// the cancelling signal is cut out of the episodes (counts scale with the part kept).
    func applyUnless(_ groups: [SignalGroup]) -> [SignalGroup] {
        var bySignal: [Int: [SignalGroup]] = [:]
        for g in groups { bySignal[g.signal, default: []].append(g) }
        return groups.compactMap { g in
            guard let u = rules.signals[g.signal].spec.unless, let ui = rules.signalIndex[u.signal] else { return g }
            return applyUnless(g, cancels: bySignal[ui] ?? [])
        }
    }

    /// `g` after `unless`, given the groups of its `unless` signal (those whose keys disagree
    /// with `g`'s are ignored, so any superset of the joinable ones gives the same answer); nil
    /// when nothing of it is left.
    func applyUnless(_ g: SignalGroup, cancels: [SignalGroup]) -> SignalGroup? {
        guard let u = rules.signals[g.signal].spec.unless else { return g }
        meter?.count += 1 + cancels.count
        let cuts = cancels.filter { joinable(g.keys, $0.keys, nil) }
            .flatMap { $0.episodes.map { ($0.start - u.within, $0.end) } }
            .sorted { $0.0 < $1.0 }
        guard !cuts.isEmpty else { return g }
        var kept = g
        var episodes: [SignalGroup.Episode] = []
        for e in g.episodes {
            // An episode that began more than the window before the cancelling signal is
            // not the normal run-up to it (a deletion that finalizes within minutes): the
            // cancel ends it, and the episode is kept whole.
            if cuts.contains(where: { e.start < $0.0 && e.end >= $0.0 && e.end <= $0.1 }) {
                episodes.append(e); continue
            }
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

    /// One link of a chain: the cause group, and how it was joined to its effect.
    struct Link { var group: Int; var join: Finding.Join? }

    /// How strong a chain's evidence is: keyed links first, then class links, then length.
    struct Score: Comparable {
        var keyed = 0, classed = 0, links = 0
        static func < (a: Score, b: Score) -> Bool {
            (a.keyed, a.classed, a.links) < (b.keyed, b.classed, b.links)
        }
    }

    /// Whether the edge `e` links cause group `c` to effect group `g`, and by what kind of join.
    /// Keys that disagree, a CIDR that does not hold the effect's IP, an effect whose failures
    /// are all of classes the edge does not explain, or a window mismatch give nil. A cause that
    /// starts after its effect (beyond the clock-skew allowance, or at all for a time-only link)
    /// is no cause.
    func link(_ e: RuleSet.Edge, cause c: SignalGroup, effect g: SignalGroup) -> Finding.Join? {
        meter?.count += 1
        guard c.first <= g.first + skew, g.first - c.last <= e.maxLag else { return nil }
        var on: [String] = []
        var detail: [String] = []
        if let join = e.join {
            for (ck, ek) in join {
                guard let a = c.key(ck), let b = g.key(ek) else { continue }
                if a != b { return nil }
                on.append(ck == ek ? ck : "\(ck)=\(ek)")
            }
        } else {
            for (k, a) in c.keys where k != ErrorClass.key {
                guard let b = g.key(k) else { continue }
                if a != b { return nil }
                on.append(k)
            }
        }
        for (ck, ek) in e.joinCIDR {
            // An IP of the effect inside a CIDR of the cause proves the link; when both sides
            // name addresses and none is inside, the cause is about other addresses.
            // Each value is read once per link, not once per pair.
            var compared = false, hit: (String, String)?
            let cidrs = c.values(ck), ips = g.values(ek)
            let addresses = ips.map(CIDR.address)
            for cidr in cidrs {
                guard let net = CIDR.network(cidr) else { continue }
                for (k, ip) in ips.enumerated() {
                    guard let a = addresses[k], let inside = CIDR.contains(net, a) else { continue }
                    compared = true
                    if inside && hit == nil { hit = (ip, cidr) }
                }
            }
            if let (ip, cidr) = hit {
                on.append("\(ek.trimmingPrefix("_")) in \(ck.trimmingPrefix("_"))")
                detail.append("\(ip) in \(cidr)")
            } else if compared { return nil }
        }
        // The same log line proves both signals (one record, two readings of it).
        if on.isEmpty, let shared = c.evidence.first(where: { ev in g.evidence.contains(ev) }) {
            on.append("record")
            detail.append("both read from \(shared.location)")
        }
        var classed = false
        if let ex = e.explains, !g.classes.isEmpty {
            let explained = g.classes.filter { ex.contains($0.key) }.reduce(0) { $0 + $1.value }
            if explained == 0 { return nil }
            classed = true
            let names = ex.sorted().map(\.rawValue).joined(separator: "/")
            detail.append("\(explained) of \(g.classes.values.reduce(0, +)) failures are \(names)")
        }
        let kind: Finding.Join.Kind = !on.isEmpty ? .key : classed ? .class : .time
        if kind == .time && c.first > g.first + Timestamp.microsPerSecond { return nil }
        return Finding.Join(kind: kind, on: on, detail: detail.isEmpty ? nil : detail.joined(separator: "; "))
    }

    /// The best-supported chain of observed groups ending at `gi` (root first). Among the causes
    /// of a group, only those joined by the strongest kind present compete (a keyed cause is
    /// never overridden by a keyless one); among those, the chain with more keyed links, then
    /// more class links, then more links wins, then the earliest root, then the busiest.
    func bestChain(from gi: Int, groups: [SignalGroup], bySignal: [Int: [Int]], visiting: Set<Int>, memo: inout [Int: [Link]]) -> [Link] {
        if let m = memo[gi] { return m }
        let g = groups[gi]
        var candidates: [(Int, Finding.Join)] = []
        for ei in rules.signals[g.signal].upstream {
            let e = rules.edges[ei]
            for ci in bySignal[e.from] ?? [] where !visiting.contains(ci) && ci != gi {
                if let j = link(e, cause: groups[ci], effect: g) { candidates.append((ci, j)) }
            }
        }
        var best: [Link] = []
        var bestScore = Score()
        if let strongest = candidates.map(\.1.kind).max() {
            for (ci, j) in candidates where j.kind == strongest {
                var sub = bestChain(from: ci, groups: groups, bySignal: bySignal, visiting: visiting.union([gi]), memo: &memo)
                sub.append(Link(group: gi, join: j))
                let sc = score(sub)
                if best.isEmpty || sc > bestScore || (sc == bestScore && better(sub, than: best, groups)) {
                    best = sub; bestScore = sc
                }
            }
        }
        let chain = best.isEmpty ? [Link(group: gi, join: nil)] : best
        memo[gi] = chain
        return chain
    }

    func score(_ chain: [Link]) -> Score {
        var s = Score()
        for l in chain {
            guard let j = l.join else { continue }
            s.links += 1
            if j.kind == .key { s.keyed += 1 } else if j.kind == .class { s.classed += 1 }
        }
        return s
    }

    private func better(_ a: [Link], than b: [Link], _ groups: [SignalGroup]) -> Bool {
        let ga = groups[a[0].group], gb = groups[b[0].group]
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

    func build(_ rule: RuleFile, path links: [Link], groups: [SignalGroup], bySignal: [Int: [Int]]) -> Finding {
        meter?.count += 1
        let path = links.map(\.group)
        var steps: [Finding.Step] = []
        for (n, l) in links.enumerated() {
            let g = groups[l.group]
            let sig = rules.signals[g.signal]
            let role: Finding.Role = n == path.count - 1 ? .symptom : (n == 0 ? .rootCause : .propagation)
            steps.append(Finding.Step(signal: sig.id, description: sig.spec.description, role: role,
                                      components: g.components.sorted(), first: g.first, last: g.last, count: g.count,
                                      keys: g.keys, evidence: g.evidence, join: l.join,
                                      errorClasses: g.classesByCount.map(\.rawValue),
                                      sentence: sig.spec.sentence?.fill(keys: g.keys, attributes: g.attributes), objects: g.objects))
        }
        if steps.count == 1 { steps[0].role = .symptom }
        // Missing evidence: upstream edges of the root with nothing observed.
        let root = groups[path[0]]
        var missing: [Finding.Missing] = []
        var notLookedAt: [Finding.Missing] = []
        for ei in rules.signals[root.signal].upstream {
            // A cause that cannot produce the failures seen (its edge explains other classes
            // only) is not missing evidence.
            if let ex = rules.edges[ei].explains, !root.classes.isEmpty, root.classes.keys.allSatisfy({ !ex.contains($0) }) { continue }
            let up = rules.signals[rules.edges[ei].from]
            let seen = (bySignal[rules.edges[ei].from] ?? []).map { groups[$0] }
            if !up.components.isEmpty, up.components.allSatisfy(leftOut.contains) {
                notLookedAt.append(Finding.Missing(signal: up.id, hint: "--only left out the \(up.components.joined(separator: " and ")) logs where it would show"))
                continue
            }
            if let why = notACause(rules.edges[ei], seen, root) {
                missing.append(Finding.Missing(signal: up.id, hint: why, seen: true))
            } else {
                missing.append(Finding.Missing(signal: up.id, hint: hint(for: up)))
            }
        }
        let symptom = groups[path.last!]
        var keys: [(String, String)] = []
        for gi in path.reversed() { for kv in groups[gi].keys where !keys.contains(where: { $0.0 == kv.0 }) { keys.append(kv) } }
        let start = path.map { groups[$0].first }.min()!
        var end = path.map { groups[$0].last }.max()!
        var resolved = false
        var resolvedBy: Evidence?
        if let b = recovery(rule, symptom: symptom, groups: groups, bySignal: bySignal) {
            resolved = true; end = max(b.0, symptom.last); resolvedBy = b.1
        }
        var status: Finding.Status = resolved ? .resolved : .ongoing
        if !resolved, let dataEnd, dataEnd - symptom.last > Self.silentAfter { status = .stopped }
        // Confidence: complete evidence, then less for each link joined by time alone.
        var confidence: Double = missing.isEmpty && notLookedAt.isEmpty ? 0.95 : (steps.count >= 2 ? 0.7 : 0.5)
        for s in steps { if let j = s.join { confidence -= j.kind == .time ? 0.15 : j.kind == .class ? 0.05 : 0 } }
        confidence = max(0.2, (confidence * 100).rounded() / 100)
        let provider = CloudProvider.detect(in: steps.flatMap { $0.evidence.map(\.text) })
        let windows = path.compactMap { changeWindow(groups[$0]) }
        let chainSignals = Set(steps.map(\.signal))
        return Finding(id: rule.id, title: Self.fill(rule.title, keys), severity: rule.severity, description: rule.description,
                       confidence: confidence, start: start, end: end, resolved: resolved, resolvedBy: resolvedBy,
                       chain: steps, missing: missing,
                       remediation: remediation(symptomRule: rule, rootSignal: root.signal, chain: chainSignals, provider: provider, keys: keys),
                       references: rule.references, symptomStart: symptom.first, status: status, provider: provider?.rawValue,
                       changeWindows: windows, context: context(path, groups: groups, bySignal: bySignal), notLookedAt: notLookedAt)
    }

    /// When the rule's recovery signal (same keys) came after the symptom, and its evidence.
    func recovery(_ rule: RuleFile, symptom: SignalGroup, groups: [SignalGroup], bySignal: [Int: [Int]]) -> (Int64, Evidence?)? {
        guard let r = rule.recovery, let ri = rules.signalIndex[r] else { return nil }
        let candidates = (bySignal[ri] ?? []).map { groups[$0] }.filter { joinable($0.keys, symptom.keys, nil) }
        var best: (Int64, Evidence?)?
        for c in candidates {
            for e in c.episodes where e.end >= symptom.last - skew && e.start >= symptom.first {
                let t = max(e.start, min(e.end, symptom.last))
                if best == nil || t < best!.0 { best = (t, c.evidence.first { ($0.time ?? 0) >= e.start } ?? c.evidence.last) }
            }
        }
        return best
    }

    /// Why the groups of an upstream signal that were observed do not explain `effect` (nil
    /// when none was observed): so the reader learns the signal was seen and ruled out, rather
    /// than that it is absent.
    func notACause(_ e: RuleSet.Edge, _ seen: [SignalGroup], _ effect: SignalGroup) -> String? {
        guard let first = seen.min(by: { $0.first < $1.first }) else { return nil }
        let total = seen.reduce(0) { $0 + $1.count }
        let what = "seen from \(Timestamp.rfc3339Seconds(first.first)) (×\(total))"
        if seen.allSatisfy({ $0.first > effect.first + Timestamp.microsPerSecond }) {
            return "\(what), after the symptom began at \(Timestamp.rfc3339Seconds(effect.first)): it cannot be its cause"
        }
        if let ex = e.explains, !effect.classes.isEmpty, effect.classes.keys.allSatisfy({ !ex.contains($0) }) {
            let got = effect.classesByCount.map(\.rawValue).joined(separator: "/")
            return "\(what), but these failures are \(got), which it cannot produce (it explains \(ex.sorted().map(\.rawValue).joined(separator: "/")) failures)"
        }
        if seen.allSatisfy({ effect.first - $0.last > e.maxLag }) {
            return "\(what), but it ended more than \(Timestamp.duration(e.maxLag)) before the symptom began"
        }
        return "\(what), but with other keys than this incident (\(first.keys.map { "\($0.0)=\($0.1)" }.joined(separator: " ")))"
    }

    /// The context entries of a chain: for each entry, the latest hit whose group's keys agree
    /// with its step's, at or before the step began (allowing the clock skew).
    func context(_ path: [Int], groups: [SignalGroup], bySignal: [Int: [Int]]) -> [Finding.Context] {
        var out: [Finding.Context] = []
        // Each step whose signal is some rule's symptom takes that rule's context entries
        // (the namespace's DELETE for the blocked namespace, an APIService change for the API).
        for gi in path {
            let step = groups[gi]
            let id = rules.signals[step.signal].id
            for rule in rules.files where rule.symptom == id {
                for spec in rule.context {
                    guard let si = rules.signalIndex[spec.signal] else { continue }
                    var best: Evidence?
                    for ci in bySignal[si] ?? [] where joinable(groups[ci].keys, step.keys, nil) {
                        for e in groups[ci].evidence {
                            guard let t = e.time, t <= step.first + skew, step.first - t <= spec.within else { continue }
                            if best == nil || t > best!.time! || (t == best!.time! && ChangeTracker.Track.before(best!, e)) { best = e }
                        }
                    }
                    if let e = best, !out.contains(where: { $0.evidence == e }) {
                        out.append(Finding.Context(signal: spec.signal, label: spec.label, time: e.time!, evidence: e,
                                                   details: e.attributes.map { ($0.0.trimmingPrefix("_"), $0.1) }))
                    }
                }
            }
        }
        return out.sorted { $0.time != $1.time ? $0.time < $1.time : $0.signal < $1.signal }
    }

    /// The bounds of the change behind `g`'s signal, if it declares `change_window` and failed.
    func changeWindow(_ g: SignalGroup) -> Finding.ChangeWindow? {
        guard let spec = rules.signals[g.signal].spec.changeWindow,
              let t = changes[ChangeTracker.TrackKey(signal: g.signal, values: spec.by.map { g.values($0).first ?? "" })], let first = t.firstFailure,
              let firstTime = first.time else { return nil }
        var w = Finding.ChangeWindow(signal: rules.signals[g.signal].id, what: spec.what, look: spec.look, changedBefore: firstTime,
                                     changedBeforeEvidence: first)
        let cover = g.components.compactMap { coverage[$0] }
        let coverFirst = cover.map(\.first).min(), coverLast = cover.map(\.last).max()
        // A restart resets the retry cadence: the period is read from gaps inside one process,
        // and the try one period before the first failure (or after the last) is inferred only
        // when the process did not restart in between.
        let restarts = g.components.flatMap { self.restarts[$0] ?? [] }.sorted()
        let period = t.period(restarts: restarts)
        if let ok = t.lastSuccessBefore, let okTime = ok.time {
            w.changedAfter = okTime; w.changedAfterBasis = .success; w.changedAfterEvidence = ok
        } else if let p = period, let cf = coverFirst, cf <= firstTime - p,
                  !ChangeTracker.restarted(restarts, after: firstTime - p, upTo: firstTime) {
            w.changedAfter = firstTime - p; w.changedAfterBasis = .retryPeriod; w.period = p
        } else if let cf = coverFirst, cf < firstTime {
            w.changedAfter = cf; w.changedAfterBasis = .logsBegin
        }
        if let last = t.lastFailure?.time {
            w.fixedAfter = last
            if let ok = t.firstSuccessAfter, let okTime = ok.time {
                w.fixedBefore = okTime; w.fixedBeforeBasis = .success; w.fixedBeforeEvidence = ok
            } else if let p = period, let cl = coverLast, cl >= last + p, !ChangeTracker.restarted(restarts, after: last, upTo: last + p) {
                w.fixedBefore = last + p; w.fixedBeforeBasis = .retryPeriod; w.period = p
            } else if let cl = coverLast, cl > last + Self.silentAfter {
                w.fixedBefore = cl; w.fixedBeforeBasis = .logsEnd
            }
        }
        return w
    }

    /// A symptom silent for this long before the end of the data, with no recovery signal, has
    /// `stopped` rather than being `ongoing`.
    public static let silentAfter: Int64 = 15 * 60 * 1_000_000

    /// The advice for a finding: the steps of the rule that defines the root cause's signal
    /// first, then the symptom rule's own; steps for another cloud than the one the evidence
    /// shows are left out (all are kept when no cloud shows), and `when` limits a step to chains
    /// that pass through one of its signals. Placeholders are filled with the finding's keys.
    func remediation(symptomRule: RuleFile, rootSignal: Int, chain: Set<String>, provider: CloudProvider?, keys: [(String, String)]) -> [String] {
        var rulesInOrder: [RuleFile] = []
        if let owner = owner(of: rootSignal), owner.id != symptomRule.id { rulesInOrder.append(owner) }
        rulesInOrder.append(symptomRule)
        var out: [String] = []
        for r in rulesInOrder {
            let applicable = r.remediation.filter { step in
                (step.when.isEmpty || step.when.contains(where: chain.contains)) &&
                    (step.provider == nil || provider == nil || step.provider == provider!.rawValue)
            }
            for step in applicable {
                let text = Self.fillPlaceholders(step.text, keys)
                if !out.contains(text) { out.append(text) }
            }
        }
        return out
    }

    /// The rule file that defines a signal.
    func owner(of signal: Int) -> RuleFile? {
        let source = rules.signals[signal].spec.source
        return rules.files.first { $0.source == source }
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
        for (k, v) in keys {
            let p = "{\(k)}"
            s = replacing(s, p, with: v)
        }
        return s
    }

    /// `s` with every occurrence of `p` replaced by `v`, left to right, found as bytes (`memmem`):
    /// most keys have no placeholder in a given text, and Foundation's `replacingOccurrences` cost
    /// about 100,000 instructions a call (`fill`, `fillPlaceholders` run for every key of every
    /// step of every finding built).
    static func replacing(_ s: String, _ p: String, with v: String) -> String {
        var h = s, q = p
        return h.withUTF8 { hb -> String in
            q.withUTF8 { qb -> String in
                guard let hp = hb.baseAddress, let qp = qb.baseAddress, !qb.isEmpty,
                      var at = memmem(hp, hb.count, qp, qb.count) else { return s }
                var out: [UInt8] = []
                out.reserveCapacity(hb.count + v.utf8.count)
                var from = 0
                while true {
                    let i = UnsafeRawPointer(at) - UnsafeRawPointer(hp)
                    out.append(contentsOf: hb[from..<i])
                    out.append(contentsOf: v.utf8)
                    from = i + qb.count
                    guard let next = memmem(hp + from, hb.count - from, qp, qb.count) else { break }
                    at = next
                }
                out.append(contentsOf: hb[from...])
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// Fills the `<key>` placeholders of a remediation step with the finding's keys (`<ns>` is
    /// the namespace; a `service` key `ns/name` fills `<svc-ns>` and `<svc>`), and `{key}` as in
    /// titles. Placeholders without a value stay for the reader to fill.
    static func fillPlaceholders(_ template: String, _ keys: [(String, String)]) -> String {
        var values: [(String, String)] = []
        for (k, v) in keys where k != ErrorClass.key {
            values.append((k, v))
            if k == "namespace" { values.append(("ns", v)) }
            if k == "service", let slash = v.firstIndex(of: "/") {
                values.append(("svc-ns", String(v[..<slash])))
                values.append(("svc", String(v[v.index(after: slash)...])))
            }
        }
        var s = fill(template, keys)
        // Most steps hold no `<key>` at all: look for the bytes before asking Foundation.
        for (k, v) in values {
            let p = "<\(k)>"
            s = replacing(s, p, with: v)
        }
        return s
    }
}
