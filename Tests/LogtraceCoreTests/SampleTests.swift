import Testing
@testable import LogtraceCore

/// Every bundled sample is diagnosed as SampleLogs/README.md tells its story.
@Suite struct SampleTests {
    struct Expectation: Sendable, CustomStringConvertible {
        var dir: String
        var id: String
        var root: String
        var missing: Set<String> = []
        var chain: [String] = []
        var resolved: Bool?
        var description: String { dir }
    }

    static let expectations: [Expectation] = [
        Expectation(dir: "namespace-stuck-terminating", id: "namespace-stuck-terminating", root: "cloud-api-permission-denied",
                    chain: ["cloud-api-permission-denied", "route-controller-sync-failed", "aggregated-api-unavailable",
                            "api-discovery-failed", "namespace-deletion-blocked"], resolved: true),
        Expectation(dir: "namespace-stuck-terminating-no-ccm", id: "namespace-stuck-terminating", root: "aggregated-api-unavailable",
                    missing: ["route-controller-sync-failed", "metrics-server-down"], resolved: true),
        Expectation(dir: "aggregated-api-down", id: "aggregated-api-unavailable", root: "metrics-server-down", resolved: true),
        Expectation(dir: "cloud-route-sync-failed", id: "cloud-route-sync-failed", root: "cloud-api-permission-denied", resolved: true),
        Expectation(dir: "admission-webhook-unreachable", id: "admission-webhook-unreachable", root: "webhook-call-failed"),
        Expectation(dir: "namespace-content-remaining", id: "namespace-stuck-terminating", root: "webhook-call-failed",
                    chain: ["webhook-call-failed", "namespace-content-remaining", "namespace-deletion-blocked"], resolved: true),
        Expectation(dir: "etcd-slow-leader-election", id: "leader-election-lost", root: "etcd-slow-request"),
        Expectation(dir: "certificate-expired", id: "certificate-expired", root: "x509-expired"),
    ]

    @Test(arguments: expectations)
    func sample(_ e: Expectation) throws {
        let (result, log) = analyzeDir(repoRoot + "/SampleLogs/" + e.dir)
        #expect(!log.hasErrors, "\(log.all)")
        let f = try #require(result.findings.first, "no finding")
        #expect(f.id == e.id)
        #expect(f.rootCause.signal == e.root)
        #expect(Set(f.missing.map(\.signal)) == e.missing)
        if !e.chain.isEmpty { #expect(f.chain.map(\.signal) == e.chain) }
        if let r = e.resolved { #expect(f.resolved == r) }
        for step in f.chain { #expect(!step.evidence.isEmpty && step.evidence.allSatisfy { $0.line > 0 }) }
        #expect(result.inputs.allSatisfy { $0.yearFrom != .none && $0.yearFrom != .mtime }, "a sample file has no in-band year")
    }

    @Test func healthyClusterRaisesNothingOfSeverityError() {
        let (result, log) = analyzeDir(repoRoot + "/SampleLogs/healthy")
        #expect(!log.hasErrors)
        #expect(result.inputs.count >= 8)
        #expect(result.findings.filter { $0.severity >= .error }.isEmpty, "\(result.findings.map(\.id))")
    }

    @Test func foundingIncidentTimes() throws {
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        let f = try #require(result.findings.first)
        #expect(Timestamp.rfc3339Seconds(f.start) == "2024-03-12T09:10:03Z")
        #expect(Timestamp.rfc3339Seconds(f.end) == "2024-03-12T11:35:49Z")
        #expect(f.related.sorted() == ["aggregated-api-unavailable", "cloud-route-sync-failed"])
        #expect(f.chain.last?.keys.first { $0.0 == "namespace" }?.1 == "demo-app")
    }
}
