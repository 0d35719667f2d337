import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The whole story around a chain (#18): the request that triggered the symptom, when the
/// unlogged cause began and ended, and the apiserver audit log as an input.
extension Record {
    func field(_ key: String) -> String? { fields.last { $0.0 == key }?.1 }
}

@Suite struct StoryTests {
    /// A real audit event (`audit.k8s.io/v1beta1`, stage ResponseComplete) from kubernetes/kubernetes#77076.
    static let realAuditLine = #"{"kind":"Event","apiVersion":"audit.k8s.io/v1beta1","metadata":{"creationTimestamp":"2019-04-25T11:07:48Z"},"level":"Request","timestamp":"2019-04-25T11:07:48Z","auditID":"a0e8d1ab-bed8-412e-9009-5747ca91f443","stage":"ResponseComplete","requestURI":"/api/v1/pods?fieldSelector=spec.nodeName%3D192.168.17.42\u0026limit=500\u0026resourceVersion=0","verb":"list","user":{"username":"system:node:192.168.17.42","groups":["system:nodes","system:authenticated"]},"sourceIPs":["192.168.17.42"],"objectRef":{"resource":"pods","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"2019-04-25T11:07:48.383926Z","stageTimestamp":"2019-04-25T11:07:48.385811Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}"#

    @Test func realAuditEventParses() throws {
        let (records, log) = parseRecords(Self.realAuditLine + "\n", name: "kube-apiserver-audit.log", year: nil)
        #expect(!log.hasErrors)
        let r = try #require(records.first)
        #expect(records.count == 1)
        #expect(r.time.map(Timestamp.rfc3339) == "2019-04-25T11:07:48.385811Z")
        #expect(r.severity == .info)
        for (k, v) in [("verb", "GET"), ("auditVerb", "list"), ("resp", "200"), ("responseStatus.code", "200"), ("srcIP", "192.168.17.42"),
                       ("user", "system:node:192.168.17.42"), ("objectRef.resource", "pods"), ("stage", "ResponseComplete"),
                       ("URI", "/api/v1/pods?fieldSelector=spec.nodeName%3D192.168.17.42&limit=500&resourceVersion=0")] {
            #expect(r.field(k) == v, "\(k)")
        }
        // A RequestReceived event of the same request carries no request-log fields: a request counts once.
        let received = Self.realAuditLine.replacingOccurrences(of: #""stage":"ResponseComplete""#, with: #""stage":"RequestReceived""#)
        let (r2, _) = parseRecords(received + "\n", name: "audit.log", year: nil)
        #expect(r2.first?.field("verb") == nil && r2.first?.field("auditVerb") == "list")
        #expect(ComponentNames.isAuditLog(path: "/var/log/kubernetes/audit/audit.log"))
        #expect(!ComponentNames.isAuditLog(path: "/var/log/audit/audit.log"), "the Linux audit daemon's log")
        #expect(!ComponentNames.isAuditLog(path: "SampleLogs/audit-only/master-2/journal.txt"))
    }

    @Test func foundingSampleTellsTheWholeStory() throws {
        let (result, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        let f = try #require(result.findings.first)
        let trigger = try #require(f.context.first { $0.signal == "namespace-delete-requested" })
        #expect(Timestamp.rfc3339Seconds(trigger.time) == "2024-03-12T09:40:00Z")
        #expect(trigger.details.contains { $0 == ("source_ip", "192.168.0.41") })
        #expect(trigger.details.contains { $0.0 == "user_agent" && $0.1.hasPrefix("kubectl/") })
        let w = try #require(f.changeWindows.first)
        #expect(w.signal == "cloud-api-permission-denied")
        #expect(w.changedAfter.map(Timestamp.rfc3339Seconds) == "2024-03-12T09:09:53Z" && w.changedAfterBasis == .retryPeriod)
        #expect(Timestamp.rfc3339Seconds(w.changedBefore) == "2024-03-12T09:10:03Z")
        #expect(w.fixedAfter.map(Timestamp.rfc3339Seconds) == "2024-03-12T11:34:51Z")
        #expect(w.fixedBefore.map(Timestamp.rfc3339Seconds) == "2024-03-12T11:35:01Z")
        let text = TextReport(style: Style(enabled: false), redactor: nil, verbose: true).render(result)
        #expect(text.contains("namespace deletion requested (DELETE)") && text.contains("from 192.168.0.41"))
        #expect(text.contains("Change: ") && text.contains("ActionTrail"))
        let json = FindingJSON.document(result, redactor: nil)
        #expect(json.contains(#""context":[{"signal":"deployment-scaled-to-zero""#) && json.contains(#"{"signal":"namespace-delete-requested","label""#) && json.contains(#""changeWindows":[{"signal":"cloud-api-permission-denied""#))
        let md = MarkdownReport(redactor: nil).render(result)
        #expect(md.contains("| context |") && md.contains("When the cause began and ended"))
        // What Kubernetes itself said: the namespace's condition from the collection's namespace
        // dump, with its own time, on the discovery step, in every format.
        let step = try #require(f.chain.first { $0.signal == "api-discovery-failed" })
        let cond = try #require(step.objects.first)
        #expect(cond.path.hasSuffix("inspect/namespaces/demo-app/demo-app.yaml") && cond.time.map(Timestamp.rfc3339Seconds) == "2024-03-12T09:40:01Z")
        #expect(cond.text.hasPrefix("Namespace demo-app condition NamespaceDeletionDiscoveryFailure=True reason=DiscoveryFailed "))
        let compact = TextReport(style: Style(enabled: false), redactor: nil, verbose: false, width: 100).render(result)
        #expect(compact.contains("Kubernetes: NamespaceDeletionDiscoveryFailure=True since 09:40:01"), "\(compact)")
        // The one-screen view keeps what matters inside 100 columns: the DELETE's source IP, and
        // the change and recovery windows' bounds.
        #expect(compact.contains("namespace deletion requested (DELETE): from 192.168.0.41 by kubectl/"), "\(compact)")
        #expect(compact.contains("Change: 09:09:53 → 09:10:03 the cloud permission") && compact.contains("Fixed:  11:34:51 → 11:35:01 undone"), "\(compact)")
        #expect(text.contains("Kubernetes said at 2024-03-12T09:40:01Z") && text.contains("condition NamespaceDeletionDiscoveryFailure=True"))
        #expect(json.contains(#""objects":[{"time":"2024-03-12T09:40:01.000000Z","path":"#) && json.contains("NamespaceDeletionDiscoveryFailure=True reason=DiscoveryFailed"))
        #expect(md.contains("| Kubernetes said | `api-discovery-failed` | Namespace demo-app condition NamespaceDeletionDiscoveryFailure=True"))
        // The recovery window: the first success after the last failure.
        #expect(text.contains("Undone between 2024-03-12T11:34:51Z"))
    }

    @Test func auditOnlyVariantIsStillDiagnosed() throws {
        // The founding dump with master-1's request log off and its audit log on.
        let (audit, log) = analyzeDir(repoRoot + "/SampleLogs/audit-only")
        #expect(!log.hasErrors, "\(log.all)")
        let f = try #require(audit.findings.first)
        #expect(f.id == "namespace-stuck-terminating" && f.rootCause.signal == "cloud-api-permission-denied")
        let (plain, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        // Each audited request counts once (RequestReceived and ResponseComplete are one request).
        #expect(f.chain.last?.count == plain.findings.first?.chain.last?.count)
        let trigger = try #require(f.context.first { $0.signal == "namespace-delete-requested" })
        #expect(trigger.details.contains { $0 == ("user", "kubernetes-admin") } && trigger.details.contains { $0 == ("source_ip", "192.168.0.41") })
    }

    @Test func changeWindowFromLoggedSuccessesInAnyOrder() throws {
        let ok = { (o: Int) in criLines([o], sev: "I", source: "route_controller.go:219", "Created route for node n1 10.244.1.0/24 with hint h1 after 412.7ms") }
        let fail = criLines([600, 610, 620, 630], source: "route_controller.go:120",
                            "Couldn't reconcile node routes: error listing routes: UnauthorizedOperation: You are not authorized to perform this operation.")
        let r = try analyzeFiles([("cloud-controller-manager.log", ok(100) + ok(300) + fail + ok(900))])
        let w = try #require(r.findings.first?.changeWindows.first)
        #expect(w.changedAfterBasis == .success && w.changedAfter.map(Timestamp.clock) == "09:05:00")
        #expect(w.fixedBeforeBasis == .success && w.fixedBefore.map(Timestamp.clock) == "09:15:00")
        // Order-free: the tracker fed in reverse, or split and merged, reads the same bounds.
        let engineA = SignalEngine(rules: builtinRules), engineB = SignalEngine(rules: builtinRules)
        let t = ChangeTracker(rules: builtinRules)
        let sig = try #require(builtinRules.signalIndex["cloud-api-permission-denied"]), okSig = try #require(builtinRules.signalIndex["route-controller-recovered"])
        func hit(_ s: Int, _ sec: Int64) -> Hit {
            Hit(signal: s, time: sec * 1_000_000, keys: [], component: nil, evidence: Evidence(path: "x", line: Int(sec), text: "", time: sec * 1_000_000), inputIndex: 0, line: Int(sec))
        }
        let all = [hit(okSig, 100), hit(okSig, 300), hit(sig, 600), hit(sig, 610), hit(sig, 620), hit(okSig, 900)]
        for h in all.reversed() { t.add(h) }
        for (i, h) in all.enumerated() { (i % 2 == 0 ? engineA : engineB).changes.add(h) }
        engineA.merge(engineB)
        for tr in [t.tracks[.init(signal: sig)], engineA.changes.tracks[.init(signal: sig)]] {
            #expect(tr?.lastSuccessBefore?.time == 300_000_000 && tr?.firstFailure?.time == 600_000_000)
            #expect(tr?.firstSuccessAfter?.time == 900_000_000 && tr?.period == 10_000_000)
        }
    }

    /// A restart resets the retry cadence: no retry period is inferred across one, neither for
    /// the try before the first failure nor from gaps between failures of different processes.
    @Test func noRetryPeriodAcrossARestart() throws {
        func line(_ o: Int, pid: Int, sev: String = "E", _ msg: String) -> String {
            let h = 9 + o / 3600, m = (o / 60) % 60, s = o % 60
            let clock = String(format: "%02d:%02d:%02d", h, m, s)
            return "2024-03-12T\(clock).000100Z stderr F \(sev)0312 \(clock).000000       \(pid) route_controller.go:120] \(msg)\n"
        }
        let fail = "Couldn't reconcile node routes: error listing routes: UnauthorizedOperation: You are not authorized to perform this operation."
        let path = "var/log/pods/kube-system_cloud-controller-manager-m1_0a1b/cloud-controller-manager/0.log"
        // The process started at 09:09:58 failed on its first try at 09:10:00: the retry period
        // (10s) says nothing about 09:09:50, when the process before it was running.
        var restarted = line(0, pid: 1, sev: "I", "Starting route controller")
        restarted += line(598, pid: 2, sev: "I", "Starting route controller")
        for o in stride(from: 600, through: 660, by: 10) { restarted += line(o, pid: 2, fail) }
        let r1 = try analyzeFiles([(path, restarted)])
        let w1 = try #require(r1.findings.first?.changeWindows.first)
        #expect(w1.changedAfterBasis == .logsBegin && w1.changedAfter.map(Timestamp.clock) == "09:00:00", "\(String(describing: w1.changedAfterBasis))")
        #expect(Timestamp.clock(w1.changedBefore) == "09:10:00")
        // Without the restart the same failures bound the change by the retry period.
        let steady = restarted.replacingOccurrences(of: "       2 route_controller", with: "       1 route_controller")
        let w0 = try #require(try analyzeFiles([(path, steady)]).findings.first?.changeWindows.first)
        #expect(w0.changedAfterBasis == .retryPeriod && w0.changedAfter.map(Timestamp.clock) == "09:09:50")
        // A crash loop failing once per start (back-off 10s, 20s, 40s, 80s) has no retry period.
        var loop = line(0, pid: 1, sev: "I", "Starting route controller")
        for (k, o) in [600, 610, 630, 670, 750].enumerated() { loop += line(o, pid: 10 + k, fail) }
        let w2 = try #require(try analyzeFiles([(path, loop)]).findings.first?.changeWindows.first)
        #expect(w2.period == nil && w2.changedAfterBasis == .logsBegin, "\(String(describing: w2.period))")
        #expect(w2.fixedBeforeBasis != .retryPeriod)
    }

    /// A lease whose certificate stopped working: the last renewal of the same lease before the
    /// first rejection bounds the change; another component's renewals say nothing about it.
    @Test func leaseCertificateChangeWindowFromTheLastRenewal() throws {
        func put(_ sec: Int, _ lease: String, _ ua: String) -> String {
            let clock = String(format: "09:%02d:%02d", sec / 60, sec % 60)
            return "I0312 \(clock).100000       1 httplog.go:131] \"HTTP\" verb=\"PUT\" URI=\"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/\(lease)?timeout=5s\" latency=\"1.04ms\" userAgent=\"\(ua)/v1.24.17 (linux/amd64) kubernetes/22a9682/leader-election\" audit-ID=\"fe99d685-8ec4-4254-8d29-322dfe0de04\(sec % 10)\" srcIP=\"10.0.1.11:41822\" resp=200"
        }
        var apiserver: [String] = []
        for s in stride(from: 1200, through: 1798, by: 26) { apiserver.append(put(s, "kube-controller-manager", "kube-controller-manager")) }
        // The scheduler keeps renewing its own lease after the controller-manager's stopped.
        for s in stride(from: 1210, through: 1800, by: 10) { apiserver.append(put(s, "kube-scheduler", "kube-scheduler")) }
        apiserver.sort { $0.dropFirst(6).prefix(15) < $1.dropFirst(6).prefix(15) }
        let x509 = #"error retrieving resource lock kube-system/kube-controller-manager: Get "https://10.0.1.10:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s": x509: certificate has expired or is not yet valid: current time 2024-03-12T09:30:01Z is after 2024-03-12T09:29:59Z"#
        let kcm = criLines([1201, 1802, 1804, 1806], sev: "E", source: "leaderelection.go:330", x509)
            .replacingOccurrences(of: "E0312 09:20:01.000000       1 leaderelection.go:330] " + x509, with: "I0312 09:20:01.000000       1 leaderelection.go:258] successfully acquired lease kube-system/kube-controller-manager")
            + criLines([1807], sev: "I", source: "leaderelection.go:283", "failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition")
            + criLines([1807], sev: "F", source: "controllermanager.go:294", "leaderelection lost")
        let r = try analyzeFiles([("master-1/var/log/kube-apiserver.log", "Log file created at: 2024/03/12 09:00:00\nRunning on machine: master-1\nBinary: Built with gc go1.20.10 for linux/amd64\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n" + apiserver.joined(separator: "\n") + "\n"),
                                  ("master-1/var/log/pods/kube-system_kube-controller-manager-master-1_0a1b/kube-controller-manager/0.log", kcm)])
        let f = try #require(r.findings.first { $0.id == "leader-election-lost" })
        let w = try #require(f.changeWindows.first { $0.signal == "lease-cert-rejected" }, "\(f.chain.map(\.signal))")
        #expect(w.changedAfterBasis == .success, "\(String(describing: w.changedAfterBasis))")
        #expect(w.changedAfter.map(Timestamp.rfc3339) == "2024-03-12T09:29:58.100000Z", "the controller-manager's last renewal, not the scheduler's at 09:30:00")
        #expect(w.changedAfterEvidence?.text.contains("leases/kube-controller-manager") == true)
        #expect(Timestamp.rfc3339Seconds(w.changedBefore) == "2024-03-12T09:30:02Z")
    }

    @Test func changesThatStartedAnAPIServiceOrWebhookFinding() throws {
        let file = try #require(builtinRules.files.first { $0.id == "aggregated-api-unavailable" })
        let ex = try #require(file.examples.first { $0.name.hasPrefix("context, an APIService replaced") })
        let r = try analyzeFiles(ex.files)
        let f = try #require(r.findings.first { $0.id == "aggregated-api-unavailable" })
        #expect(f.context.map(\.signal) == ["deployment-scaled-to-zero", "apiservice-changed"])
        let change = try #require(f.context.last)
        // The kubectl PUT, not the availability controller's later /status update.
        #expect(change.details.contains { $0 == ("verb", "PUT") } && change.details.contains { $0 == ("source_ip", "192.168.0.41") })
        #expect(f.context.first?.details.contains { $0 == ("replica_set", "metrics-server-6d94bc8694") } == true)
        #expect(!f.chain.contains { $0.signal == "apiservice-changed" || $0.signal == "deployment-scaled-to-zero" }, "context is never a cause")
        // The conversion webhook sample: cert-manager's webhook scaled to zero before the namespace got stuck.
        let (conv, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-content-remaining")
        let ns = try #require(conv.findings.first)
        #expect(ns.context.map(\.signal) == ["deployment-scaled-to-zero", "namespace-delete-requested"])
    }
}
