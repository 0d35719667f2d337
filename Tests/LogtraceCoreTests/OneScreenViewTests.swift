import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules

/// The one-screen view's pieces (#16): the root-cause sentence from a rule's `sentence:` and the
/// step's captures, and the evidence line cut around what the signal matched.
@Suite struct OneScreenViewTests {
    static let ram = "E0312 09:10:02.311842       1 route_controller.go:133] Couldn't reconcile node routes: RouteTables: Aliyun API Error: RequestId: 7B1C6F22-3C9A-4F0E-9D7E-2B8A6C1D0E11 Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource, or this API doesn't support RAM."

    static func view() -> CompactView {
        CompactView(report: TextReport(style: Style(enabled: false), redactor: nil, width: 120), result: nil)
    }

    @Test func evidenceIsCutAroundTheMatch() {
        let text = Self.ram
        let at = text.utf8.count - text.utf8.drop { _ in false }.count + Array(text.utf8).firstRange(of: Array("Forbidden.RAM".utf8))!.lowerBound
        let e = Evidence(path: "x.log", line: 1, text: text, time: nil, match: at..<(at + 13))
        let out = Self.view().evidenceText(e, keys: [], room: 70)
        #expect(out.count <= 70)
        #expect(out.contains("Forbidden.RAM"))
        #expect(out.contains("not authorized"))
        #expect(out.hasPrefix("…") && out.hasSuffix("…"))
        // Cut at spaces: the words around the cut are whole words of the line.
        let inner = out.dropFirst().dropLast()
        #expect(text.contains(inner))
        #expect(text.contains(" " + inner.prefix(while: { $0 != " " }) + " "))
        #expect(text.contains(" " + inner.split(separator: " ").last! + " "))
    }

    /// Evidence from a JSON record (etcd) shows its time and level in front, as a klog line has them
    /// in its header (#16: "Evidence from JSON records (etcd) shows its time and level").
    @Test func jsonEvidenceShowsTimeAndLevel() throws {
        let text = #"{"level":"warn","ts":"2024-03-12T09:29:58.912301Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.531248s","expected-duration":"1s"}"#
        let ts = "2024-03-12T09:29:58.912301Z"
        let time = try #require(Array(ts.utf8).withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time })
        let at = try #require(Array(text.utf8).firstRange(of: Array("slow fdatasync".utf8))).lowerBound
        let e = Evidence(path: "etcd.log", line: 1, text: text, time: time, match: at..<(at + 14))
        let out = Self.view().evidenceText(e, keys: [], room: 200)
        #expect(out == "09:29:58 warn " + text, "\(out)")
        // A klog line keeps its own header: nothing is put in front.
        let k = Evidence(path: "x.log", line: 1, text: Self.ram, time: time, match: nil)
        #expect(!Self.view().evidenceText(k, keys: [], room: 400).hasPrefix("09:29:58"))
    }

    @Test func cutNeverSplitsAWordWhenTheMatchIsLong() {
        let line = "I0312 09:21:04.000000 1 controller.go:1] \"changing APIService availability\" name=\"v1beta1.metrics.k8s.io\" oldStatus=\"True\" newStatus=\"False\" message=\"failing or missing response from https://10.244.3.7:4443/apis/metrics.k8s.io/v1beta1\" reason=\"FailedDiscoveryCheck\""
        let chars = Array(line)
        let a = line.distance(from: line.startIndex, to: line.range(of: "\"changing")!.lowerBound)
        let out = CompactView.cut(chars, around: a..<(chars.count - 10), room: 60)
        #expect(out.count <= 60)
        let inner = out.dropFirst().dropLast()
        #expect(line.contains(inner))
        #expect(line.contains(inner + " "), "cut inside a word: \(out)")
    }

    @Test func matchNearTheEndShowsTheLineEnd() {
        let line = "I0312 09:40:00.935100       1 httplog.go:131] \"HTTP\" verb=\"GET\" URI=\"/api/v1/namespaces/demo-app\" latency=\"1.668657ms\" userAgent=\"kube-controller-manager/v1.24.17 (linux/amd64) kubernetes/22a9682/system:serviceaccount:kube-system:namespace-controller\" audit-ID=\"584a8a0a-b8e4-4e9a-9b93-918e01e09fba\" srcIP=\"10.0.1.11:51234\" resp=200"
        let chars = Array(line)
        let a = line.distance(from: line.startIndex, to: line.range(of: "namespace-controller")!.lowerBound)
        let out = CompactView.cut(chars, around: a..<(a + 20), room: 73)
        #expect(out.count <= 73)
        #expect(out.contains("namespace-controller"))
        #expect(out.count >= 60, "room left unused: \(out)")
    }
}

/// `sentence:` templates: filled from keys and `_` captures, optional parts, fallbacks; every
/// built-in signal that can stand in a chain has one; `rules check` refuses unknown names.
@Suite struct SentenceTemplateTests {
    @Test func fillsKeysCapturesFallbacksAndOptionalParts() {
        let t = SentenceTemplate("{_policy|IAM} policy denies {_api|cloud API calls}[ ({cloud_code})]")
        #expect(t.fill(keys: [("cloud_code", "Forbidden.RAM")], attributes: ["_policy": ["RAM"], "_api": ["DescribeVpcs", "RouteTables"]])
                == "RAM policy denies DescribeVpcs/RouteTables (Forbidden.RAM)")
        #expect(t.fill(keys: [], attributes: [:]) == "IAM policy denies cloud API calls")
        #expect(SentenceTemplate("a {x} b").fill(keys: [], attributes: [:]) == "a ? b")
        #expect(SentenceTemplate("v[ {x}]").fill(keys: [], attributes: ["_x": ["1", "2", "3", "4"]]) == "v 1/2/3/…")
        #expect(t.names == ["_policy", "_api", "cloud_code"])
        #expect(SentenceTemplate("a {x").problems == ["'{' without '}'"])
        #expect(SentenceTemplate("[a [b]]").problems.contains("nested '['"))
    }

    /// Every signal a built-in chain can hold (edge ends and symptoms) has a sentence with an
    /// action verb, so the root cause never falls back to the signal id.
    @Test func everyBuiltinChainSignalHasASentence() throws {
        let log = DiagnosticLog()
        let rules = RuleCatalog.load(userDirs: [], includeBuiltin: true, log: log)
        var chain = Set<String>()
        for f in rules.files {
            if let s = f.symptom { chain.insert(s) }
            for e in f.causes { chain.insert(e.from); chain.insert(e.to) }
        }
        #expect(chain.count >= 15)
        for f in rules.files {
            for s in f.signals where chain.contains(s.id) {
                #expect(s.sentence != nil, "signal \(s.id) in \(f.source) has no sentence")
            }
        }
    }

    @Test func rulesCheckRefusesAPlaceholderNoMatcherCaptures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        id: x-rule
        title: "x"
        severity: error
        description: "x"
        symptom: x-sig
        signals:
          - id: x-sig
            description: "x"
            sentence: "fails for {nme}"
            match:
              - contains: "boom"
                regex: 'boom (?<name>\\\\S+)'
        """.write(to: dir.appendingPathComponent("x-rule.yaml"), atomically: true, encoding: .utf8)
        let log = DiagnosticLog()
        _ = RuleCatalog.load(userDirs: [dir.path], includeBuiltin: false, log: log)
        #expect(log.sorted.contains { $0.message.contains("sentence uses '{nme}', which no matcher captures") })
    }

    /// The founding incident's root cause reads as the issue asks, from the rule's template.
    @Test func foundingSampleRootCauseSentence() throws {
        let log = DiagnosticLog()
        let rules = RuleCatalog.load(userDirs: [], includeBuiltin: true, log: log)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let r = Analyzer(rules: rules, options: AnalysisOptions()).run(paths: [root + "/SampleLogs/namespace-stuck-terminating"], log: log)
        let f = try #require(r.findings.first)
        #expect(f.rootCauseSentence.hasPrefix("cloud-controller-manager: RAM policy denies RouteTables (Forbidden.RAM) since 09:10:03, 870 times"))
    }
}
