import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules

@Suite struct RuleTests {
    /// Every example of every built-in rule: fires on its positive examples, stays quiet on the others.
    static let cases: [(String, Int)] = builtinRules.files.flatMap { f in f.examples.indices.map { (f.id, $0) } }

    @Test("rule examples", arguments: cases.map { "\($0.0)#\($0.1)" })
    func example(_ name: String) throws {
        let parts = name.split(separator: "#")
        let file = try #require(builtinRules.files.first { $0.id == parts[0] })
        let ex = file.examples[Int(parts[1])!]
        let o = ExampleRunner(rules: builtinRules).run(ex, of: file)
        #expect(o.passed, "\(file.source):\(ex.line): \(ex.name): \(o.detail)")
    }

    @Test func everyFindingRuleHasPositiveAndNegativeExamples() {
        for f in builtinRules.findingRules {
            #expect(f.examples.filter(\.fire).count >= 1, "\(f.id) has no positive example")
            #expect(f.examples.filter { !$0.fire }.count >= 1, "\(f.id) has no negative example")
        }
    }

    @Test func builtinPackHasThePublicIDs() {
        let ids = Set(builtinRules.files.map(\.id))
        for id in ["namespace-stuck-terminating", "aggregated-api-unavailable", "cloud-route-sync-failed", "admission-webhook-unreachable",
                   "namespace-content-remaining", "etcd-slow", "leader-election-lost", "certificate-expired"] {
            #expect(ids.contains(id), "missing rule \(id)")
        }
        for s in ["cloud-api-permission-denied", "route-controller-sync-failed", "aggregated-api-unavailable", "api-discovery-failed", "namespace-deletion-blocked"] {
            #expect(builtinRules.signalIndex[s] != nil, "missing signal \(s)")
        }
    }

    @Test func embeddedRulesMatchRulesDirectory() throws {
        let dir = repoRoot + "/rules"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == BuiltinRules.files.map(\.name).sorted(), "run scripts/embed-rules.sh")
        for n in names {
            let text = try String(contentsOfFile: dir + "/" + n, encoding: .utf8)
            let embedded = BuiltinRules.files.first { $0.name == n }?.text
            #expect(embedded.map { $0 + "\n" == text || $0 == text } == true, "\(n) differs from the embedded copy: run scripts/embed-rules.sh")
        }
    }

    @Test func builtinPackIsLintClean() {
        let log = DiagnosticLog()
        RuleLint(rules: builtinRules).check(log: log)
        #expect(!log.hasErrors, "\(log.all.filter { $0.level == .error })")
    }

    // MARK: broken rule files: each mistake gets a diagnostic with file:line

    func load(_ yaml: String, name: String = "broken.yaml") -> (RuleFile?, DiagnosticLog) {
        let log = DiagnosticLog()
        return (RuleLoader().load(text: yaml, name: name, source: "rules/\(name)", log: log), log)
    }

    @Test func yamlSyntaxError() {
        let (f, log) = load("id: broken\ntitle: [unclosed\n")
        #expect(f == nil)
        let d = log.all.first
        #expect(d?.message.contains("YAML syntax error") == true)
        #expect(d?.line != nil && d?.path == "rules/broken.yaml")
    }

    /// Every rule diagnostic has `file:line:column`, pointing at what it is about (#15 item 11):
    /// references to unknown signals, duplicates, threshold keys, cycles, examples.
    @Test func ruleDiagnosticsHaveLineAndColumn() throws {
        let a = """
        id: a
        title: t
        severity: error
        symptom: nope-symptom
        recovery: nope-recovery
        signals:
          - id: s1
            match:
              - contains: "x"
                regex: 'x (?<k>[a-z]+)'
            threshold: {count: 2, within: 1m, by: [uncaptured]}
            unless: {signal: nope-unless, within: 1m}
          - id: s2
            match:
              - contains: "y"
        causes:
          - from: s1
            to: s2
          - from: s2
            to: s1
          - from: nope-from
            to: s2
        context:
          - signal: nope-context
            label: c
        remediation:
          - step: "do it"
            when: [nope-when]
        """
        let b = """
        id: b
        title: t
        severity: error
        signals:
          - id: s1
            match:
              - contains: "z"
        """
        let log = DiagnosticLog()
        let fa = try #require(RuleLoader().load(text: a, name: "a.yaml", source: "rules/a.yaml", log: log))
        let fb = try #require(RuleLoader().load(text: b, name: "b.yaml", source: "rules/b.yaml", log: log))
        RuleLint(rules: RuleSet(files: [fa, fb], log: log)).check(log: log)
        let rule = log.all.filter { $0.kind == .rule }
        #expect(rule.count >= 9, "\(rule)")
        for d in rule { #expect(d.line != nil && d.column != nil, "no line:column: \(d)") }
        func at(_ what: String) -> (Int?, Int?) {
            let d = rule.first { $0.message.contains(what) }
            return (d?.line, d?.column)
        }
        #expect(at("symptom refers to unknown signal 'nope-symptom'") == (4, 10))
        #expect(at("recovery refers to unknown signal") == (5, 11))
        #expect(at("context refers to unknown signal") == (24, 3))
        #expect(at("in 'when'") == (27, 3))
        #expect(at("edge refers to unknown signal 'nope-from'") == (21, 5))
        #expect(at("'unless' refers to unknown signal") == (7, 5))
        #expect(at("threshold groups by 'uncaptured'") == (7, 5))
        #expect(at("duplicate signal id 's1'") == (5, 5))
        #expect(at("causal cycle") != (nil, nil))
    }

    @Test func unknownKeyWithSuggestion() {
        let (_, log) = load("id: broken\ntitle: t\nseverity: error\nsymtom: x\n")
        let d = log.all.first { $0.message.contains("unknown key 'symtom'") }
        #expect(d?.line == 4 && d?.column == 1)
        #expect(d?.help?.contains("symptom") == true)
    }

    @Test func wrongTypesAndBadValues() {
        let yaml = """
        id: broken
        title: t
        severity: fatal
        signals:
          - id: s
            match:
              - contains: x
            threshold: {count: 3, within: soon}
        """
        let (_, log) = load(yaml)
        #expect(log.all.contains { $0.message.contains("unknown severity 'fatal'") && $0.line == 3 })
        #expect(log.all.contains { $0.message.contains("'within' is not a duration") && $0.line == 8 })
    }

    @Test func idMustMatchFileName() {
        let (_, log) = load("id: other\ntitle: t\nseverity: error\n")
        #expect(log.all.contains { $0.message.contains("does not match the file name") })
    }

    @Test func compileErrors() throws {
        let a = """
        id: a
        title: t
        severity: error
        symptom: s1
        signals:
          - id: s1
            match:
              - contains: x
                regex: '(unclosed'
          - id: s2
            match:
              - contains: y
        causes:
          - from: s2
            to: s1
          - from: s1
            to: s2
          - from: nope
            to: s1
        """
        let b = "id: b\ntitle: t\nseverity: error\nsignals:\n  - id: s2\n    match:\n      - contains: z\n"
        let log = DiagnosticLog()
        let fa = try #require(RuleLoader().load(text: a, name: "a.yaml", source: "rules/a.yaml", log: log))
        let fb = try #require(RuleLoader().load(text: b, name: "b.yaml", source: "rules/b.yaml", log: log))
        _ = RuleSet(files: [fa, fb], log: log)
        let all = log.all
        #expect(all.contains { $0.message.contains("invalid regex") && $0.line == 9 })
        #expect(all.contains { $0.message.contains("duplicate signal id 's2'") && $0.path == "rules/b.yaml" })
        #expect(all.contains { $0.message.contains("unknown signal 'nope'") && $0.line == 18 })
        #expect(all.contains { $0.message.contains("causal cycle") })
    }

    /// The issue's patterns passed `rules check`: the lint only tried subjects without their
    /// required characters. Each is now rejected, by the static check and by subjects made of
    /// its own literals, with file:line:column.
    @Test(arguments: [#"^(a|a)*b"#, #"(?:(?:a*)*)*c"#, #"(x+x+)+y"#, #"(a|ab)+c"#, #"^(\w+\s?)*$"#])
    func catastrophicRegexesFailRulesCheck(_ pattern: String) throws {
        let yaml = """
        id: slow
        title: t
        severity: error
        signals:
          - id: slow-signal
            match:
              - contains: z
                regex: '\(pattern)'
        """
        let log = DiagnosticLog()
        let f = try #require(RuleLoader().load(text: yaml, name: "slow.yaml", source: "rules/slow.yaml", log: log))
        RuleLint(rules: RuleSet(files: [f], log: log)).check(log: log)
        let static_ = log.all.first { $0.message.contains("can backtrack catastrophically") }
        #expect(static_?.line == 8 && static_?.column == 16, "\(pattern): \(log.all)")
        let re = try PCRE2Regex(pattern)
        let before = re.limitHits
        for s in RegexHazard.hostileSubjects(pattern) { _ = re.matches(s) }
        #expect(re.limitHits > before, "\(pattern): no subject of its own literals hits the limit")
    }

    @Test(arguments: [#"(?:foo|bar)+"#, #"(\s+\w+)*"#, #"[a-z]+(-[a-z]+)*"#, #"(?:[0-9]{1,3}\.){3}[0-9]{1,3}"#, #"a+b+c+"#, #"(?:\\?"[^"]*"\s*)+"#])
    func safeRepetitionsPass(_ pattern: String) {
        #expect(RegexHazard.hazard(pattern) == nil, "\(pattern)")
    }

    /// A PCRE2 limit hit during analysis is counted and reported per signal, not a silent no match.
    @Test func limitHitsDuringAnalysisAreReported() throws {
        let yaml = """
        id: slow
        title: t
        severity: error
        signals:
          - id: slow-signal
            match:
              - contains: x
                regex: '(x+x+)+y'
        """
        let log = DiagnosticLog()
        let f = try #require(RuleLoader().load(text: yaml, name: "slow.yaml", source: "rules/slow.yaml", log: log))
        let rules = RuleSet(files: [f], log: log)
        let line = "E0312 09:00:00.000000       1 a.go:1] " + String(repeating: "x", count: 40) + "!y\n"
        var g = InputGroup(files: [InputFile(path: "kube-apiserver.log", displayPath: "kube-apiserver.log")])
        g.component = "kube-apiserver"
        var o = AnalysisOptions(); o.read.year = 2024
        let runLog = DiagnosticLog()
        _ = Analyzer(rules: rules, options: o).run(groups: [g], sources: [MemorySource(line + line)], log: runLog)
        let d = runLog.all.first { $0.kind == .limit }
        #expect(d?.message == "signal 'slow-signal': 2 records hit PCRE2's backtracking limit and were counted as no match", "\(runLog.all)")
        #expect(d?.path == "rules/slow.yaml")
    }

    @Test func catastrophicRegexReported() throws {
        let yaml = """
        id: slow
        title: t
        severity: error
        signals:
          - id: slow-signal
            match:
              - contains: a
                regex: '^(a+)+$'
        """
        let log = DiagnosticLog()
        let f = try #require(RuleLoader().load(text: yaml, name: "slow.yaml", source: "rules/slow.yaml", log: log))
        RuleLint(rules: RuleSet(files: [f], log: log)).check(log: log)
        #expect(log.all.contains { $0.message.contains("backtracking limit") && $0.line == 8 })
    }

    /// The prefilter's anchor is a matcher's rarest literal by the measured table, not its longest:
    /// namespace-finalized's `/finalize` (never seen on the mix) instead of `namespace-controller`
    /// (every GET of the namespace controller). Unmeasured literals tie and the longest wins; a
    /// literal a raw JSON line escapes (`"`, `\\`) is never the anchor while another is possible.
    @Test func anchorIsTheRarestLiteral() throws {
        #expect(RuleSet.anchor(of: ["/finalize", "namespace-controller"]) == "/finalize")
        #expect(RuleSet.anchor(of: ["namespace-controller", "/finalize"]) == "/finalize")
        #expect(RuleSet.anchor(of: ["Trace[", " etcd3\"", "(total time: "]) == "(total time: ")
        #expect(RuleSet.anchor(of: ["unmeasured one", "unmeasured, longer one"]) == "unmeasured, longer one")
        #expect(RuleSet.anchor(of: ["Trace[", "unmeasured"]) == "unmeasured")
        #expect(RuleSet.anchor(of: ["a\"b", "a\\bcd"]) == "a\\bcd")
        #expect(RuleSet.anchor(of: []) == nil)
        // The built-in pack: the anchor namespace-finalized's matcher searches, and the span its
        // evidence shows (the longest literal, as before rarity was measured).
        let rules = RuleCatalog.load(userDirs: [], includeBuiltin: true, log: DiagnosticLog())
        let sig = try #require(rules.signalIndex["namespace-finalized"])
        let m = try #require(rules.matchers.first { $0.signal == sig })
        #expect(m.literalIDs.map { String(decoding: rules.literals[$0].bytes, as: UTF8.self) } == ["/finalize"])
        #expect(m.spanLiteral.map { String(decoding: $0.bytes, as: UTF8.self) } == "namespace-controller")
    }
}

@Suite struct CorrelationTests {
    func analyse(_ files: [(String, String)]) -> [Finding] {
        let ex = RuleExample(name: "t", fire: true, rootCause: nil, missing: nil, keys: [:], year: 2024, files: files, line: 1)
        return ExampleRunner(rules: builtinRules).analyse(ex).0.findings
    }

    @Test func optionalKeysDoNotSplitOneEvent() {
        let f = analyse([("kube-controller-manager.log", """
        E0312 10:00:00.000000       1 leaderelection.go:330] error retrieving resource lock kube-system/kube-controller-manager: context deadline exceeded
        I0312 10:00:01.000000       1 leaderelection.go:283] failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition
        F0312 10:00:01.000100       1 controllermanager.go:294] leaderelection lost
        """)])
        #expect(f.filter { $0.id == "leader-election-lost" }.count == 1)
    }

    @Test func missingEvidenceNamesAbsentComponent() throws {
        let f = analyse([("kube-controller-manager.log", (0..<6).map { i in
            "E0312 09:40:0\(i).118273       1 namespace_controller.go:162] deletion of namespace demo-app failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request"
        }.joined(separator: "\n"))])
        let finding = try #require(f.first { $0.id == "namespace-stuck-terminating" })
        #expect(finding.rootCause.signal == "api-discovery-failed")
        let hint = try #require(finding.missing.first { $0.signal == "aggregated-api-unavailable" }?.hint)
        #expect(hint.hasPrefix("no kube-apiserver logs in the input"))
        #expect(finding.confidence < 0.9)
    }

    @Test func causeAfterEffectBeyondSkewIsNotACause() throws {
        let kcm = (0..<6).map { i in
            "E0312 09:40:0\(i).118273       1 namespace_controller.go:162] deletion of namespace demo-app failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request"
        }.joined(separator: "\n")
        let api = (0..<4).map { i in
            "E0312 10:30:0\(i).000000       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1: context deadline exceeded"
        }.joined(separator: "\n")
        let f = analyse([("kube-controller-manager.log", kcm), ("kube-apiserver.log", api)])
        let finding = try #require(f.first { $0.id == "namespace-stuck-terminating" })
        #expect(finding.rootCause.signal == "api-discovery-failed")
    }

    /// apiservice-changed reads the slow-request trace of a write to an APIService (logged at the
    /// default verbosity, unlike the request log) in the trace layouts of 1.11-1.16
    /// (kubernetes/minikube#3230), 1.17-1.22 (`"Update" url:...,user-agent:...`, the layout of
    /// kubernetes/minikube#6161) and 1.23+ (`"Update" accept:...,url:...,user-agent:...,verb:PUT`);
    /// a `/status` write, a read and another resource's trace are no change.
    @Test func apiserviceChangedReadsSlowRequestTraces() {
        func hits(_ line: String) -> [(String, [(String, String)])] {
            let e = RealLineEntry(source: "logtrace/logtrace#0", file: "kube-apiserver.log", format: "klog", year: 2024, lines: line + "\n", expect: [])
            let o = RealLines.run(e)
            return (o.hits[1] ?? []).map { ($0, o.keys[1] ?? []) }
        }
        func changed(_ line: String) -> [String: String]? {
            guard let h = hits(line).first(where: { $0.0 == "apiservice-changed" }) else { return nil }
            return Dictionary(h.1, uniquingKeysWith: { a, _ in a })
        }
        let old = changed(#"I1010 06:08:20.544956       1 trace.go:76] Trace[1495312313]: "Update /apis/apiregistration.k8s.io/v1beta1/apiservices/v1beta1.metrics.k8s.io" (started: 2018-10-10 06:08:16.527005071 +0000 UTC m=+11.382159072) (total time: 4.017895973s):"#)
        #expect(old?["version"] == "v1beta1" && old?["group"] == "metrics.k8s.io" && old?["_verb"] == "Update", "\(String(describing: old))")
        let mid = changed(#"I1226 10:25:26.348942       1 trace.go:116] Trace[769083584]: "Patch" url:/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io,user-agent:kubectl/v1.17.0 (linux/amd64) kubernetes/70132b0,client:192.168.0.41 (started: 2019-12-26 10:25:25.671279669 +0000 UTC m=+82.070681471) (total time: 677.61522ms):"#)
        #expect(mid?["group"] == "metrics.k8s.io" && mid?["_verb"] == "Patch" && mid?["_user_agent"] == "kubectl/v1.17.0 (linux/amd64) kubernetes/70132b0", "\(String(describing: mid))")
        let new = changed(#"I0524 09:19:04.489011       1 trace.go:236] Trace[1434329785]: "Delete" accept:application/json, */*,audit-id:0b9d5c1e-54a4-4d1e-9c1e-3f3f0b8b2f6a,client:192.168.0.41,protocol:HTTP/2.0,resource:apiservices,scope:resource,url:/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.custom.metrics.k8s.io,user-agent:kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819,verb:DELETE (24-May-2024 09:19:02.434) (total time: 2054ms):"#)
        #expect(new?["group"] == "custom.metrics.k8s.io" && new?["_verb"] == "Delete" && new?["_user_agent"] == "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819", "\(String(describing: new))")
        let create = changed(#"I1010 06:08:20.558833       1 trace.go:76] Trace[1369423527]: "Create /apis/apiregistration.k8s.io/v1/apiservices" (started: 2018-10-10 06:08:16.538782686 +0000 UTC m=+11.393936642) (total time: 4.0200078s):"#)
        #expect(create != nil && create?["group"] == nil, "a create on the collection has no name: \(String(describing: create))")
        for quiet in [
            #"I0505 20:30:16.868055       1 trace.go:76] Trace[1001256043]: "Update /apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io/status" (started: 2019-05-05 20:30:15.744080415 +0000 UTC m=+49.566447518) (total time: 1.123960315s):"#,
            #"I0524 09:19:04.489011       1 trace.go:236] Trace[1434329785]: "Update" accept:application/vnd.kubernetes.protobuf, */*,audit-id:0b9d5c1e-54a4-4d1e-9c1e-3f3f0b8b2f6a,client:::1,protocol:HTTP/2.0,resource:apiservices,scope:resource,url:/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io/status,user-agent:kube-apiserver/v1.29.2 (linux/amd64) kubernetes/4b8e819,verb:PUT (24-May-2024 09:19:02.434) (total time: 2054ms):"#,
            #"I1226 10:25:25.321785       1 trace.go:116] Trace[965115906]: "Get" url:/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io,user-agent:kubectl/v1.17.0 (linux/amd64) kubernetes/70132b0,client:127.0.0.1 (started: 2019-12-26 10:25:24.498854247 +0000 UTC m=+80.898256085) (total time: 822.890477ms):"#,
            #"I0505 20:30:16.865745       1 trace.go:76] Trace[1725713258]: "GuaranteedUpdate etcd3: *apiregistration.APIService" (started: 2019-05-05 20:30:15.74425398 +0000 UTC m=+49.566621085) (total time: 1.12146086s):"#,
        ] {
            #expect(changed(quiet) == nil, "\(quiet.prefix(90))")
        }
    }
}
