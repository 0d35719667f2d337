/// Incremental correlation for `logtrace tail`: after each record, only what the groups it
/// changed can affect is worked out again, and the findings whose reported state (root cause,
/// resolved, chain length) changed are returned, in the order `Correlator.findings` lists them.
///
/// It gives what running `Correlator.findings` over all groups after every change would give
/// (the tests compare both, event by event), without the cost: that rerun is linear in the
/// groups, so a stream of thousands of namespaces became quadratic. What it keeps, per group:
/// the group after `unless` (`unlessOut`), the group a subset group folds into (`target`) and
/// the merged group (`view`), whether it is among a signal's busiest (`inCap`), and its best chain (`memo`); per finding (rule and symptom group): its chain
/// summary and the finding it is folded into. A change to group x touches:
///
/// - `unless`: x, and the groups of signals cancelled by x's signal whose keys agree with x's;
/// - subset merging: those, and the groups of their signal whose keys are a subset of theirs
///   (a group's decision depends only on its supersets);
/// - the candidate cap of their signals;
/// - chains: downstream along the rule graph, only groups whose keys do not contradict the
///   changed one (a link needs agreeing keys, and keys never change);
/// - recovery: symptom groups whose keys agree with a changed recovery group;
/// - folding: findings whose steps contain a changed finding's symptom, and back.
///
/// Keys are looked up through indexes by (signal, key, value) and by key-name shape, so a
/// namespace's hit costs about what its own groups hold, whatever the number of namespaces.
final class LiveCorrelator {
    let rules: RuleSet
    var correlator: Correlator
    /// Whether the signal graph has no cycle (rules with a causal cycle are rejected; this
    /// falls back to a full correlation when a caller loaded them anyway).
    let acyclic: Bool

    // Per engine group index.
    private var unlessOut: [SignalGroup?] = []
    private var target: [Int?] = []
    private var absorbers: [[Int]] = []
    private var view: [SignalGroup] = []
    private var alive: [Bool] = []
    private var inCap: [Bool] = []
    private var capCount: [Int] = []
    private var canonical: [[String]] = []
    /// `subsets(of:)` and `pool(for:)` of a group, with the generation of its signal they were
    /// worked out at: both depend only on the groups of that signal, which change only when one
    /// is registered, so a group that grows again reuses them (most hits grow an existing group).
    private var subsetMemo: [(gen: Int, list: [Int])?] = []
    private var poolMemo: [(gen: Int, list: [Int])?] = []

    // Per signal.
    private var members: [[Int]]
    private var aliveCount: [Int]
    /// Bumped when a group of the signal is registered.
    private var signalGen: [Int]
    private var capped: [Int: [Int]] = [:]
    private var shapes: [[[String]: [Int]]]
    private struct PairKey: Hashable { var signal: Int; var name: String; var value: String }
    private struct CanonKey: Hashable { var signal: Int; var pairs: [String] }
    private var byPair: [PairKey: [Int]] = [:]
    private var byCanon: [CanonKey: [Int]] = [:]

    // Rule structure.
    private let findingRules: [RuleFile]
    private let unlessDependents: [[Int]]
    private let unlessSignal: [Int?]
    private let recoveryRules: [[Int]]
    private let symptomRules: [[Int]]
    private let symptomSignal: [Int?]
    private let downstream: [[Int]]
    /// Per finding rule: its severity, and its rank by id, then rule order (`before`).
    private let ruleSeverity: [Int]
    private let ruleRank: [Int]

    // Chains and findings.
    private var memo: [Int: [Correlator.Link]] = [:]
    struct FKey: Hashable {
        var rule: Int; var group: Int
        /// One word hashed, not two: findings are looked up several times per change.
        func hash(into h: inout Hasher) { h.combine(rule &<< 40 ^ group) }
    }
    struct Summary {
        var path: [Correlator.Link]
        var steps: Set<Int>
        var rootSignal: Int
        var resolved: Bool
        var start: Int64
    }
    private var summaries: [FKey: Summary] = [:]
    /// Findings whose steps contain a group.
    private var containing: [Int: Set<FKey>] = [:]
    /// Folded finding -> the kept finding it is folded into, and back.
    private var container: [FKey: FKey] = [:]
    private var folded: [FKey: Set<FKey>] = [:]
    /// The state last reported per finding key (as `LiveAnalyzer` reported it).
    var reported: [String: String] = [:]
    /// Per finding, the state `reported` holds for its key, as numbers (root signal, resolved,
    /// chain length): most changes leave it as it was, and comparing strings cost more.
    private struct Shown: Equatable { var root: Int; var resolved: Bool; var length: Int }
    private var shown: [FKey: Shown] = [:]

    init(rules: RuleSet, correlator: Correlator) {
        self.rules = rules
        self.correlator = correlator
        let n = rules.signals.count
        members = Array(repeating: [], count: n)
        aliveCount = Array(repeating: 0, count: n)
        signalGen = Array(repeating: 0, count: n)
        shapes = Array(repeating: [:], count: n)
        let fr = rules.findingRules
        findingRules = fr
        ruleSeverity = fr.map(\.severity.rank)
        var rank = Array(repeating: 0, count: fr.count)
        for (k, r) in fr.indices.sorted(by: { (fr[$0].id, $0) < (fr[$1].id, $1) }).enumerated() { rank[r] = k }
        ruleRank = rank
        var ud = Array(repeating: [Int](), count: n)
        var us = [Int?](repeating: nil, count: n)
        for (i, s) in rules.signals.enumerated() {
            if let u = s.spec.unless, let ui = rules.signalIndex[u.signal] { ud[ui].append(i); us[i] = ui }
        }
        unlessDependents = ud
        unlessSignal = us
        var rr = Array(repeating: [Int](), count: n)
        var sr = Array(repeating: [Int](), count: n)
        var ss = [Int?](repeating: nil, count: findingRules.count)
        for (ri, r) in findingRules.enumerated() {
            if let rec = r.recovery, let x = rules.signalIndex[rec] { rr[x].append(ri) }
            if let s = r.symptom, let x = rules.signalIndex[s] { sr[x].append(ri); ss[ri] = x }
        }
        recoveryRules = rr
        symptomRules = sr
        symptomSignal = ss
        // Kahn's algorithm over the edges.
        var indegree = Array(repeating: 0, count: n)
        for e in rules.edges { indegree[e.to] += 1 }
        var ready = (0..<n).filter { indegree[$0] == 0 }
        var seen = 0
        var out = Array(repeating: [Int](), count: n)
        for e in rules.edges { out[e.from].append(e.to) }
        while let v = ready.popLast() {
            seen += 1
            for w in out[v] { indegree[w] -= 1; if indegree[w] == 0 { ready.append(w) } }
        }
        var ds = Array(repeating: [Int](), count: n)
        for (ei, e) in rules.edges.enumerated() { ds[e.from].append(ei) }
        downstream = ds
        acyclic = seen == n && !rules.edges.contains { $0.from == $0.to }
    }

    private func tick(_ n: Int) { correlator.meter?.count += n }

    // MARK: - indexes

    private func register(_ i: Int, _ g: SignalGroup) {
        unlessOut.append(nil); target.append(nil); absorbers.append([]); view.append(g)
        alive.append(false); inCap.append(false); capCount.append(0)
        subsetMemo.append(nil); poolMemo.append(nil)
        signalGen[g.signal] &+= 1
        let pairs = g.keys.map { $0.0 + "\u{1}" + $0.1 }.sorted()
        canonical.append(pairs)
        members[g.signal].append(i)
        for (k, v) in g.keys { byPair[PairKey(signal: g.signal, name: k, value: v), default: []].append(i) }
        byCanon[CanonKey(signal: g.signal, pairs: pairs), default: []].append(i)
        shapes[g.signal][g.keys.map(\.0).sorted(), default: []].append(i)
    }

    /// Groups of signal `t` whose keys do not contradict `pairs` (a group without the key agrees).
    private func agreeing(_ t: Int, _ pairs: [(String, String)], _ groups: [SignalGroup]) -> [Int] {
        if pairs.isEmpty { tick(members[t].count); return members[t] }
        // The pair with the fewest candidates: groups holding it, plus groups without its key.
        var best: [Int]?
        for (n, v) in pairs {
            var c = byPair[PairKey(signal: t, name: n, value: v)] ?? []
            for (names, idx) in shapes[t] where !names.contains(n) { c += idx }
            if best == nil || c.count < best!.count { best = c }
            if best!.isEmpty { break }
        }
        let candidates = best ?? []
        tick(candidates.count)
        return candidates.filter { i in
            let g = groups[i]
            return pairs.allSatisfy { p in g.key(p.0).map { $0 == p.1 } ?? true }
        }
    }

    /// The key pairs an effect group must not contradict for `cause` to link to it over `e`.
    private func effectPairs(_ e: RuleSet.Edge, _ cause: SignalGroup) -> [(String, String)] {
        if let join = e.join { return join.compactMap { (ck, ek) in cause.key(ck).map { (ek, $0) } } }
        return cause.keys.filter { $0.0 != ErrorClass.key }
    }

    // MARK: - one step

    /// Brings everything up to date after the groups in `changed` were created or grew, and
    /// returns the findings to report (kept findings whose state differs from the one last
    /// reported), each with its event. `configure` sets the correlator's context (components,
    /// end of data, change tracks, coverage) before a finding is built.
    func step(_ groups: [SignalGroup], changed: Set<Int>, configure: (inout Correlator) -> Void) -> [(Finding, LiveAnalyzer.Event)] {
        for i in view.count..<groups.count { register(i, groups[i]) }

        // 1. `unless`: the changed groups and those they may cancel.
        var redo = changed
        for x in changed {
            for t in unlessDependents[groups[x].signal] { redo.formUnion(agreeing(t, groups[x].keys, groups)) }
        }
        for x in redo {
            let g = groups[x]
            if let ui = unlessSignal[g.signal] {
                unlessOut[x] = correlator.applyUnless(g, cancels: agreeing(ui, g.keys, groups).map { groups[$0] })
            } else {
                unlessOut[x] = g
            }
        }

        // 2. Subset merging: their decisions and those of their subsets, in index order.
        var decide = redo
        for x in redo { decide.formUnion(subsets(of: x)) }
        var remerge = decide
        for i in decide.sorted() {
            let old = target[i]
            var new: Int?
            if let g = unlessOut[i] {
                var supers: [Int] = []
                for j in pool(for: i, groups) where j != i {
                    tick(1)
                    guard let h = unlessOut[j], !(j < i && target[j] != nil), Correlator.absorbs(h, g) else { continue }
                    supers.append(j)
                    if supers.count > 1 { break }
                }
                if supers.count == 1 { new = supers[0] }
            }
            guard new != old else { continue }
            target[i] = new
            if let o = old { absorbers[o].removeAll { $0 == i }; remerge.insert(o) }
            if let n = new {
                var lo = 0, hi = absorbers[n].count
                while lo < hi { let m = (lo + hi) / 2; if absorbers[n][m] < i { lo = m + 1 } else { hi = m } }
                absorbers[n].insert(i, at: lo)
                remerge.insert(n)
            }
        }
        // A merged group holds its absorbers: recompute up the targets, fewer keys first.
        var up = Array(remerge)
        while let x = up.popLast() { if let t = target[x], remerge.insert(t).inserted { up.append(t) } }
        for j in remerge.sorted(by: { (groups[$0].keys.count, $0) < (groups[$1].keys.count, $1) }) {
            let wasAlive = alive[j]
            if var m = unlessOut[j] {
                for i in absorbers[j] { m.absorb(view[i]) }
                view[j] = m
            } else {
                view[j] = groups[j]
            }
            alive[j] = unlessOut[j] != nil && target[j] == nil
            if alive[j] != wasAlive { aliveCount[groups[j].signal] += alive[j] ? 1 : -1 }
            tick(1)
        }

        // 3. The candidate cap per signal.
        var capMoved = Set<Int>()
        var bySignal: [Int: [Int]] = [:]
        for j in remerge { bySignal[groups[j].signal, default: []].append(j) }
        for (s, js) in bySignal { updateCap(s, js.sorted(), moved: &capMoved) }

        // 4. Chains downstream of what changed.
        var dirty = remerge.union(capMoved)
        var affected = Set<FKey>()
        var queue = Array(dirty)
        var invalid = Set<Int>()
        while let x = queue.popLast() {
            guard invalid.insert(x).inserted else { continue }
            memo[x] = nil
            let signal = view[x].signal   // (fields read, not the whole group copied)
            for r in symptomRules[signal] { affected.insert(FKey(rule: r, group: x)) }
            for r in recoveryRules[signal] {
                guard let σ = symptomSignal[r] else { continue }
                for y in agreeing(σ, view[x].keys, groups) where inCap[y] { affected.insert(FKey(rule: r, group: y)) }
            }
            for ei in downstream[signal] {
                let e = rules.edges[ei]
                for y in agreeing(e.to, effectPairs(e, view[x]), groups) where inCap[y] && !invalid.contains(y) { queue.append(y) }
            }
        }
        dirty = invalid

        // 5. The affected findings' summaries.
        var changedFindings = Set<FKey>()
        var oldSteps: [FKey: Set<Int>] = [:]
        for fk in affected {
            let old = summaries[fk]
            if let o = old { oldSteps[fk] = o.steps }
            guard alive[fk.group] && inCap[fk.group] else {
                if old != nil { remove(fk); changedFindings.insert(fk) }
                continue
            }
            let path = correlator.bestChain(from: fk.group, groups: view, bySignal: capped, visiting: [], memo: &memo)
            let steps = Set(path.map(\.group))
            let resolved = correlator.recovery(findingRules[fk.rule], symptom: view[fk.group], groups: view, bySignal: capped) != nil
            let sum = Summary(path: path, steps: steps, rootSignal: view[path[0].group].signal, resolved: resolved,
                              start: path.map { view[$0.group].first }.min()!)
            if let o = old { for g in o.steps { containing[g]?.remove(fk) } }
            for g in steps { containing[g, default: []].insert(fk) }
            summaries[fk] = sum
            changedFindings.insert(fk)
        }

        // 6. Folding: a finding whose symptom is a step of an earlier kept finding is folded into it.
        var pending = Set<FKey>()
        func dependents(of steps: Set<Int>) {
            for g in steps { for r in symptomRules[view[g].signal] where summaries[FKey(rule: r, group: g)] != nil { pending.insert(FKey(rule: r, group: g)) } }
        }
        for fk in changedFindings {
            if summaries[fk] != nil { pending.insert(fk) }
            if let o = oldSteps[fk] { dependents(of: o) }
            if let s = summaries[fk] { dependents(of: s.steps) }
        }
        var keptChanged = Set<FKey>()
        var order = sortedByBefore(pending)
        var k = 0
        var queued = Set(order)
        while k < order.count {
            let f = order[k]; k += 1
            guard summaries[f] != nil else { continue }
            tick(1)
            var best: FKey?, bestKey: SortKey?
            let fKey = sortKey(f)
            for c in containing[f.group] ?? [] where c != f && container[c] == nil {
                let ck = sortKey(c)
                guard ck < fKey else { continue }   // before(c, f)
                if bestKey == nil || ck < bestKey! { best = c; bestKey = ck }
            }
            let old = container[f]
            guard best != old else { continue }
            if let o = old { folded[o]?.remove(f) }
            container[f] = best
            if let b = best { folded[b, default: []].insert(f) }
            if (old == nil) != (best == nil) {
                keptChanged.insert(f)
                // Findings whose symptom is a step of f may now fold into it, or out of it.
                for g in summaries[f]!.steps {
                    for r in symptomRules[view[g].signal] {
                        let d = FKey(rule: r, group: g)
                        guard summaries[d] != nil, before(f, d), queued.insert(d).inserted else { continue }
                        var lo = k, hi = order.count
                        while lo < hi { let m = (lo + hi) / 2; if before(order[m], d) { lo = m + 1 } else { hi = m } }
                        order.insert(d, at: lo)
                    }
                }
            }
        }

        // 7. Report kept findings whose state differs from the one last reported. The state is
        // compared as numbers first (`shown`: what `reported` holds for the finding), so only the
        // findings whose state moved build their key and state strings and are sorted.
        var moved: [FKey] = []
        for f in changedFindings.union(keptChanged) where container[f] == nil {
            guard let s = summaries[f] else { continue }
            if shown[f] != Shown(root: s.rootSignal, resolved: s.resolved, length: s.path.count) { moved.append(f) }
        }
        var out: [(Finding, LiveAnalyzer.Event)] = []
        var configured = false
        for f in sortedByBefore(moved) {
            let s = summaries[f]!
            let symptom = view[f.group]
            let key = Self.key(id: findingRules[f.rule].id, signal: rules.signals[symptom.signal].id, keys: symptom.keys)
            let state = Self.state(root: rules.signals[s.rootSignal].id, resolved: s.resolved, length: s.path.count)
            shown[f] = Shown(root: s.rootSignal, resolved: s.resolved, length: s.path.count)
            if reported[key] == state { continue }
            if !configured { configure(&correlator); configured = true }
            let finding = build(f)
            let event: LiveAnalyzer.Event = reported[key] == nil ? (s.resolved ? .resolved : .new) : (s.resolved ? .resolved : .rootCause)
            reported[key] = state
            out.append((finding, event))
        }
        return out
    }

    static func key(id: String, signal: String, keys: [(String, String)]) -> String {
        id + "|" + signal + "|" + keys.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    static func state(root: String, resolved: Bool, length: Int) -> String {
        root + "|" + (resolved ? "resolved" : "open") + "|" + String(length)
    }

    /// The finding as `Correlator.findings` gives it, with the findings folded into it.
    private func build(_ f: FKey) -> Finding {
        var finding = correlator.build(findingRules[f.rule], path: summaries[f]!.path, groups: view, bySignal: capped)
        for o in (folded[f] ?? []).sorted(by: before) {
            let r = correlator.build(findingRules[o.rule], path: summaries[o]!.path, groups: view, bySignal: capped)
            if !finding.related.contains(r.id) && finding.id != r.id {
                finding.related.append(r.id)
                finding.relatedFindings.append(Finding.Related(id: r.id, title: r.title, remediation: r.remediation))
            }
        }
        return finding
    }

    private func remove(_ fk: FKey) {
        guard let s = summaries.removeValue(forKey: fk) else { return }
        for g in s.steps { containing[g]?.remove(fk) }
        if let c = container.removeValue(forKey: fk) { folded[c]?.remove(fk) }
        // The findings folded into it keep pointing at it until they are decided again (they
        // are its steps' symptoms, so the caller re-evaluates them).
        folded[fk] = nil
    }

    /// `before`'s order as a value: severity, chain length, start, rule id and order, symptom group.
    private struct SortKey: Comparable {
        var severity: Int; var steps: Int; var start: Int64; var rank: Int; var group: Int
        static func < (a: SortKey, b: SortKey) -> Bool {
            if a.severity != b.severity { return a.severity > b.severity }
            if a.steps != b.steps { return a.steps > b.steps }
            if a.start != b.start { return a.start < b.start }
            if a.rank != b.rank { return a.rank < b.rank }
            return a.group < b.group
        }
    }

    private func sortKey(_ f: FKey) -> SortKey {
        let s = summaries[f]!
        return SortKey(severity: ruleSeverity[f.rule], steps: s.steps.count, start: s.start, rank: ruleRank[f.rule], group: f.group)
    }

    /// `before`'s order, each finding's sort key read once (not twice per comparison).
    private func sortedByBefore<S: Sequence>(_ fs: S) -> [FKey] where S.Element == FKey {
        fs.map { (sortKey($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `Correlator.findings`' order: most severe, longest chain, earliest, id; then rule order
    /// and symptom group order (its sort is stable over that). Severity and the rank by id then
    /// rule order are read from arrays: copying a `RuleFile` per comparison was a tenth of
    /// `tail`'s time on the incident-dense bench slice.
    private func before(_ a: FKey, _ b: FKey) -> Bool { sortKey(a) < sortKey(b) }

    // MARK: - subset merging and the cap

    /// Groups of x's signal whose keys are a proper subset of x's.
    private func subsets(of x: Int) -> [Int] {
        let s = view[x].signal
        if let m = subsetMemo[x], m.gen == signalGen[s] { return m.list }
        let list = findSubsets(of: x, signal: s)
        subsetMemo[x] = (signalGen[s], list)
        return list
    }

    private func findSubsets(of x: Int, signal s: Int) -> [Int] {
        let pairs = canonical[x]
        guard pairs.count <= 8 else { return members[s].filter { canonical[$0].count < pairs.count && Set(canonical[$0]).isSubset(of: pairs) } }
        var out: [Int] = []
        for mask in 0..<((1 << pairs.count) - 1) {
            var sub: [String] = []
            for (b, p) in pairs.enumerated() where mask & (1 << b) != 0 { sub.append(p) }
            out += byCanon[CanonKey(signal: s, pairs: sub)] ?? []
        }
        tick(out.count)
        return out
    }

    /// Where `Correlator.mergeSubsetGroups` looks for supersets of group i.
    private func pool(for i: Int, _ groups: [SignalGroup]) -> [Int] {
        let s = groups[i].signal
        if let m = poolMemo[i], m.gen == signalGen[s] { return m.list }
        let keys = groups[i].keys
        var best: [Int] = []
        if keys.isEmpty {
            best = members[s]
        } else {
            var bestCount = Int.max
            for (k, v) in keys {
                let c = byPair[PairKey(signal: s, name: k, value: v)] ?? []
                if c.count < bestCount { bestCount = c.count; best = c }
            }
        }
        poolMemo[i] = (signalGen[s], best)
        return best
    }

    private func better(_ a: Int, _ b: Int) -> Bool {
        capCount[a] != capCount[b] ? capCount[a] > capCount[b] : a < b
    }

    /// Keeps `capped[s]` the alive groups of s, or the `maxCandidates` busiest when there are
    /// more (`Correlator.findings`' cap), sorted by index; `moved` gets the groups that entered or left.
    private func updateCap(_ s: Int, _ changed: [Int], moved: inout Set<Int>) {
        let limit = correlator.maxCandidates
        var list = capped[s] ?? []
        var full = false
        for j in changed {
            let oldCount = capCount[j]
            capCount[j] = view[j].count
            if !alive[j] {
                if inCap[j] { list.removeAll { $0 == j }; inCap[j] = false; moved.insert(j) }
                continue
            }
            if inCap[j] {
                // Fewer hits than before (a cancel cut it, a subset left it): another may overtake it.
                if capCount[j] < oldCount && aliveCount[s] > list.count { full = true }
                continue
            }
            if list.count < limit {
                insertSorted(&list, j); inCap[j] = true; moved.insert(j)
            } else {
                let worst = list.min { better($1, $0) }!
                tick(list.count)
                if better(j, worst) {
                    list.removeAll { $0 == worst }; inCap[worst] = false; moved.insert(worst)
                    insertSorted(&list, j); inCap[j] = true; moved.insert(j)
                }
            }
        }
        if full || (list.count < limit && aliveCount[s] > list.count) {
            // A group died or lost hits: pick the cap again from all alive groups of s.
            var all = members[s].filter { alive[$0] }
            tick(members[s].count)
            if all.count > limit { all = Array(all.sorted(by: better).prefix(limit)).sorted() }
            let now = Set(all)
            for j in list where !now.contains(j) { inCap[j] = false; moved.insert(j) }
            for j in all where !inCap[j] { inCap[j] = true; moved.insert(j) }
            list = all
        }
        capped[s] = list.isEmpty ? nil : list
    }

    private func insertSorted(_ list: inout [Int], _ j: Int) {
        var lo = 0, hi = list.count
        while lo < hi { let m = (lo + hi) / 2; if list[m] < j { lo = m + 1 } else { hi = m } }
        list.insert(j, at: lo)
    }
}
