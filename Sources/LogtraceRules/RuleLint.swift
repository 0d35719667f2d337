import LogtraceCore

/// `logtrace rules check` beyond loading: catastrophic regexes, unreachable symptoms, signals no
/// example exercises, examples that do not pass; and `rules explain`.
public struct RuleLint {
    public let rules: RuleSet
    public init(rules: RuleSet) { self.rules = rules }

    public func check(log: DiagnosticLog) {
        // Regexes that backtrack catastrophically on hostile subjects hit PCRE2's limits.
        let hostile = [String(repeating: "a", count: 20_000), String(repeating: "a", count: 5_000) + "!", String(repeating: "a ", count: 10_000) + "!",
                       String(repeating: "\"", count: 20_000), String(repeating: "x=\"y\" ", count: 4_000)]
        for m in rules.matchers {
            guard let re = m.regex else { continue }
            let s = rules.signals[m.signal].spec
            if let why = RegexHazard.hazard(re.pattern) {
                log.add(Diagnostic(.error, kind: .rule, path: s.source, line: m.spec.regexLine, column: m.spec.regexColumn,
                                   "regex of signal '\(s.id)' can backtrack catastrophically: \(why)",
                                   help: "make the repeated parts unable to match the same text, e.g. (a+)+ -> a+, (a|ab)* -> (ab?)*"))
            }
            let before = re.limitHits
            for h in hostile + RegexHazard.hostileSubjects(re.pattern) { _ = re.matches(h) }
            if re.limitHits > before {
                log.add(Diagnostic(.error, kind: .rule, path: s.source, line: m.spec.regexLine, column: m.spec.regexColumn,
                                   "regex of signal '\(s.id)' hits the backtracking limit on hostile input",
                                   help: "remove nested quantifiers such as (a+)+ or (.*)*"))
            }
            if m.literalIDs.isEmpty {
                let s = rules.signals[m.signal].spec
                log.add(Diagnostic(.warning, kind: .rule, path: s.source, line: m.spec.line, column: m.spec.column, "a matcher of signal '\(s.id)' has no 'contains' literal: it runs on every record",
                                   help: "add a literal that every match contains"))
            }
        }
        for s in rules.signals {
            if let t = s.spec.threshold, t.count > 1, t.within < 1_000_000 {
                log.add(Diagnostic(.warning, kind: .rule, path: s.spec.source, line: s.spec.line, column: s.spec.column, "signal '\(s.id)': \(t.count) hits within \(t.within / 1000)ms can hardly be met",
                                   help: "use a window of seconds or minutes"))
            }
        }
        // Every signal should be exercised by some firing example; every example should pass.
        let runner = ExampleRunner(rules: rules)
        var exercised = Set<Int>()
        for f in rules.files {
            if f.symptom != nil && !f.examples.contains(where: \.fire) {
                log.add(Diagnostic(.error, kind: .rule, path: f.source, line: f.positions["id"]?.line ?? 1, column: f.positions["id"]?.column ?? 1, "rule '\(f.id)' has no example that fires", help: "add an example with fire: true"))
            }
            if f.symptom != nil && !f.examples.contains(where: { !$0.fire }) {
                log.add(Diagnostic(.warning, kind: .rule, path: f.source, line: f.positions["id"]?.line ?? 1, column: f.positions["id"]?.column ?? 1, "rule '\(f.id)' has no example that must stay quiet", help: "add an example with fire: false"))
            }
            for ex in f.examples {
                let (result, _) = runner.analyse(ex)
                if ex.fire { for g in result.groups { exercised.insert(g.signal) } }
                let o = runner.run(ex, of: f)
                if !o.passed {
                    log.add(Diagnostic(.error, kind: .rule, path: f.source, line: ex.line, column: ex.column, "example '\(ex.name)' fails: \(o.detail)", help: "fix the rule or the example"))
                }
            }
        }
        for (i, s) in rules.signals.enumerated() where !exercised.contains(i) {
            log.add(Diagnostic(.warning, kind: .rule, path: s.spec.source, line: s.spec.line, column: s.spec.column, "signal '\(s.id)' is not exercised by any firing example",
                               help: "add an example line it matches"))
        }
    }

    /// The chains a rule can build, from its symptom upstream, as indented text.
    public func explain(_ f: RuleFile) -> String {
        var s = "\(f.id) (\(f.severity.rawValue)): \(f.title)\n"
        if !f.description.isEmpty { s += f.description.trimmingWhitespace() + "\n" }
        guard let sym = f.symptom, let si = rules.signalIndex[sym] else { return s + "(no symptom: this file only defines signals and edges)\n" }
        s += "\nCauses, from the symptom upstream:\n"
        func walk(_ i: Int, _ depth: Int, _ seen: Set<Int>) {
            let sig = rules.signals[i]
            let comps = sig.components.isEmpty ? "any component" : sig.components.joined(separator: ", ")
            var line = String(repeating: "  ", count: depth) + (depth == 0 ? "" : "<- ") + sig.id + " [\(comps)]"
            if let t = sig.spec.threshold { line += " (\(t.count) within \(Timestamp.duration(t.within))\(t.by.isEmpty ? "" : " by \(t.by.joined(separator: ","))"))" }
            s += line + "\n"
            for ei in sig.upstream where !seen.contains(rules.edges[ei].from) {
                walk(rules.edges[ei].from, depth + 1, seen.union([i]))
            }
        }
        walk(si, 0, [])
        if let r = f.recovery { s += "\nResolved by: \(r)\n" }
        return s
    }
}
