import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// What was analysed: the --since/--until window and the records inside it; an empty or upside-down
/// window and inputs nothing can be read from are said, not reported as "No findings".
@Suite struct WindowTests {
    static let sample = repoRoot + "/SampleLogs/namespace-stuck-terminating"

    static func analyze(_ paths: [String], since: String? = nil, until: String? = nil) -> AnalysisResult {
        var o = AnalysisOptions()
        o.since = since.flatMap(RFC3339.parse)
        o.until = until.flatMap(RFC3339.parse)
        return Analyzer(rules: builtinRules, options: o).run(paths: paths, log: DiagnosticLog())
    }

    @Test func windowRecordsAreCountedExactly() throws {
        let r = Self.analyze([Self.sample], since: "2024-03-12T09:00:00Z", until: "2024-03-12T10:00:00Z")
        let w = try #require(r.window)
        // Reference count: every record read, filtered by its own time.
        let all = readAll([Self.sample]).records
        let lo = RFC3339.parse("2024-03-12T09:00:00Z")!, hi = RFC3339.parse("2024-03-12T10:00:00Z")!
        let expected = all.filter { $0.time.map { $0 >= lo && $0 <= hi } ?? false }.count
        #expect(expected > 100)
        #expect(w.records == expected)
        #expect(w.total == r.inputs.reduce(0) { $0 + $1.records })
        #expect(!r.diagnostics.contains { $0.kind == .emptyWindow })
        let header = TextReport(style: Style(enabled: false), redactor: nil).header(r)
        #expect(header.contains("  window:     2024-03-12T09:00:00Z .. 2024-03-12T10:00:00Z (\(expected) of \(w.total) records inside)\n"))
        let doc = try JSONSerialization.jsonObject(with: Data(FindingJSON.document(r, redactor: nil).utf8)) as! [String: Any]
        let jw = try #require(doc["window"] as? [String: Any])
        #expect(jw["records"] as? Int == expected && jw["since"] as? String == "2024-03-12T09:00:00.000000Z")
        #expect(MarkdownReport(redactor: nil).render(r).contains("Window: 2024-03-12T09:00:00Z .. 2024-03-12T10:00:00Z (\(expected) of"))
    }

    @Test func aRelativeWindowIsCountedToo() throws {
        var o = AnalysisOptions()
        o.sinceBack = 3_600_000_000
        let r = Analyzer(rules: builtinRules, options: o).run(paths: [Self.sample], log: DiagnosticLog())
        let w = try #require(r.window)
        let all = readAll([Self.sample]).records
        let last = all.compactMap(\.time).max()!
        #expect(w.relative && w.since == last - 3_600_000_000 && w.until == nil)
        #expect(w.records == all.filter { ($0.time ?? Int64.min) >= last - 3_600_000_000 }.count)
    }

    @Test func aWindowOutsideTheDataIsAnError() throws {
        let r = Self.analyze([Self.sample], since: "2025-01-01T00:00:00Z")
        #expect(r.window?.records == 0)
        let d = try #require(r.diagnostics.first { $0.kind == .emptyWindow })
        #expect(d.level == .error)
        #expect(d.message.contains("no record in the window 2025-01-01T00:00:00Z .. end: the data runs from 2024-03-12T06:00:00Z"), "\(d.message)")
    }

    @Test func sinceAfterUntilIsAnError() throws {
        let r = Self.analyze([Self.sample], since: "2024-03-12T10:00:00Z", until: "2024-03-12T09:00:00Z")
        let d = try #require(r.diagnostics.first { $0.kind == .emptyWindow })
        #expect(d.level == .error && d.message.contains("is after --until"))
    }

    @Test func cliExitsTwoOnAnEmptyWindow() throws {
        let out = try runCLI(["analyze", "SampleLogs/namespace-stuck-terminating", "--since", "2025-01-01T00:00:00Z"])
        #expect(out.status == 2, "\(out.err)")
        #expect(out.err.contains("error: no record in the window"))
        #expect(out.out.contains("window:") && out.out.contains("(0 of "))
        let upside = try runCLI(["analyze", "SampleLogs/namespace-stuck-terminating", "--since", "2024-03-12T10:00:00Z", "--until", "2024-03-12T09:00:00Z"])
        #expect(upside.status == 2)
        #expect(upside.err.contains("is after --until"))
        let ok = try runCLI(["analyze", "SampleLogs/namespace-stuck-terminating", "--since", "2024-03-12T09:00:00Z", "--until", "2024-03-12T12:00:00Z"])
        #expect(ok.status == 1, "\(ok.err)")   // the finding
    }

    static let logfmt = """
        time="2024-03-12T09:00:00Z" level=info msg="starting" component=ingress
        time="2024-03-12T09:00:01Z" level=error msg="backend down" component=ingress

        """
    static let nginx = """
        10.0.0.1 - - [12/Mar/2024:09:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.0"
        10.0.0.2 - - [12/Mar/2024:09:00:01 +0000] "GET /x HTTP/1.1" 404 153 "-" "curl/8.0"

        """
    static let stern = """
        kube-apiserver-master-1 kube-apiserver I0312 09:00:00.000000       1 controller.go:132] OpenAPI
        kube-apiserver-master-1 kube-apiserver I0312 09:00:01.000000       1 controller.go:132] OpenAPI

        """
    static let klog = "I0312 09:00:00.000000       1 controller.go:132] OpenAPI\n"

    /// Lines in no known format (logfmt, an nginx access log, stern's default prefix) are each a
    /// raw record of their own, never glued to the record before them.
    @Test func unknownLinesAreRecordsOfTheirOwn() {
        for (name, text) in [("ingress.log", Self.logfmt), ("access.log", Self.nginx), ("stern.txt", Self.stern)] {
            let (recs, _) = parseRecords(text, name: name)
            #expect(recs.count == 2, "\(name): \(recs.map(\.message))")
            #expect(recs.allSatisfy { !$0.message.contains("\n") }, "\(name): \(recs.map(\.message))")
        }
    }

    @Test func aNamedFileInNoKnownFormatIsSaid() throws {
        let dir = try tempDir(["ingress.log": Self.logfmt])
        let r = Self.analyze([dir + "/ingress.log"])
        let d = try #require(r.diagnostics.first { $0.kind == .unrecognised })
        #expect(d.level == .warning && d.path == dir + "/ingress.log")
        #expect(d.message.contains("nothing logtrace understands: 2 lines") || d.message.contains("nothing logtrace understands: 1 line"), "\(d.message)")
    }

    @Test func aDirectoryWalkSummarisesUnknownFilesInOneLine() throws {
        var files = ["ingress.log": Self.logfmt, "nginx/access.log": Self.nginx, "stern.txt": Self.stern, "kube-apiserver.log": Self.klog]
        for i in 1...6 { files["extra/\(i).txt"] = "just some text \(i)\n" }
        let dir = try tempDir(files)
        let r = Self.analyze([dir])
        let d = r.diagnostics.filter { $0.kind == .unrecognised }
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.path == dir)
        #expect(d.first?.message.hasPrefix("9 files in no known log format, kept as raw text without times: extra/1.txt, extra/2.txt, extra/3.txt, extra/4.txt, extra/5.txt, and 4 more") == true, "\(d.first?.message ?? "")")
        #expect(!r.diagnostics.contains { $0.path?.hasSuffix("kube-apiserver.log") == true })
    }

    /// Many YAML files that are no Kubernetes object documents (Helm values; a must-gather's
    /// object YAML is read, see KubeObjectsTests): one note for the walk, not one each.
    @Test func filesSkippedByNameAreSummarisedInOneLine() throws {
        var files = ["kube-apiserver.log": Self.klog]
        for i in 1...40 { files["charts/c\(i)/values.yaml"] = "replicaCount: 1\n" }
        files["README.md"] = "x\n"
        let dir = try tempDir(files)
        let log = DiagnosticLog()
        _ = InputDiscovery().discover([dir], log: log)
        let notes = log.all.filter { $0.message.contains("not logs") || $0.message.contains("not a log") }
        #expect(notes.count == 1, "\(notes)")
        #expect(notes.first?.path == dir)
        #expect(notes.first?.message.hasPrefix("41 files that are not logs by their name skipped (.yaml ×40, .md ×1): README.md, charts/c1/values.yaml, charts/c10/values.yaml, and 38 more") == true, "\(notes.first?.message ?? "")")
        // A few are still named one by one.
        let few = try tempDir(["kube-apiserver.log": Self.klog, "README.md": "x\n"])
        let l2 = DiagnosticLog()
        _ = InputDiscovery().discover([few], log: l2)
        #expect(l2.all.map(\.message) == ["not a log file (.md): skipped"])
    }
}
