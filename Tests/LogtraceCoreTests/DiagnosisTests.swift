import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Writes `files` (relative path -> content) into a fresh temporary directory and analyzes it.
func analyzeFiles(_ files: [(String, String)]) throws -> AnalysisResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logtrace-corr-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    for (name, text) in files {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return analyzeDir(dir.path).0
}

/// klog lines of one component at the given offsets (seconds after 2024-03-12 09:00:00), CRI-wrapped
/// so the year is in-band.
func criLines(_ offsets: [Int], sev: String = "E", source: String = "x.go:1", _ message: String) -> String {
    offsets.map { o in
        let h = 9 + o / 3600, m = (o / 60) % 60, s = o % 60
        let clock = String(format: "%02d:%02d:%02d", h, m, s)
        return "2024-03-12T\(clock).000100Z stderr F \(sev)0312 \(clock).000000       1 \(source)] \(message)"
    }.joined(separator: "\n") + "\n"
}

@Suite struct DiagnosisTests {
    struct Expected: Sendable, CustomStringConvertible {
        var dir: String
        /// (finding id, a key of its symptom, root-cause signal)
        var findings: [(String, String, String)]
        var description: String { dir }
    }

    /// Hand-written confounder dumps (SampleLogs/confounders/README.md): a plausible cause that
    /// only coincides, a cause that starts after the symptom, two incidents in one dump, a lease
    /// lost after certificates expired.
    static let confounders: [Expected] = [
        Expected(dir: "tls-not-route", findings: [("namespace-stuck-terminating", "namespace=demo-app", "apiservice-tls-failed"),
                                                  ("cloud-route-sync-failed", "", "cloud-api-permission-denied")]),
        Expected(dir: "cause-after-symptom", findings: [("aggregated-api-unavailable", "group=metrics.k8s.io", "aggregated-api-unavailable")]),
        Expected(dir: "overlapping-incidents", findings: [("namespace-stuck-terminating", "namespace=demo-app", "metrics-server-down"),
                                                          ("namespace-stuck-terminating", "namespace=legacy-certs", "crd-conversion-webhook-failed")]),
        Expected(dir: "cert-expired-lease-lost", findings: [("leader-election-lost", "lease=kube-system/kube-controller-manager", "x509-expired")]),
    ]

    @Test(arguments: confounders)
    func confounderDump(_ e: Expected) throws {
        let (result, log) = analyzeDir(repoRoot + "/SampleLogs/confounders/" + e.dir)
        #expect(!log.hasErrors, "\(log.all)")
        #expect(result.findings.count == e.findings.count, "\(result.findings.map { "\($0.id) <- \($0.rootCause.signal)" })")
        for (id, key, root) in e.findings {
            let f = result.findings.first { f in
                f.id == id && (key.isEmpty || f.chain.last!.keys.contains { "\($0.0)=\($0.1)" == key })
            }
            let found = try #require(f, "no \(id) finding for \(key)")
            #expect(found.rootCause.signal == root, "\(id) \(key): root \(found.rootCause.signal), chain \(found.chain.map(\.signal))")
        }
    }

    @Test func coincidenceIsNotACause() throws {
        // The RAM-policy failures are real, but a TLS handshake completed: the route is no cause.
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/confounders/tls-not-route")
        let ns = try #require(result.findings.first { $0.id == "namespace-stuck-terminating" })
        #expect(!ns.chain.map(\.signal).contains("route-controller-sync-failed"))
        #expect(!ns.chain.map(\.signal).contains("cloud-api-permission-denied"))
        #expect(ns.remediation.contains { $0.contains("--kubelet-insecure-tls") })
        #expect(!ns.remediation.contains { $0.contains("RAM") || $0.contains("ActionTrail") })
    }

    @Test func causeAfterTheSymptomIsRuledOutAndSaidSo() throws {
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/confounders/cause-after-symptom")
        let f = try #require(result.findings.first)
        let ms = try #require(f.missing.first { $0.signal == "metrics-server-down" })
        #expect(ms.seen && ms.hint.contains("after the symptom began"))
    }

    @Test func everyLinkSaysItsJoinKind() throws {
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        let f = try #require(result.findings.first)
        #expect(f.chain.map { $0.join?.kind.rawValue ?? "-" } == ["-", "key", "class", "key", "key"])
        #expect(f.chain[3].join?.on == ["group", "version"])
        #expect(f.chain[4].join?.on == ["namespace"])
        #expect(f.confidence == 0.9)
        let text = TextReport(style: Style(enabled: false), redactor: nil, verbose: true).render(result)
        #expect(text.contains("joined by class (") && text.contains("joined by key (group, version)"))
        let md = MarkdownReport(redactor: nil).render(result)
        #expect(md.contains("| Joined by |") && md.contains("-- class -->"))
    }

    @Test func timeOnlyLinksLowerConfidence() throws {
        // Discovery failures that name no namespace (resource quota controller) join the blocked
        // namespace by time only.
        let failures = criLines(Array(stride(from: 0, to: 1200, by: 30)), source: "resource_quota_controller.go:413",
                                "unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request")
        let deletion = criLines(Array(stride(from: 300, to: 1200, by: 20)), source: "namespace_controller.go:162",
                                "deletion of namespace demo failed: Internal error occurred: failed to list objects")
        let keyed = criLines(Array(stride(from: 0, to: 1200, by: 30)), source: "namespace_controller.go:162",
                             "deletion of namespace demo failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request")
        let timeOnly = try analyzeFiles([("kube-controller-manager.log", failures + deletion)])
        let byKey = try analyzeFiles([("kube-controller-manager.log", keyed)])
        let t = try #require(timeOnly.findings.first { $0.id == "namespace-stuck-terminating" })
        let k = try #require(byKey.findings.first { $0.id == "namespace-stuck-terminating" })
        #expect(t.chain.last?.join?.kind == .time)
        #expect(k.chain.last?.join?.kind == .key)
        #expect(t.confidence < k.confidence)
    }

    @Test func overlappingIncidentsOfTheSamples() {
        let log = DiagnosticLog()
        let r = Analyzer(rules: builtinRules, options: AnalysisOptions())
            .run(paths: [repoRoot + "/SampleLogs/namespace-content-remaining", repoRoot + "/SampleLogs/aggregated-api-down"], log: log)
        let legacy = r.findings.first { $0.chain.last!.keys.contains { $0 == ("namespace", "legacy-certs") } }
        #expect(legacy?.rootCause.signal == "crd-conversion-webhook-failed")
        #expect(!(legacy?.chain.map(\.signal).contains("aggregated-api-unavailable") ?? true))
        #expect(r.findings.contains { $0.id == "aggregated-api-unavailable" && $0.rootCause.signal == "metrics-server-down" })
    }

    @Test func remediationFollowsTheRootCauseAndItsCloud() throws {
        let aws = try analyzeFiles([("cloud-controller-manager.log", criLines([5, 15, 25, 35], source: "route_controller.go:120",
            "Couldn't reconcile node routes: error listing routes: UnauthorizedOperation: You are not authorized to perform this operation."))])
        let f = try #require(aws.findings.first)
        #expect(f.provider == "aws")
        #expect(f.remediation.contains { $0.hasPrefix("AWS:") })
        #expect(!f.remediation.contains { $0.contains("Alibaba") || $0.hasPrefix("GCE:") })

        let (conv, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-content-remaining")
        let ns = try #require(conv.findings.first)
        #expect(ns.rootCause.signal == "crd-conversion-webhook-failed")
        #expect(ns.remediation.first?.contains("spec.conversion") == true)
        #expect(!ns.remediation.contains { $0.contains("metrics-server") || $0.contains("IAM") || $0.contains("RAM") })
    }

    @Test func placeholdersAreFilledAndFoldedAdviceIsKept() throws {
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        let f = try #require(result.findings.first)
        #expect(f.remediation.contains { $0.contains("kubectl get ns demo-app") })
        #expect(f.remediation.contains { $0.contains("kubectl get apiservice v1beta1.metrics.k8s.io") })
        #expect(!f.remediation.contains { $0.contains("<ns>") || $0.contains("<version>.<group>") })
        #expect(f.provider == "alibaba" && !f.remediation.contains { $0.hasPrefix("AWS:") })
        let agg = try #require(f.relatedFindings.first { $0.id == "aggregated-api-unavailable" })
        #expect(agg.remediation.contains { $0.contains("kubectl top nodes") })
        let md = MarkdownReport(redactor: nil).render(result)
        #expect(md.contains("Also, for the folded finding"))
    }

    @Test func causeAndSymptomStartAndTheWholeSymptom() throws {
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        let f = try #require(result.findings.first)
        #expect(Timestamp.rfc3339Seconds(f.start) == "2024-03-12T09:10:03Z")
        #expect(Timestamp.rfc3339Seconds(f.symptomStart) == "2024-03-12T09:40:00Z")
        // The namespace controller kept failing until 11:35 (the finalize came at 11:35:49):
        // neither the threshold window nor the `unless` window may cut the step short.
        #expect(Timestamp.rfc3339Seconds(f.chain.last!.last) == "2024-03-12T11:35:48Z")
        #expect(f.status == .resolved)
    }

    @Test func sustainedSignalKeepsCountingBelowItsRate() throws {
        // Five failures in a minute reach the threshold (5 in 10m); then one every 4 minutes for
        // an hour: still the same incident, so the step lasts until the last one.
        let offsets = [0, 10, 20, 30, 40] + Array(stride(from: 280, through: 3640, by: 240))
        let r = try analyzeFiles([("kube-controller-manager.log", criLines(offsets, source: "namespace_controller.go:162",
            "deletion of namespace demo failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request"))])
        let f = try #require(r.findings.first { $0.id == "namespace-stuck-terminating" })
        #expect(f.chain.last!.count == offsets.count)
        #expect(Timestamp.rfc3339Seconds(f.chain.last!.last) == "2024-03-12T10:00:40Z")
    }

    @Test func stoppedIsNotOngoing() throws {
        let (lease, _) = analyzeDir(repoRoot + "/SampleLogs/confounders/cert-expired-lease-lost")
        #expect(lease.findings.first?.status == .stopped)
        let (agg, _) = analyzeDir(repoRoot + "/SampleLogs/confounders/cause-after-symptom")
        #expect(agg.findings.first?.status == .ongoing)
    }

    @Test func conversionWebhookIsItsOwnFinding() throws {
        let line = "deletion of namespace team-a failed: conversion webhook for acme.cert-manager.io/v1alpha2, Kind=Challenge failed: Post \"https://cert-manager-webhook.cert-manager.svc:443/convert?timeout=30s\": service \"cert-manager-webhook\" not found"
        let r = try analyzeFiles([("kube-controller-manager.log", criLines(Array(stride(from: 0, to: 900, by: 15)), source: "namespace_controller.go:162", line))])
        #expect(!r.findings.contains { $0.id == "admission-webhook-unreachable" })
        let f = try #require(r.findings.first)
        #expect(f.rootCause.signal == "crd-conversion-webhook-failed")
        let root = f.chain[0]
        for kv in [("group", "acme.cert-manager.io"), ("version", "v1alpha2"), ("kind", "Challenge"), ("service", "cert-manager-webhook"), ("service_namespace", "cert-manager")] {
            #expect(root.keys.contains { $0 == kv }, "missing key \(kv)")
        }
        #expect(f.remediation.contains { $0.contains("kubectl -n cert-manager get svc cert-manager-webhook") })
    }

    /// The files of a built-in rule example, analysed as a dump.
    func example(_ rule: String, _ name: String) throws -> AnalysisResult {
        let file = try #require(builtinRules.files.first { $0.id == rule })
        let ex = try #require(file.examples.first { $0.name == name })
        return try analyzeFiles(ex.files)
    }

    @Test func evidenceJoinByPodCIDR() throws {
        let joined = try example("aggregated-api-unavailable", "evidence join, the backend pod IP lies in the pod CIDR whose route could not be created")
        let f = try #require(joined.findings.first { $0.id == "aggregated-api-unavailable" })
        let link = try #require(f.chain.last?.join)
        #expect(link.kind == .key && link.on == ["backend_ip in pod_cidr"])
        #expect(link.detail?.contains("10.244.5.12 in 10.244.5.0/24") == true)
        let other = try example("aggregated-api-unavailable", "confounder, routes fail for another node's pod CIDR than the backend's")
        #expect(other.findings.first { $0.id == "aggregated-api-unavailable" }?.rootCause.signal == "aggregated-api-unavailable")
    }

    @Test func errorClasses() {
        #expect(ErrorClass.classify("Get https://172.16.1.12:443: x509: cannot validate certificate for 172.16.1.12 because it doesn't contain any IP SANs") == .tls)
        #expect(ErrorClass.classify("net/http: TLS handshake timeout") == .tls)
        #expect(ErrorClass.classify("dial tcp 10.244.1.7:10250: i/o timeout") == .network)
        #expect(ErrorClass.classify("request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)") == .network)
        #expect(ErrorClass.classify("dial tcp 10.96.0.1:443: connect: no route to host") == .network)
        #expect(ErrorClass.classify(#"Post "https://w.ns.svc:443/convert": service "cert-manager-webhook" not found"#) == .service)
        #expect(ErrorClass.classify(#"failing or missing response: no endpoints available for service "metrics-server""#) == .service)
        #expect(ErrorClass.classify("failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable") == .http)
        #expect(ErrorClass.classify("the server is currently unable to handle the request") == .http)
        #expect(ErrorClass.classify("Operation cannot be fulfilled on apiservices") == nil)
        // "service ... not found" in prose is not a missing Service.
        #expect(ErrorClass.classify(#"the service "some thing here" not found in cache"#) == nil)
    }

    @Test func cidrContainment() {
        #expect(CIDR.contains("10.244.5.0/24", "10.244.5.12") == true)
        #expect(CIDR.contains("10.244.5.0/24", "10.244.6.12") == false)
        #expect(CIDR.contains("10.244.0.0/16", "10.244.255.1") == true)
        #expect(CIDR.contains("10.244.5.0/23", "10.244.4.9") == true)
        #expect(CIDR.contains("fd00:10:244:5::/64", "fd00:10:244:5::1a") == true)
        #expect(CIDR.contains("fd00:10:244:5::/64", "fd00:10:244:6::1a") == false)
        #expect(CIDR.contains("10.244.5.0/24", "fd00::1") == nil)
        #expect(CIDR.contains("10.244.5.0/33", "10.244.5.1") == nil)
        #expect(CIDR.contains("not-a-cidr", "10.244.5.1") == nil)
    }
}
