import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

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
        Expectation(dir: "namespace-content-remaining", id: "namespace-stuck-terminating", root: "crd-conversion-webhook-failed",
                    chain: ["crd-conversion-webhook-failed", "namespace-content-remaining", "namespace-deletion-blocked"], resolved: true),
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

@Suite struct GeneratorTests {
    /// A corpus generated with the founding incident embedded is diagnosed like the bundled sample,
    /// and the generator is deterministic.
    @Test func generatedIncidentIsDiagnosedLikeTheSample() throws {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir.deleteLastPathComponent() }
        let gen = dir.appendingPathComponent("logtrace-gen").path
        try #require(FileManager.default.isExecutableFile(atPath: gen), "logtrace-gen not built beside the tests")
        func generate(_ out: String) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: gen)
            p.arguments = ["--out", out, "--size", "24M", "--duration", "6h", "--start", "2024-03-12T06:00:00Z", "--seed", "7",
                           "--incident", "namespace-stuck-terminating@2024-03-12T09:10:00Z"]
            p.standardError = FileHandle.nullDevice
            // The generator keeps its templates for the life of the process on purpose.
            var env = ProcessInfo.processInfo.environment
            env["ASAN_OPTIONS"] = "detect_leaks=0"
            p.environment = env
            try p.run(); p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lt-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try generate(base + "/a")
        try generate(base + "/b")
        let (a, _) = analyzeDir(base + "/a")
        let f = try #require(a.findings.first)
        #expect(f.id == "namespace-stuck-terminating")
        #expect(f.rootCause.signal == "cloud-api-permission-denied")
        #expect(f.chain.map(\.signal) == ["cloud-api-permission-denied", "route-controller-sync-failed", "aggregated-api-unavailable",
                                          "api-discovery-failed", "namespace-deletion-blocked"])
        #expect(Timestamp.rfc3339Seconds(f.start) == "2024-03-12T09:10:03Z")
        #expect(f.resolved)
        let (b, _) = analyzeDir(base + "/b")
        #expect(FindingJSON.document(a, redactor: nil).replacingOccurrences(of: "/a/", with: "/x/")
                == FindingJSON.document(b, redactor: nil).replacingOccurrences(of: "/b/", with: "/x/"))
    }
}

/// Records no literal hit take the lite path (no record view) when nothing needs them; the
/// analysis must be the same as on the full path (forced here by watching unmatched records).
@Suite struct LitePathTests {
    @Test(arguments: ["healthy", "namespace-stuck-terminating", "etcd-slow-leader-election", "aggregated-api-down"])
    func litePathEqualsFullPath(sample: String) {
        func run(full: Bool) -> String {
            let a = Analyzer(rules: builtinRules, options: AnalysisOptions())
            a.collectTemplates = full   // an unmatched-record observer turns the lite path off
            var r = a.run(paths: [repoRoot + "/SampleLogs/" + sample], log: DiagnosticLog())
            r.templates = nil
            return FindingJSON.document(r, redactor: nil)
        }
        let lite = run(full: false), full = run(full: true)
        #expect(lite == full)
        #expect(lite.contains("\"records\""))
    }

    /// Lines that leave the lite fast path part way (continuations, block openers, CR, NUL
    /// padding, non-klog lines, literal hits, pid changes), over blocks of 4 KiB: the same
    /// analysis as with every record made in full.
    @Test func fastPathEqualsFullPathOnAwkwardLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-lite-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "Log file created at: 2024/03/12 00:00:00\nRunning on machine: m\n"
        for i in 0..<400 {
            let s = String(format: "%02d", i % 60), pid = 1 + i / 100
            text += "I0312 00:\(s):00.000001       \(pid) a.go:1] plain \(i)\n"
            text += "I0312 00:\(s):00.000002       \(pid) a.go:2] opens a block key=<\n\tcontinued \(i)\n >\n"
            text += "E0312 00:\(s):01.000000       \(pid) b.go:9] with CR\r\n"
            if i % 7 == 0 { text += "goroutine 1 [running]:\nmain.main()\n" }
            if i % 11 == 0 { text += "\u{0}\u{0}I0312 00:\(s):02.000000       \(pid) c.go:3] NUL padded\n" }
            if i % 13 == 0 { text += "Ixx not klog\nI0312 00:00:02.5 bad header\n\n" }
            if i % 17 == 0 { text += "E0312 00:\(s):03.000000       \(pid) leaderelection.go:330] failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition\n" }
            text += "W0312 00:\(s):04.000000       \(pid) d.go:4] last \(i)\n"
        }
        try text.write(to: dir.appendingPathComponent("kube-controller-manager.log"), atomically: true, encoding: .utf8)
        func run(full: Bool) -> String {
            var o = AnalysisOptions()
            o.read.blockSize = 4096
            o.read.maxLine = 4096
            let a = Analyzer(rules: builtinRules, options: o)
            a.collectTemplates = full
            var r = a.run(paths: [dir.path], log: DiagnosticLog())
            r.templates = nil
            return FindingJSON.document(r, redactor: nil)
        }
        let lite = run(full: false), full = run(full: true)
        #expect(lite == full)
        #expect(lite.contains("leader"))
    }
}

