import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The plain way: every hit kept, sorted by (time, input, line), then windows slid over each key
/// (a hit counts in a burst of `count` within `within`, or while the signal is sustained) and
/// groups filled in that order. The streaming engine must give the same groups in any order.
struct ReferenceEngine {
    let rules: RuleSet
    func groups(_ hits: [Hit]) -> [String: (count: Int, first: Int64, last: Int64, evidence: [Int], episodes: [String])] {
        let sorted = hits.sorted { ($0.time, $0.inputIndex, $0.line) < ($1.time, $1.inputIndex, $1.line) }
        // Which hits count: those in a window of `within` holding at least `count` hits of their key.
        var counted: [Hit] = []
        var byKey: [String: [Hit]] = [:]
        for h in sorted {
            guard let t = rules.signals[h.signal].spec.threshold else { counted.append(h); continue }
            let k = "\(h.signal)|" + t.by.map { b in h.keys.first { $0.0 == b }?.1 ?? "" }.joined(separator: "|")
            byKey[k, default: []].append(h)
        }
        for (_, hs) in byKey {
            let t = rules.signals[hs[0].signal].spec.threshold!
            var mark = Array(repeating: false, count: hs.count)
            var i = 0
            for j in hs.indices {
                while hs[j].time - hs[i].time > t.within { i += 1 }
                if j - i + 1 >= t.count { for x in i...j { mark[x] = true } }
            }
            // Sustained: in a run of hits each at most `within` after the one before, every hit
            // from the run's first burst on counts.
            var on = false
            for x in hs.indices {
                if x > 0 && hs[x].time - hs[x - 1].time > t.within { on = false }
                if mark[x] { on = true }
                if on { counted.append(hs[x]) }
            }
        }
        counted.sort { ($0.time, $0.inputIndex, $0.line) < ($1.time, $1.inputIndex, $1.line) }
        var out: [String: (count: Int, first: Int64, last: Int64, evidence: [Int], episodes: [String])] = [:]
        var eps: [String: [(Int64, Int64, Int)]] = [:]
        for h in counted {
            let k = "\(h.signal)|" + h.keys.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            var g = out[k] ?? (0, h.time, h.time, [], [])
            g.count += 1
            g.first = min(g.first, h.time); g.last = max(g.last, h.time)
            if g.evidence.count < 4 { g.evidence.append(h.line) } else { g.evidence[3] = h.line }
            var e = eps[k] ?? []
            if let l = e.last, h.time - l.1 <= SignalGroup.episodeGap { e[e.count - 1].1 = h.time; e[e.count - 1].2 += 1 }
            else { e.append((h.time, h.time, 1)) }
            eps[k] = e
            out[k] = g
        }
        for (k, e) in eps { out[k]!.episodes = e.map { "\($0.0)-\($0.1)x\($0.2)" } }
        return out
    }
}

@Suite struct AggregationTests {
    static func summary(_ groups: [SignalGroup]) -> [String: (count: Int, first: Int64, last: Int64, evidence: [Int], episodes: [String])] {
        var out: [String: (count: Int, first: Int64, last: Int64, evidence: [Int], episodes: [String])] = [:]
        for g in groups {
            let k = "\(g.signal)|" + g.keys.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            out[k] = (g.count, g.first, g.last, g.evidence.map(\.line), g.episodes.map { "\($0.start)-\($0.end)x\($0.count)" })
        }
        return out
    }

    static func same(_ a: [String: (count: Int, first: Int64, last: Int64, evidence: [Int], episodes: [String])],
                     _ b: [String: (count: Int, first: Int64, last: Int64, evidence: [Int], episodes: [String])]) -> Bool {
        guard a.keys.sorted() == b.keys.sorted() else { return false }
        return a.allSatisfy { k, x in let y = b[k]!; return x.count == y.count && x.first == y.first && x.last == y.last && x.evidence == y.evidence && x.episodes == y.episodes }
    }

    /// Random hits of a threshold signal (by keys) and a plain one, fed in random orders, whole
    /// or split over engines merged afterwards: always the reference's groups.
    @Test func anyOrderAndAnySplitGiveTheReferenceGroups() throws {
        let rules = builtinRules
        let thr = try #require(rules.signals.firstIndex { ($0.spec.threshold?.by.count ?? 0) > 0 })
        let plain = try #require(rules.signals.firstIndex { $0.spec.threshold == nil })
        let by = rules.signals[thr].spec.threshold!.by
        var rng = SystemRandomNumberGenerator()
        for round in 0..<60 {
            let n = Int.random(in: 1...400, using: &rng)
            let spread = Int64.random(in: 1...(3 * 3_600), using: &rng) * 1_000_000
            var hits: [Hit] = []
            for i in 0..<n {
                let sig = Bool.random(using: &rng) ? thr : plain
                let time = Int64(1_710_000_000_000_000) + Int64.random(in: 0...spread, using: &rng)
                var keys = by.map { ($0, "v\(Int.random(in: 0...2, using: &rng))") }
                if Bool.random(using: &rng) { keys.append(("zz", "x\(Int.random(in: 0...1, using: &rng))")) }
                keys.sort { $0.0 < $1.0 }
                let input = Int.random(in: 0...2, using: &rng)
                hits.append(Hit(signal: sig, time: time, keys: keys, component: "c", evidence: Evidence(path: "p\(input)", line: i, text: "", time: time, inputIndex: input),
                                inputIndex: input, line: i))
            }
            let expected = ReferenceEngine(rules: rules).groups(hits)
            let whole = SignalEngine(rules: rules)
            for h in hits.shuffled(using: &rng) { whole.add(h) }
            #expect(Self.same(Self.summary(whole.groups), expected), "round \(round): one engine, shuffled")
            let parts = (0..<Int.random(in: 2...5, using: &rng)).map { _ in SignalEngine(rules: rules) }
            for h in hits { parts.randomElement(using: &rng)!.add(h) }
            let merged = SignalEngine(rules: rules)
            for p in parts { merged.merge(p) }
            #expect(Self.same(Self.summary(merged.groups), expected), "round \(round): merged engines")
            #expect(merged.waitingHits <= hits.count)
        }
    }

    /// 100,000 hits of one threshold signal: every one is counted, and the engine holds no hit
    /// once the burst is known (the collector kept all of them before).
    @Test func hitsAreFoldedNotKept() throws {
        let n = 100_000
        let line = Array("E0312 09:00:00.000000       1 status.go:71] apiserver received an error: etcdserver: request timed out\n".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(n * line.count)
        for i in 0..<n {   // 1,000 lines a second from 09:00:00
            var l = line
            let s = i / 1000, ms = i % 1000
            for (at, v) in [(9, s / 600 % 6), (10, s / 60 % 10), (12, s / 10 % 6), (13, s % 10), (15, ms / 100), (16, ms / 10 % 10), (17, ms % 10)] {
                l[at] = UInt8(0x30 + v)
            }
            text += l
        }
        let rules = builtinRules
        let sig = try #require(rules.signalIndex["etcd-slow-request"])
        let collector = HitCollector(rules: rules)
        let engine = SignalEngine(rules: rules)
        var maxWaiting = 0
        collector.onHit = { engine.add($0); maxWaiting = max(maxWaiting, engine.waitingHits) }
        let g = InputGroup(files: [InputFile(path: "kube-apiserver.log", displayPath: "kube-apiserver.log")], component: "kube-apiserver")
        var o = ReadOptions(); o.year = 2024
        _ = StreamDriver(group: g, options: o, prefilter: rules.prefilter(component: "kube-apiserver"), sink: collector,
                         log: DiagnosticLog(), source: MemorySource(bytes: text)).run()
        let groups = engine.groups.filter { $0.signal == sig }
        #expect(groups.count == 1)
        #expect(groups.first?.count == n)
        #expect(groups.first?.evidence.map(\.line) == [1, 2, 3, n])
        #expect(maxWaiting < rules.signals[sig].spec.threshold!.count)
        #expect(engine.waitingHits == 0)
    }

    /// A cap reached is a diagnostic: hits waiting below a threshold past `maxWaiting`.
    @Test func waitingCapIsReported() throws {
        let rules = builtinRules
        let sig = try #require(rules.signalIndex["etcd-slow-request"])
        let engine = SignalEngine(rules: rules)
        engine.maxWaiting = 10
        for i in 0..<20 {   // one hit an hour: never a burst, all wait
            let t = Int64(i) * 3_600_000_000
            engine.add(Hit(signal: sig, time: t, keys: [], component: nil, evidence: Evidence(path: "x", line: i, text: "", time: t), inputIndex: 0, line: i))
        }
        #expect(engine.waitingHits == 10)
        let d = engine.overflowDiagnostics()
        #expect(d.contains { $0.message.contains("10 earliest hits of signal 'etcd-slow-request' were dropped") })
    }
}
