import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Grafana Loki's output as an input: the JSON lines `logcli query|tail -o jsonl` prints. The
/// envelope follows logcli's own writer and its test (grafana/loki pkg/logcli/output/jsonl.go and
/// jsonl_test.go: a Go map marshalled by encoding/json): one object per entry, encoding/json's sorted keys `labels` (left out with
/// `--no-labels`), `line`, `timestamp` (RFC 3339 with nanoseconds, in logcli's --timezone, so an
/// offset may follow). The log lines inside are real ones (provenance on each), as a collector
/// that strips the CRI wrapper ships them to Loki.
@Suite struct LokiTests {
    static func entry(_ labels: [String: String]?, _ line: String, _ ts: String) -> String {
        var w = JSONWriter()
        w.beginObject()
        if let l = labels {
            w.key("labels"); w.beginObject()
            for k in l.keys.sorted() { w.field(k, l[k]) }
            w.endObject()
        }
        w.field("line", line)
        w.field("timestamp", ts)
        w.endObject()
        return w.out
    }

    static let apiserver = ["container": "kube-apiserver", "namespace": "kube-system", "pod": "kube-apiserver-master-1", "stream": "stderr"]
    static let kcm = ["container": "kube-controller-manager", "namespace": "kube-system", "node_name": "master-2", "pod": "kube-controller-manager-master-2"]

    /// kubernetes-sigs/metrics-server#1084 (kube-apiserver, a continuation line) with
    /// kubernetes/kubernetes#118357 (kube-controller-manager) from another stream between.
    /// (A continuation line attaches to the record just before it in its stream; another
    /// stream's line between the two ends that record, as with CRI stdout and stderr.)
    static let lines = [
        entry(apiserver, "E0905 14:47:55.129404       1 controller.go:116] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable", "2022-09-05T14:47:55.129502113Z"),
        entry(apiserver, ", Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]", "2022-09-05T14:47:55.129502114Z"),
        entry(kcm, "E0622 06:00:15.830604       1 namespace_controller.go:159] deletion of namespace crd-webhook-9852 failed: conversion webhook for stable.example.com/v1, Kind=e2e-test-crd-webhook-9707-crd failed: Post \"https://e2e-test-crd-conversion-webhook.crd-webhook-9852.svc:9443/crdconvert?timeout=30s\": service \"e2e-test-crd-conversion-webhook\" not found", "2022-09-05T16:47:55.130000000+02:00"),
        entry(apiserver, "I0905 14:47:55.129411       1 controller.go:129] OpenAPI AggregationController: action for item v1beta1.metrics.k8s.io: Rate Limited Requeue.", "2022-09-05T16:47:55.129511+02:00"),
        entry(apiserver, "E0905 14:48:05.380329       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: bad status from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: 403", "2022-09-05T14:48:05.380401Z"),
    ]
    static let text = lines.joined(separator: "\n") + "\n"

    /// logcli's envelope is detected as `loki` (in every shape logcli's own test prints: empty
    /// labels, `--no-labels`, an offset timezone); other JSON lines are not.
    @Test func detectsTheEnvelope() {
        func detect(_ line: String) -> String { Array(line.utf8).withUnsafeBytes { FormatRegistry.detect($0).id } }
        for line in [Self.entry(Self.apiserver, "x", "2022-09-05T14:47:55Z"), Self.entry(nil, "x", "2022-09-05T14:47:55Z"),
                     Self.entry([:], "", "2006-01-02T08:04:05Z"), Self.entry(["type": "test"], "Hello", "2006-01-02T10:04:05+02:00")] {
            #expect(detect(line) == "loki", "\(line)")
        }
        #expect(detect("{\"log\":\"x\\n\",\"stream\":\"stderr\",\"time\":\"2022-09-05T14:47:55Z\"}") == "docker")
        // An application's JSON log that happens to start with "line" is not logcli's.
        #expect(detect("{\"line\":\"x\",\"level\":\"info\",\"ts\":\"2022-09-05T14:47:55Z\"}") != "loki")
        #expect(detect("{\"labels\":{\"a\":\"b\"},\"line\":\"x\"}") != "loki")
        #expect(detect("{\"level\":\"info\",\"msg\":\"x\"}") == BareLines.id)
    }

    /// Go's encoding/json escapes `<`, `>`, `&` as \u003c...: the line is read unescaped, and a
    /// line a collector joined (a multi-line stage) gives its lines in turn.
    @Test func escapesAndJoinedLines() {
        let joined = #"{"labels":{"container":"kube-apiserver"},"line":"E0905 14:47:55.129404       1 a.go:1] probe \"x\": \u003cnil\u003e \u0026 more\n\tgoroutine 1\n","timestamp":"2022-09-05T14:47:55Z"}"#
        let (records, log) = parseRecords(joined + "\n", name: "loki.jsonl", year: nil)
        #expect(log.all.isEmpty, "\(log.all.map(\.message))")
        #expect(records.count == 1)
        #expect(records.first?.message == #"probe "x": <nil> & more"#)
        #expect(records.first?.continuation == ["\tgoroutine 1"])
        // A line kept with its CRI wrapper: unwrapped, dated by the CRI time.
        let cri = #"{"labels":{"container":"etcd"},"line":"2022-09-05T14:47:56.5Z stderr F plain text","timestamp":"2022-09-05T14:47:57Z"}"#
        let (r2, _) = parseRecords(cri + "\n", name: "loki.jsonl", year: nil)
        #expect(r2.first?.message == "plain text" && r2.first?.time.map(Timestamp.rfc3339) == "2022-09-05T14:47:56.500000Z")
        #expect(r2.first?.component == "etcd")
    }

    /// The reader keeps one pending record: a continuation whose record another stream's entry
    /// interrupted is not attached, but kept as a record of its own (nothing dropped).
    @Test func interleavedStreamsKeepEveryLine() {
        let lines = [Self.lines[0], Self.lines[2], Self.lines[1]].joined(separator: "\n") + "\n"
        let (records, _) = parseRecords(lines, name: "loki.jsonl", year: nil)
        #expect(records.count == 3)
        #expect(records.contains { $0.message.hasPrefix(", Header: map[") && $0.component == "kube-apiserver" })
    }

    @Test func componentNodeAndStreamFromLabels() {
        let (records, log) = parseRecords(Self.text, name: "loki.jsonl", year: nil)
        #expect(log.all.isEmpty, "\(log.all)")
        #expect(records.count == 4)
        guard records.count == 4 else { return }
        #expect(records[0].component == "kube-apiserver" && records[0].node == "master-1" && records[0].continuation.count == 1)
        #expect(records[0].time == 1_662_389_275_129_404)   // the klog time, its year from Loki's timestamp
        #expect(records[1].component == "kube-controller-manager" && records[1].node == "master-2")
        #expect(records[1].time.map(Timestamp.rfc3339) == "2022-06-22T06:00:15.830604Z")
        #expect(records[2].severity == .info && records[2].continuation.isEmpty)
        #expect(records[3].component == "kube-apiserver" && records[3].severity == .error)
    }

    @Test func labelsNameComponentAndNode() {
        func labels(_ d: [String: String]) -> LokiLabels {
            let text = Self.entry(d, "", "").dropFirst(10)   // {"labels": ... up to its end
            let obj = String(text.prefix { $0 != "}" }) + "}"
            return Array(obj.utf8).withUnsafeBytes { LokiLabels($0) }
        }
        #expect(labels(["container": "kube-apiserver", "node_name": "n1"]).component == "kube-apiserver")
        #expect(labels(["container": "kube-apiserver", "node_name": "n1"]).node == "n1")
        #expect(labels(["unit": "kubelet.service", "hostname": "n2"]).component == "kubelet")
        #expect(labels(["unit": "kubelet.service", "hostname": "n2"]).node == "n2")
        #expect(labels(["app": "etcd", "pod": "etcd-master-3"]).node == "master-3")
        #expect(labels(["job": "kube-system/kube-scheduler"]).component == "kube-scheduler")
        #expect(labels(["service_name": "billing"]).component == "billing")
        #expect(labels([:]).component == nil && labels([:]).node == nil)
        // A deployment's generated pod suffix is not a node.
        #expect(labels(["container": "metrics-server", "pod": "metrics-server-b9bcd6d7c-2t4mz"]).node == nil)
    }

    /// The rules see the same records as from the bare file: same times, severities, texts,
    /// continuation lines and signal hits.
    @Test func sameRecordsAndHitsAsTheBareLines() {
        let bare = [
            "E0905 14:47:55.129404       1 controller.go:116] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable",
            ", Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]",
            "I0905 14:47:55.129411       1 controller.go:129] OpenAPI AggregationController: action for item v1beta1.metrics.k8s.io: Rate Limited Requeue.",
            "E0905 14:48:05.380329       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: bad status from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: 403",
        ].joined(separator: "\n") + "\n"
        let loki = [Self.lines[0], Self.lines[1], Self.lines[3], Self.lines[4]].joined(separator: "\n") + "\n"
        let a = parseRecords(loki, name: "loki.jsonl", year: nil).0
        let b = parseRecords(bare, name: "kube-apiserver.log", year: 2022).0
        func key(_ r: Record) -> String { "\(r.time ?? 0) \(r.severity?.letter ?? "-") \(r.component ?? "-") \(r.message) \(r.fields) \(r.continuation)" }
        #expect(a.map(key) == b.map(key))
        #expect(a.count == 3)
        let hits = { (text: String, name: String, year: Int?) -> [String] in
            let (res, _) = analyzeText(text, name: name, year: year)
            return res
        }
        #expect(hits(loki, "loki.jsonl", nil) == hits(bare, "kube-apiserver.log", 2022))
        #expect(hits(loki, "loki.jsonl", nil).filter { $0 == "aggregated-api-unavailable" }.count == 2)
    }

    /// The signal of each hit, in order (the same rule pass as analyze).
    func analyzeText(_ text: String, name: String, year: Int?) -> ([String], DiagnosticLog) {
        final class Sink: RecordSink {
            let c: HitCollector
            init(_ c: HitCollector) { self.c = c }
            func consume(_ r: RecordView) { c.consume(r) }
        }
        let collector = HitCollector(rules: builtinRules)
        collector.paths = [name]
        var out: [String] = []
        collector.onHit = { out.append(builtinRules.signals[$0.signal].id) }
        var g = InputGroup(files: [InputFile(path: name, displayPath: name)])
        g.component = ComponentNames.fromName(name)
        var o = ReadOptions()
        o.year = year
        let log = DiagnosticLog()
        _ = StreamDriver(group: g, options: o, prefilter: builtinRules.prefilter(component: g.component), sink: Sink(collector), log: log,
                         source: MemorySource(text, chunk: Int.max)).run()
        return (out, log)
    }

    /// `logcli query` prints newest first unless --forward: the same klog records come out,
    /// and a continuation line, now before its record, is kept as a record of its own.
    @Test func newestFirstKeepsEveryLine() {
        let forward = parseRecords(Self.text, name: "loki.jsonl", year: nil).0
        let backward = parseRecords(Self.lines.reversed().joined(separator: "\n") + "\n", name: "loki.jsonl", year: nil).0
        func klog(_ rs: [Record]) -> Set<String> { Set(rs.filter { $0.severity != nil }.map { "\($0.time ?? 0) \($0.component ?? "-") \($0.message)" }) }
        #expect(klog(forward) == klog(backward))
        #expect(backward.count == forward.count + 1)
        #expect(backward.contains { $0.message.hasPrefix(", Header: map[") })
    }

    /// `--no-labels`: no stream labels; the component comes from the klog source file.
    @Test func withoutLabels() {
        let text = Self.entry(nil, "E0905 14:48:05.380329       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: bad status from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: 403", "2022-09-05T14:48:05.380401Z") + "\n"
        let (records, _) = parseRecords(text, name: "loki.jsonl", year: nil)
        #expect(records.count == 1 && records.first?.component == "kube-apiserver")
    }
}
