import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// `tail` correlates incrementally (#15 item 8): the same events as rerunning the whole
/// correlator after every change, with work that grows with the lines, not lines times groups.
@Suite struct LiveScaleTests {
    /// A `kubectl logs --prefix` stream: a cloud permission error and an aggregated API outage,
    /// then `n` namespaces whose deletion fails (5 to 15 times each, round-robin, so groups grow
    /// while others are created). With `variety`: every 10th namespace is finalized after its
    /// tenth round (unless and recovery), every 7th round a bare discovery line (a group with
    /// fewer keys, folded by subset merging), a second API group, and counts that rise late so
    /// the busiest-256 cap of the correlator changes while the stream runs.
    static func storm(_ n: Int, variety: Bool) -> String {
        var out = ""
        var t: Int64 = 9 * 3600 * 1_000_000
        func stamp(_ sev: String) -> String {
            let s = t / 1_000_000, us = t % 1_000_000
            return sev + "0312 " + String(format: "%02d:%02d:%02d.%06d", s / 3600, s / 60 % 60, s % 60, us) + "       1 "
        }
        func line(_ pod: String, _ c: String, _ sev: String, _ body: String, step: Int64) {
            out += "[pod/\(pod)/\(c)] " + stamp(sev) + body + "\n"
            t += step
        }
        t += 600_000_000
        for i in 0..<6 {
            line("cloud-controller-manager-master-2", "cloud-controller-manager", "E",
                 "route_controller.go:133] Couldn't reconcile node routes: RouteTables: Aliyun API Error: RequestId: 7A5B-\(i) Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource, or this API doesn't support RAM.",
                 step: 10_000_000)
        }
        t += 600_000_000
        for _ in 0..<6 {
            line("kube-apiserver-master-1", "kube-apiserver", "E",
                 "available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1: Get \"https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1\": context deadline exceeded",
                 step: 5_000_000)
        }
        t += 600_000_000
        func hits(_ i: Int) -> Int { 5 + (i * 7) % 11 }
        let rounds = 16
        let gap: Int64 = variety ? 4_000_000 : 20_000   // with variety the finalize comes over 5 minutes after the first failure
        for r in 0..<rounds {
            for i in 0..<n {
                // With variety, late namespaces get their extra failures in the last rounds.
                let h = variety && i >= n / 2 ? (r >= rounds - hits(i) ? 1 : 0) : (r < hits(i) ? 1 : 0)
                guard h == 1 else { continue }
                if variety && i % 10 == 3 && r == 10 {
                    line("kube-apiserver-master-1", "kube-apiserver", "I",
                         "httplog.go:131] \"HTTP\" verb=\"PUT\" URI=\"/api/v1/namespaces/ns-\(i)/finalize\" latency=\"2.035592ms\" userAgent=\"kube-controller-manager/v1.24.17 (linux/amd64) kubernetes/22a9682/system:serviceaccount:kube-system:namespace-controller\" audit-ID=\"dd9e04de-84da-49f6-a413-fdf968f64569\" srcIP=\"10.0.1.11:51234\" resp=200",
                         step: gap)
                    continue
                }
                let group = variety && i % 13 == 5 ? "custom.metrics.k8s.io" : "metrics.k8s.io"
                line("kube-controller-manager-master-1", "kube-controller-manager", "E",
                     "namespace_controller.go:162] deletion of namespace ns-\(i) failed: unable to retrieve the complete list of server APIs: \(group)/v1beta1: the server is currently unable to handle the request",
                     step: gap)
            }
            if variety && r % 7 == 0 {
                line("kube-controller-manager-master-1", "kube-controller-manager", "E",
                     "resource_quota_controller.go:434] unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request",
                     step: 20_000)
            }
        }
        return out
    }

    struct Run { var events: [String]; var findings: [Finding]; var work: Int }

    func tail(_ text: String, incremental: Bool, chunk: Int = 4096, cap: Int = 256, lite: Bool = true) -> Run {
        let live = LiveAnalyzer(rules: builtinRules)
        live.incremental = incremental
        live.liteRecords = lite
        live.maxCandidates = cap
        var events: [String] = []
        live.onFinding = { f, e in events.append(FindingJSON.line(f, event: e.rawValue, redactor: nil)) }
        var o = ReadOptions(); o.year = 2024
        _ = live.run(group: InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")]), source: MemorySource(text, chunk: chunk),
                     options: o, log: DiagnosticLog())
        return Run(events: events, findings: live.findings, work: live.meter.count)
    }

    func batch(_ text: String) -> [Finding] {
        var o = AnalysisOptions(); o.read.year = 2024
        return Analyzer(rules: builtinRules, options: o).run(groups: [InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")])],
                                                             sources: [MemorySource(text)], log: DiagnosticLog()).findings
    }

    /// Every event, with the whole finding as printed, is what rerunning the correlator after
    /// each change gives; the findings at the end are analyze's. With variety the candidate cap
    /// is lowered to 6 so 20 namespaces move in and out of it (256 in the product).
    @Test(arguments: [false, true]) func incrementalGivesTheReferenceEvents(variety: Bool) {
        let text = Self.storm(20, variety: variety)
        let cap = variety ? 6 : 256
        let fast = tail(text, incremental: true, cap: cap)
        let reference = tail(text, incremental: false, cap: cap)
        #expect(fast.events.count == reference.events.count)
        for (i, (a, b)) in zip(fast.events, reference.events).enumerated() where a != b {
            Issue.record("event \(i) differs:\nincremental \(a)\nreference   \(b)")
            break
        }
        #expect(!fast.events.isEmpty)
        let json = { (f: [Finding]) in f.map { FindingJSON.line($0, event: "end", redactor: nil) } }
        #expect(json(fast.findings) == json(reference.findings))
        if !variety {
            let a = json(fast.findings), b = json(batch(text))
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) where x != y {
                let dx = try! JSONSerialization.jsonObject(with: Data(x.utf8)) as! [String: Any]
                let dy = try! JSONSerialization.jsonObject(with: Data(y.utf8)) as! [String: Any]
                for k in dx.keys.sorted() where "\(dx[k]!)" != "\(dy[k] ?? "nil")" { Issue.record("tail vs analyze: \(k): \(dx[k]!) vs \(dy[k] ?? "nil")") }
                break
            }
        }
        if variety {
            // The stream exercises what it is meant to: resolved findings, two root paths, the cap.
            #expect(fast.events.contains { $0.contains("\"event\":\"resolved\"") })
            #expect(Set(fast.findings.map { $0.chain.last!.keys.first { $0.0 == "namespace" }?.1 ?? "" }).count > 1)
        }
    }

    /// The scale check: four times the namespaces (and lines) must cost about four times the
    /// correlation work, not sixteen. The reference, a full rerun per change, fails it. (A cap
    /// of 8 candidates keeps the reference's finding builds, not what is measured, cheap.)
    @Test func workGrowsWithTheLinesNotLinesTimesGroups() {
        func perLine(_ n: Int, incremental: Bool) -> (work: Int, lines: Int) {
            let text = Self.storm(n, variety: false)
            return (tail(text, incremental: incremental, cap: 8).work, text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) })
        }
        let small = perLine(16, incremental: true), large = perLine(64, incremental: true)
        let growth = Double(large.work) / Double(small.work)
        let lineGrowth = Double(large.lines) / Double(small.lines)
        #expect(growth < 1.5 * lineGrowth, "incremental work grew \(growth)x for \(lineGrowth)x the lines (\(small.work) -> \(large.work))")
        let refSmall = perLine(16, incremental: false), refLarge = perLine(64, incremental: false)
        let refGrowth = Double(refLarge.work) / Double(refSmall.work)
        #expect(refGrowth > 2.5 * lineGrowth, "the reference should be quadratic: \(refGrowth)x")
        // And the incremental work at 64 namespaces is a fraction of the reference's.
        #expect(large.work * 3 < refLarge.work, "\(large.work) vs \(refLarge.work)")
        // Four times that keeps growing linearly.
        let larger = perLine(256, incremental: true)
        #expect(Double(larger.work) / Double(large.work) < 1.5 * Double(larger.lines) / Double(large.lines), "\(large.work) -> \(larger.work)")
    }

    /// Chunked reads (records split across reads) give the same events.
    @Test func chunkingDoesNotChangeTheEvents() {
        let text = Self.storm(20, variety: true)
        #expect(tail(text, incremental: true, chunk: 97).events == tail(text, incremental: true, chunk: 1 << 16).events)
    }

    /// The storm with lines no literal hits between its lines: klog and JSON, of other
    /// components, at the storm's clock, and once an hour before it and two hours after it, so
    /// the end of the data and the coverage move with lines that match nothing.
    static func stormWithQuietLines(_ n: Int) -> String {
        var out = ""
        var k = 0
        for line in storm(n, variety: true).split(separator: "\n") {
            out += line + "\n"
            k += 1
            // "[pod/p/c] E0312 09:10:00.020000 ..." -> the time of the storm's line
            let parts = line.split(separator: " ")
            guard parts.count > 2 else { continue }
            let clock = String(parts[2])
            if k == 40 {
                out += "[pod/etcd-master-1/etcd] I0312 11:45:00.000000       1 quiet.go:1] compacted revision 1\n"
                out += "[pod/coredns-5d78c9869d-x2b4q/coredns] {\"level\":\"info\",\"ts\":\"2024-03-12T08:05:00.000000Z\",\"msg\":\"reloaded\"}\n"
            }
            if k % 3 == 0 {
                out += "[pod/etcd-master-1/etcd] I0312 \(clock)       1 quiet.go:1] compacted revision \(k)\n"
            } else if k % 3 == 1 {
                out += "[pod/coredns-5d78c9869d-x2b4q/coredns] {\"level\":\"info\",\"ts\":\"2024-03-12T\(clock)Z\",\"msg\":\"served \(k)\"}\n"
            }
        }
        return out
    }

    /// Records no literal hits reach `tail` as lite records, as in `analyze`: not built, counted by
    /// the stream's tally, which gives a finding's end of data and coverage. Every event, as
    /// printed, is what building every record gives, and the findings at the end are the same.
    @Test func liteRecordsGiveTheEventsOfBuiltRecords() {
        let text = Self.stormWithQuietLines(20)
        let lite = tail(text, incremental: true, cap: 6), built = tail(text, incremental: true, cap: 6, lite: false)
        #expect(lite.events.count == built.events.count)
        for (i, (a, b)) in zip(lite.events, built.events).enumerated() where a != b {
            Issue.record("event \(i) differs:\nlite  \(a)\nbuilt \(b)")
            break
        }
        #expect(lite.events.contains { $0.contains("\"status\":\"stopped\"") }, "the late quiet line ends the data")
        let json = { (f: [Finding]) in f.map { FindingJSON.line($0, event: "end", redactor: nil) } }
        #expect(json(lite.findings) == json(built.findings))
    }
}
