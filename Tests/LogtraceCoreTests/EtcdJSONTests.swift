import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// zap JSON as etcd writes it: epoch-second time stamps (3.4), and evidence lines that keep their
/// time and level.
@Suite struct EtcdJSONTests {
    /// etcd 3.4's default zap encoder writes `ts` as epoch seconds.
    /// Real line: agola-io/agola#107 (etcd embedded, 2019).
    static let etcd34 = #"{"level":"warn","ts":1568166948.8119395,"caller":"etcdserver/util.go:144","msg":"apply request took too long","took":0.101501094,"expected-duration":0.1,"prefix":"","request":"header:<ID:7587840912673251462 > lease_grant:<ttl:5-second id:694d6d1ba410a085>","response":"size:42"}"#

    @Test func epochSecondsAreSeconds() throws {
        let (records, log) = parseRecords(Self.etcd34 + "\n", name: "etcd.log", year: nil)
        #expect(log.all.isEmpty)
        let r = try #require(records.first)
        #expect(r.kind == .json && r.severity == .warning)
        #expect(Timestamp.rfc3339(r.time!) == "2019-09-11T01:55:48.811939Z")
    }

    @Test func epochUnitsBySize() {
        func t(_ s: String) -> String? { Array(s.utf8).withUnsafeBytes { epochMicros($0) }.map(Timestamp.rfc3339) }
        #expect(t("1568166948.8119395") == "2019-09-11T01:55:48.811939Z")         // seconds (zap EpochTimeEncoder)
        #expect(t("1568166948") == "2019-09-11T01:55:48.000000Z")
        #expect(t("1616398324656.771") == "2021-03-22T07:32:04.656771Z")          // milliseconds (component-base)
        #expect(t("1616398324656771") == "2021-03-22T07:32:04.656771Z")           // microseconds
        #expect(t("1616398324656771000") == "2021-03-22T07:32:04.656771Z")        // nanoseconds
        #expect(t("1.5681669488119395e+09") == "2019-09-11T01:55:48.811940Z")     // exponent form, through Double
        #expect(t("-5") == nil && t("") == nil)
    }

    @Test func componentBaseMillisecondsStillRead() throws {
        let (records, _) = parseRecords(#"{"ts":1616398324656.771,"caller":"json/json.go:1","msg":"Log using Infof","v":0}"# + "\n", year: nil)
        #expect(records.first.map { Timestamp.rfc3339($0.time!) } == "2021-03-22T07:32:04.656771Z")
    }

    /// Evidence of a JSON record shows its time and level, as a klog line's header does.
    @Test func jsonEvidenceHasTimeAndLevel() throws {
        let line = #"{"level":"warn","ts":"2024-03-12T10:19:11.856894Z","caller":"etcdserver/util.go:166","msg":"apply request took too long","took":"1.2s","expected-duration":"100ms","prefix":"read-only range ","request":"key:\"/registry/leases/kube-system/kube-controller-manager\" ","response":"range_response_count:1 size:471"}"#
        let c = HitCollector(rules: builtinRules)
        c.paths = ["etcd.log"]
        var hits: [Hit] = []
        c.onHit = { hits.append($0) }
        var g = InputGroup(files: [InputFile(path: "etcd.log", displayPath: "etcd.log")])
        g.component = "etcd"
        _ = StreamDriver(group: g, options: ReadOptions(), prefilter: builtinRules.prefilter(component: "etcd"), sink: c, log: DiagnosticLog(),
                         source: MemorySource(line + "\n" + Self.etcd34 + "\n")).run()
        let texts = hits.map(\.evidence.text)
        #expect(texts.count >= 1)
        #expect(texts.first?.hasPrefix("2024-03-12T10:19:11.856894Z warn apply request took too long took=\"1.2s\"") == true, "\(texts)")
        for h in hits { #expect(h.evidence.text.hasPrefix(Timestamp.rfc3339(h.time) + " warn "), "\(h.evidence.text)") }
    }
}
