import Foundation
import Testing
import Yams
@testable import LogtraceCore
@testable import LogtraceRender

/// The real-lines corpus (Tests/RealLines/*.yaml, see its README): log lines copied from public
/// bug reports, each with its provenance. Every entry goes through the real pipeline (wrapper
/// detection, prefixes, klog/JSON/capnslog parsing, the literal prefilter and the rule matchers of
/// the built-in pack) and must give exactly the expected records and signal hits.
struct RealLineEntry: Decodable, Sendable {
    struct Expect: Decodable, Sendable {
        var time: String?
        var severity: String?
        var component: String?
        var continuation: Int
        var fires: [String]
        var keys: [String: String]?
    }
    var source: String
    var kubernetes: String?
    var file: String
    var format: String
    var year: Int
    var rewrapped: String?
    var note: String?
    var lines: String
    var expect: [Expect]
}

enum RealLines {
    static let directory = repoRoot + "/Tests/RealLines"

    /// Every entry, named `file.yaml#index`.
    static let entries: [(String, RealLineEntry)] = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var out: [(String, RealLineEntry)] = []
        for n in names {
            let text = (try? String(contentsOfFile: directory + "/" + n, encoding: .utf8)) ?? ""
            do {
                let list = try YAMLDecoder().decode([RealLineEntry].self, from: text)
                for (i, e) in list.enumerated() { out.append(("\(n)#\(i)", e)) }
            } catch {
                Issue.record("\(n): \(error)")
            }
        }
        return out
    }()

    static let formats: Set<String> = ["klog", "klog-structured", "json", "zap", "capnslog", "cri", "docker", "journald", "kubectl-timestamps", "kubectl-prefix", "audit", "kubernetes-yaml", "kubectl-describe"]
    /// Object documents (`kubectl get -o yaml`, `kubectl describe`): each event or condition is a
    /// record numbered by its place in the document, with no continuation lines.
    static let documentFormats: Set<String> = ["kubernetes-yaml", "kubernetes-json", "kubectl-describe"]

    struct Outcome {
        var records: [Record]
        /// Signal ids hit per record start line.
        var hits: [Int: [String]]
        /// Keys the hits of a record captured, and `error_class` for signals that classify.
        var keys: [Int: [(String, String)]]
    }

    /// Parses an entry's lines as one input named `file` with the year given, and runs the
    /// built-in matchers over the records (signal hits, before any threshold).
    static func run(_ e: RealLineEntry, rules: RuleSet = builtinRules) -> Outcome {
        final class Tee: RecordSink {
            var records: [Record] = []
            let collector: HitCollector
            init(_ c: HitCollector) { collector = c }
            func consume(_ r: RecordView) {
                records.append(Record(r, path: "t"))
                collector.consume(r)
            }
        }
        var g = InputGroup(files: [InputFile(path: e.file, displayPath: e.file)])
        g.component = ComponentNames.fromName(e.file)
        var o = ReadOptions()
        o.year = e.year
        let tee = Tee(HitCollector(rules: rules))
        var hits: [Int: [String]] = [:]
        var keys: [Int: [(String, String)]] = [:]
        tee.collector.onHit = { h in
            hits[h.line, default: []].append(rules.signals[h.signal].id)
            keys[h.line, default: []] += h.keys + h.attributes   // `_` captures (who, from where) too
            if let c = h.errorClass { keys[h.line, default: []].append((ErrorClass.key, c.rawValue)) }
        }
        _ = StreamDriver(group: g, options: o, prefilter: rules.prefilter(component: g.component), sink: tee,
                         log: DiagnosticLog(), source: MemorySource(e.lines)).run()
        return Outcome(records: tee.records, hits: hits, keys: keys)
    }

    /// Independent reference for the expected time: `YYYY-MM-DDThh:mm:ss[.ffffff]Z` to
    /// microseconds since the epoch, through Foundation's calendar (not the parser's own code).
    static func micros(_ s: String) -> Int64? {
        let parts = s.split(separator: "T")
        guard parts.count == 2, s.hasSuffix("Z") else { return nil }
        let d = parts[0].split(separator: "-").compactMap { Int($0) }
        let clock = parts[1].dropLast()
        let hms = clock.split(separator: ".", maxSplits: 1)
        let t = hms[0].split(separator: ":").compactMap { Int($0) }
        guard d.count == 3, t.count == 3 else { return nil }
        var frac = 0
        if hms.count == 2 {
            let digits = String(hms[1].prefix(6))
            guard let f = Int(digits) else { return nil }
            frac = f
            for _ in digits.count..<6 { frac *= 10 }
        }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        guard let date = cal.date(from: DateComponents(year: d[0], month: d[1], day: d[2], hour: t[0], minute: t[1], second: t[2])) else { return nil }
        return Int64(date.timeIntervalSince1970.rounded()) * 1_000_000 + Int64(frac)
    }
}

@Suite struct RealLinesTests {
    @Test("real line", arguments: RealLines.entries.map(\.0))
    func entry(_ name: String) throws {
        let e = try #require(RealLines.entries.first { $0.0 == name }?.1)
        let at = "\(name) (\(e.source))"
        let out = RealLines.run(e)
        #expect(out.records.count == e.expect.count, "\(at): \(out.records.count) records, expected \(e.expect.count): \(out.records.map(\.message))")
        // Physical lines of each record: from its first line to the next record's.
        let lineCount = RealLines.documentFormats.contains(e.format) ? (out.records.last?.line ?? 0)
            : e.lines.split(separator: "\n", omittingEmptySubsequences: false).count - (e.lines.hasSuffix("\n") ? 1 : 0)
        for (i, (r, x)) in zip(out.records, e.expect).enumerated() {
            let rec = "\(at) record \(i + 1) (line \(r.line))"
            let next = i + 1 < out.records.count ? out.records[i + 1].line : lineCount + 1
            if let t = x.time {
                let want = try #require(RealLines.micros(t), "\(rec): bad expected time \(t)")
                #expect(r.time == want, "\(rec): time \(r.time.map(Timestamp.rfc3339) ?? "none"), expected \(t)")
            } else {
                #expect(r.time == nil, "\(rec): has time \(r.time.map(Timestamp.rfc3339) ?? ""), expected none")
            }
            #expect(r.severity?.letter == x.severity, "\(rec): severity \(r.severity?.letter ?? "none"), expected \(x.severity ?? "none")")
            #expect(r.component == x.component, "\(rec): component \(r.component ?? "none"), expected \(x.component ?? "none")")
            #expect(next - r.line - 1 == x.continuation, "\(rec): \(next - r.line - 1) continuation lines, expected \(x.continuation)")
            let fired = (out.hits[r.line] ?? []).sorted()
            #expect(fired == x.fires.sorted(), "\(rec): fires \(fired), expected \(x.fires.sorted())")
            for (k, v) in (x.keys ?? [:]).sorted(by: { $0.key < $1.key }) {
                let have = out.keys[r.line]?.first { $0.0 == k }?.1
                #expect(have == v, "\(rec): key \(k)=\(have ?? "nil"), expected \(v)")
            }
        }
    }

    @Test func entriesAreWellFormed() {
        // An issue or pull request, or (for a form no thread shows) a file of a public repository
        // at a commit.
        let provenance = try! Regex("^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+(?:#[0-9]+|:[^@:#]+@[0-9a-f]{40})$")
        for (name, e) in RealLines.entries {
            #expect(e.source.wholeMatch(of: provenance) != nil, "\(name): provenance '\(e.source)' is neither owner/repo#number nor owner/repo:path@commit")
            #expect(RealLines.formats.contains(e.format), "\(name): unknown format '\(e.format)'")
            if let w = e.rewrapped { #expect(RealLines.formats.contains(w), "\(name): rewrapped from unknown format '\(w)'") }
            #expect(!e.lines.isEmpty && !e.expect.isEmpty, "\(name): no lines or no expectation")
            for x in e.expect {
                for s in x.fires { #expect(builtinRules.signalIndex[s] != nil, "\(name): unknown signal '\(s)'") }
            }
        }
    }

    @Test func corpusHasAtLeast300Lines() {
        let lines = RealLines.entries.reduce(0) { $0 + $1.1.lines.split(separator: "\n").count }
        #expect(lines >= 300, "the corpus has \(lines) lines")
    }

    /// Signals of the built-in pack for which no public report with a real line was found yet
    /// (see Tests/RealLines/README.md). The list must stay exact: a signal that starts firing on
    /// a real line must leave it, and no other signal may be silent.
    static let withoutRealLine: Set<String> = []

    /// Every signal of the built-in pack fires on at least one real line (checked by running the
    /// lines, not by reading the expectations), except the listed ones.
    @Test func everyBuiltinSignalFiresOnARealLine() {
        var fired = Set<String>()
        for (_, e) in RealLines.entries {
            for ids in RealLines.run(e).hits.values { fired.formUnion(ids) }
        }
        let all = Set(builtinRules.signals.map(\.id))
        let silent = all.subtracting(fired)
        #expect(silent == Self.withoutRealLine, "signals no real line fires: \(silent.sorted()); listed as without a real line: \(Self.withoutRealLine.sorted())")
    }

    /// Component names as the reports show them: file, pod, container and journald names.
    @Test func componentNamesFromRealNames() {
        let cases: [(String, String?)] = [
            ("hcloud-cloud-controller-manager.log", "cloud-controller-manager"),          // hetznercloud/hcloud-cloud-controller-manager#107
            ("aws-cloud-controller-manager", "cloud-controller-manager"),                  // siderolabs/contrib#66
            ("k8s.kube-apiserver", "kube-apiserver"),                                      // canonical/k8s-snap#1426
            ("kube-apiserver.daemon", "kube-apiserver"),                                   // minio/operator#528
            ("docker/kube-apiserver", "kube-apiserver"),                                   // kubernetes-sigs/metrics-server#27
            ("k8s_kube-scheduler_kube-scheduler-henry-dual-we-01_kube-system_9bd0796d165e934ad9d85a2763507d27_122", "kube-scheduler"), // kubernetes/kubernetes#74340
            ("controller-manager.log", "kube-controller-manager"),
            ("capz-controller-manager", nil),                                              // kubernetes-sigs/cluster-api-provider-azure#1482
            ("capa-controller-manager-0", nil),
            ("kube-apiserver-operator-f8xyxyxys", nil),                                    // external-secrets/external-secrets#4440
            ("openshift-apiserver", nil),
            ("descheduler", nil),
            ("etcd-operator", nil),
        ]
        for (name, want) in cases {
            #expect(ComponentNames.fromName(name) == want, "\(name): \(ComponentNames.fromName(name) ?? "none"), expected \(want ?? "none")")
        }
    }

    /// Every format and wrapper logtrace reads appears in the corpus.
    @Test func everyFormatIsCovered() {
        let seen = Set(RealLines.entries.map(\.1.format))
        let missing = RealLines.formats.subtracting(seen).sorted()
        #expect(missing.isEmpty, "formats without a real line: \(missing)")
    }
}
