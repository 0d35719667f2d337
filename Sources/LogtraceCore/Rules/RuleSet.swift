import LogtraceKernels
/// The compiled rule pack: every signal, matcher, literal and edge of all loaded rule files,
/// indexed for one pass over the records. Built-in files are replaced by user files with the
/// same id. Compilation reports unknown references, duplicate ids, bad regexes and cycles.
public final class RuleSet: @unchecked Sendable {
    public struct Matcher {
        public var signal: Int
        public var components: Set<String>
        /// The same, interned: what the hot path compares with a record's component.
        public var componentNames: Set<Name>
        public var severities: Set<Severity>
        /// The anchor literal (the rarest of `contains`, `RuleSet.anchor(of:)`) is searched
        /// block-wide by the prefilter; the other literals are checked only on records that hold
        /// the anchor.
        public var literals: LiteralMask
        public var literalIDs: [Int]
        public var verify: [Needle]
        /// The longest literal: where the evidence's match is shown when the matcher has no regex.
        public var spanLiteral: Needle?
        public var regex: PCRE2Regex?
        public var fields: [(String, PCRE2Regex)]
        public var spec: MatcherSpec
    }

    public struct Signal {
        public var id: String
        public var spec: SignalSpec
        /// Components of its log matchers (missing evidence names them); `kube-events` and
        /// `kube-objects` only when the signal has no other.
        public var components: [String]
        public var upstream: [Int] = []      // edge indices whose `to` is this signal
    }

    public struct Edge {
        public var from: Int
        public var to: Int
        public var join: [(String, String)]?
        public var joinCIDR: [(String, String)]
        public var explains: Set<ErrorClass>?
        public var maxLag: Int64
    }

    public private(set) var files: [RuleFile] = []
    public private(set) var signals: [Signal] = []
    public private(set) var signalIndex: [String: Int] = [:]
    public private(set) var matchers: [Matcher] = []
    public private(set) var edges: [Edge] = []
    public private(set) var literals: [Needle] = []
    private var literalIndex: [String: Int] = [:]
    /// Matchers without any literal run on every record.
    public private(set) var unfiltered: [Int] = []

    public init(files input: [RuleFile], log: DiagnosticLog) {
        var byID: [String: RuleFile] = [:]
        var order: [String] = []
        for f in input {
            if byID[f.id] == nil { order.append(f.id) }
            byID[f.id] = f
        }
        files = order.map { byID[$0]! }
        for f in files {
            for s in f.signals {
                if let existing = signalIndex[s.id] {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: s.line, column: s.column, "duplicate signal id '\(s.id)' (also in \(signals[existing].spec.source))",
                                       help: "signal ids are global: rename one or refer to the existing signal"))
                    continue
                }
                signalIndex[s.id] = signals.count
                let comps = Array(Set(s.matchers.flatMap(\.components))).sorted()
                // The logs a signal comes from (what missing evidence names): events and object
                // conditions are extra evidence beside them, not logs to look for.
                let logs = comps.filter { !KubeObjects.components.contains($0) }
                signals.append(Signal(id: s.id, spec: s, components: logs.isEmpty ? comps : logs))
            }
        }
        for f in files {
            for s in f.signals {
                guard let si = signalIndex[s.id], signals[si].spec.source == f.source else { continue }
                for m in s.matchers { compile(m, signal: si, file: f, log: log) }
                if let c = s.changeWindow, let ok = c.success, signalIndex[ok] == nil {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: s.line, column: s.column, "signal '\(s.id)': change_window success refers to unknown signal '\(ok)'", help: hint(for: ok)))
                }
                if let u = s.unless, signalIndex[u.signal] == nil {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: s.line, column: s.column, "signal '\(s.id)': 'unless' refers to unknown signal '\(u.signal)'", help: "define it or fix the id"))
                }
                if let t = s.sentence {
                    let captured = Set(s.matchers.flatMap { m in self.captureNames(m) })
                    for k in t.names where !captured.contains(k) && !captured.contains("_" + k) {
                        log.add(Diagnostic(.error, kind: .rule, path: f.source, line: s.line, "signal '\(s.id)': sentence uses '{\(k)}', which no matcher captures",
                                           help: "add a named group (?<\(k)>...) to a matcher, or fix the name"))
                    }
                }
                if let t = s.threshold {
                    let captured = Set(s.matchers.flatMap { m in self.captureNames(m) })
                    for k in t.by where !captured.contains(k) {
                        log.add(Diagnostic(.error, kind: .rule, path: f.source, line: s.line, column: s.column, "signal '\(s.id)': threshold groups by '\(k)', which no matcher captures",
                                           help: "add a named group (?<\(k)>...) or remove it from 'by'"))
                    }
                }
            }
            for e in f.causes {
                guard let a = signalIndex[e.from] else {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: e.line, column: e.column, "edge refers to unknown signal '\(e.from)'", help: hint(for: e.from))); continue
                }
                guard let b = signalIndex[e.to] else {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: e.line, column: e.column, "edge refers to unknown signal '\(e.to)'", help: hint(for: e.to))); continue
                }
                if e.explains != nil && !signals[b].spec.errorClass {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: e.line, column: e.column, "edge \(e.from) -> \(e.to) has 'explains', but '\(e.to)' has no 'error_class: true'",
                                       help: "add `error_class: true` to signal '\(e.to)' or remove 'explains'"))
                }
                signals[b].upstream.append(edges.count)
                edges.append(Edge(from: a, to: b, join: e.join, joinCIDR: e.joinCIDR,
                                  explains: e.explains.map { Set($0.compactMap(ErrorClass.init(rawValue:))) }, maxLag: e.maxLag))
            }
            for c in f.context where signalIndex[c.signal] == nil {
                log.add(Diagnostic(.error, kind: .rule, path: f.source, line: f.positions["context"]?.line ?? 1, column: f.positions["context"]?.column ?? 1, "context refers to unknown signal '\(c.signal)'", help: hint(for: c.signal)))
            }
            for step in f.remediation {
                for s in step.when where signalIndex[s] == nil {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: f.positions["remediation"]?.line ?? 1, column: f.positions["remediation"]?.column ?? 1, "remediation step refers to unknown signal '\(s)' in 'when'", help: hint(for: s)))
                }
            }
            for (key, value) in [("symptom", f.symptom), ("recovery", f.recovery)] {
                if let v = value, signalIndex[v] == nil {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: f.positions[key]?.line ?? 1, column: f.positions[key]?.column ?? 1, "\(key) refers to unknown signal '\(v)'", help: hint(for: v)))
                }
            }
        }
        reportCycles(log: log)
    }

    private func hint(for id: String) -> String {
        let near = signalIndex.keys.min { editDistance($0, id) < editDistance($1, id) } ?? ""
        return editDistance(near, id) <= 4 ? "did you mean '\(near)'?" : "define a signal with that id in some rule file"
    }

    private func captureNames(_ m: MatcherSpec) -> [String] {
        var out: [String] = []
        for p in [m.regex].compactMap({ $0 }) + m.fields.map(\.1) {
            if let r = try? PCRE2Regex(p) { out += r.names.map(\.name) }
        }
        return out
    }

    private func literalID(_ s: String) -> Int {
        if let i = literalIndex[s] { return i }
        literalIndex[s] = literals.count
        literals.append(Needle(s))
        return literals.count - 1
    }

    private func compile(_ m: MatcherSpec, signal: Int, file: RuleFile, log: DiagnosticLog) {
        var mask = LiteralMask()
        var ids: [Int] = []
        let lits = m.contains.filter { !$0.isEmpty }
        let anchor = Self.anchor(of: lits)
        let longest = lits.max { a, b in a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a > b }
        if let anchor {
            let id = literalID(anchor)
            guard id < LiteralMask.capacity else {
                log.add(Diagnostic(.error, kind: .rule, path: file.source, line: m.line, column: m.column, "more than \(LiteralMask.capacity) distinct anchor literals in the rule set", help: "share literals between matchers"))
                return
            }
            mask.insert(id); ids.append(id)
        }
        var seen = Set<String>()
        let verify = lits.filter { $0 != anchor && seen.insert($0).inserted }.map(Needle.init)
        var regex: PCRE2Regex?
        if let p = m.regex {
            do { regex = try PCRE2Regex(p) } catch let e as PCRE2Regex.CompileError {
                log.add(Diagnostic(.error, kind: .rule, path: file.source, line: m.regexLine, column: m.regexColumn, "invalid regex in signal '\(signals[signal].id)': \(e.message) at offset \(e.offset)",
                                   help: "PCRE2 syntax; named groups are (?<name>...)"))
                return
            } catch { return }
        }
        var fields: [(String, PCRE2Regex)] = []
        for (k, p) in m.fields {
            do { fields.append((k, try PCRE2Regex(p))) } catch let e as PCRE2Regex.CompileError {
                log.add(Diagnostic(.error, kind: .rule, path: file.source, line: m.line, column: m.column, "invalid regex for field '\(k)' in signal '\(signals[signal].id)': \(e.message) at offset \(e.offset)",
                                   help: "PCRE2 syntax; named groups are (?<name>...)"))
                return
            } catch { return }
        }
        if ids.isEmpty { unfiltered.append(matchers.count) }
        matchers.append(Matcher(signal: signal, components: Set(m.components), componentNames: Set(m.components.map(Name.init)), severities: Set(m.severities), literals: mask,
                                literalIDs: ids, verify: verify, spanLiteral: longest.map(Needle.init), regex: regex, fields: fields, spec: m))
    }

    /// The literal of a matcher's `contains` the block prefilter searches: every literal must be
    /// in a record for it to match, so any of them finds the same records, and the rarest one
    /// makes the fewest candidate records (each is decoded and checked). Rarity is measured on the
    /// benchmark mix (`LiteralRarity`, lines per million); a literal it does not list counts as
    /// `LiteralRarity.unmeasured`, and ties go to the longer literal, then the first in byte order
    /// (the choice before rarity was measured: the longest). A literal holding `"`, `\` or a
    /// control byte is chosen only when every literal does: a raw JSON line shows those escaped,
    /// and the block scan reads raw lines, so such an anchor would miss JSON records.
    static func anchor(of lits: [String]) -> String? {
        let plain = lits.filter { $0.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } }
        let pool = plain.isEmpty ? lits : plain
        return pool.min { a, b in
            let ra = LiteralRarity.perMillion[a] ?? LiteralRarity.unmeasured
            let rb = LiteralRarity.perMillion[b] ?? LiteralRarity.unmeasured
            if ra != rb { return ra < rb }
            return a.utf8.count != b.utf8.count ? a.utf8.count > b.utf8.count : a < b
        }
    }

    private func reportCycles(log: DiagnosticLog) {
        // Depth-first search over edges from -> to; a back edge closes a cycle.
        var state = Array(repeating: 0, count: signals.count)
        var out: [[Int]] = Array(repeating: [], count: signals.count)
        for e in edges { out[e.from].append(e.to) }
        func visit(_ v: Int, _ path: [Int]) {
            state[v] = 1
            for w in out[v] {
                if state[w] == 1 {
                    let cycle = (path + [v]).drop { $0 != w }.map { signals[$0].id } + [signals[w].id]
                    let s = signals[w].spec
                    log.add(Diagnostic(.error, kind: .rule, path: s.source, line: s.line, column: s.column, "causal cycle: \(cycle.joined(separator: " -> "))", help: "remove one of these edges"))
                } else if state[w] == 0 { visit(w, path + [v]) }
            }
            state[v] = 2
        }
        for v in signals.indices where state[v] == 0 { visit(v, []) }
    }

    /// Finding rules: files with a symptom.
    public var findingRules: [RuleFile] { files.filter { $0.symptom != nil } }

    /// Literal ids worth searching in a stream of `component` (nil: unknown or mixed).
    public func activeLiterals(component: String?) -> [Int] {
        var set = Set<Int>()
        for m in matchers where component == nil || m.components.isEmpty || m.components.contains(component!) {
            set.formUnion(m.literalIDs)
        }
        return set.sorted()
    }

    public func prefilter(component: String?) -> BlockPrefilter {
        BlockPrefilter(literals: literals, active: activeLiterals(component: component))
    }
}

extension RuleSet {
    /// PCRE2 match or depth limit hits so far, per matcher (its regex and field regexes).
    public func regexLimitHits() -> [Int] {
        matchers.map { m in (m.regex?.limitHits ?? 0) + m.fields.reduce(0) { $0 + $1.1.limitHits } }
    }

    /// One warning per signal whose regexes hit PCRE2's limits since `before`: those records
    /// were counted as no match, which must not pass for a clean "no match".
    public func regexLimitDiagnostics(since before: [Int]) -> [Diagnostic] {
        let now = regexLimitHits()
        var perSignal: [Int: Int] = [:]
        for (i, m) in matchers.enumerated() where i < before.count && now[i] > before[i] { perSignal[m.signal, default: 0] += now[i] - before[i] }
        return perSignal.keys.sorted().map { s in
            let n = perSignal[s]!
            return Diagnostic(.warning, kind: .limit, path: signals[s].spec.source, line: signals[s].spec.line, column: signals[s].spec.column,
                              "signal '\(signals[s].id)': \(n) record\(n == 1 ? "" : "s") hit PCRE2's backtracking limit and were counted as no match",
                              help: "its regex backtracks too much on these lines; logtrace rules check names such regexes")
        }
    }
}

/// Levenshtein distance, for "did you mean" hints on misspelt ids and keys (the compiler and the loader).
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}
