import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The diagnostics an analysis carries: on its result, in the text and markdown header, and in
/// the JSON document's `diagnostics` array.
@Suite struct DiagnosticsTests {
    static let bareKlog = """
        E0312 09:21:07.123456       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1": dial tcp 10.244.5.12:4443: i/o timeout
        I0312 09:21:08.000001       1 controller.go:132] OpenAPI AggregationController: action for item v1beta1.metrics.k8s.io: Rate Limited Requeue.

        """

    /// An in-memory input with no mtime, header, wrapper or dated name: a pipe.
    static func analyze(_ text: String, year: Int? = nil) -> AnalysisResult {
        var o = AnalysisOptions()
        o.read.year = year
        o.read.fallbackDate = (2026, 12, 3)
        var g = InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")])
        g.component = "kube-apiserver"
        return Analyzer(rules: builtinRules, options: o).run(groups: [g], sources: [MemorySource(text)], log: DiagnosticLog())
    }

    @Test func guessedYearIsReportedEverywhere() throws {
        let r = Self.analyze(Self.bareKlog)
        let d = try #require(r.diagnostics.first { $0.kind == .yearGuessed })
        #expect(d.level == .warning && d.path == "<stdin>")
        #expect(d.message.contains("year guessed: today's date (2026-12-03)"))
        #expect(d.help?.contains("--year") == true)
        #expect(r.inputs.first?.yearFrom == .fallback)
        #expect(r.inputs.first?.first.map(Timestamp.rfc3339Seconds) == "2026-03-12T09:21:07Z")

        let text = TextReport(style: Style(enabled: false), redactor: nil, verbose: true).render(r)
        #expect(text.contains("  diagnostics: 1 (also on stderr)\n"))
        #expect(text.contains("<stdin>: warning: year guessed: today's date (2026-12-03)"))
        #expect(text.contains("(give it with --year YYYY)"))

        let md = MarkdownReport(redactor: nil).render(r)
        #expect(md.contains("**Diagnostics** (1)"))
        #expect(md.contains("- **warning** (year-guessed) `<stdin>`: year guessed: today's date (2026-12-03)"))

        let doc = try JSONSerialization.jsonObject(with: Data(FindingJSON.document(r, redactor: nil).utf8)) as! [String: Any]
        let diags = try #require(doc["diagnostics"] as? [[String: Any]])
        let j = try #require(diags.first { $0["kind"] as? String == "year-guessed" })
        #expect(j["level"] as? String == "warning")
        #expect(j["path"] as? String == "<stdin>")
        #expect((j["help"] as? String)?.contains("--year") == true)
        #expect(j["line"] == nil)
    }

    @Test func aGivenYearIsNotAGuess() {
        let r = Self.analyze(Self.bareKlog, year: 2024)
        #expect(!r.diagnostics.contains { $0.kind == .yearGuessed })
        #expect(r.inputs.first?.first.map(Timestamp.rfc3339Seconds) == "2024-03-12T09:21:07Z")
        #expect(!TextReport(style: Style(enabled: false), redactor: nil, verbose: true).render(r).contains("diagnostics:"))
        let doc = FindingJSON.document(r, redactor: nil)
        #expect(doc.contains("\"diagnostics\":[]"))
    }

    /// The command line says it on stderr: one warning per input whose year was guessed, naming
    /// `--year`, and none once `--year` is given (files whose modification times say nothing: 1980).
    @Test func guessedYearIsOneStderrLinePerInput() throws {
        let d = TempDir()
        d.write("kube-apiserver.log", Self.bareKlog)
        d.write("kube-scheduler.log", "I0312 09:21:09.000000       1 server.go:1] Starting\n")
        for f in ["kube-apiserver.log", "kube-scheduler.log"] { d.setMtime(f, "1980-01-01T00:00:00Z") }
        let r = try runCLI(["analyze", d.path])
        let lines = r.err.split(separator: "\n").filter { $0.contains("year guessed") }
        #expect(lines.count == 2, "\(r.err)")
        for f in ["kube-apiserver.log", "kube-scheduler.log"] {
            #expect(lines.filter { $0.hasPrefix("logtrace: \(d.path)/\(f): warning: year guessed: today's date (") }.count == 1, "\(f): \(r.err)")
        }
        #expect(lines.allSatisfy { $0.contains("--year") })
        let given = try runCLI(["analyze", "--year", "2024", d.path])
        #expect(!given.err.contains("year guessed"), "\(given.err)")
    }

    @Test func headerListsAtMostALimitAndCountsTheRest() {
        var r = Self.analyze(Self.bareKlog, year: 2024)
        r.diagnostics = (1...12).map { Diagnostic(.warning, kind: .input, path: "f\($0).log", "damaged") } + [Diagnostic(.note, "a note")]
        let text = TextReport(style: Style(enabled: false), redactor: nil).header(r)
        #expect(text.contains("  diagnostics: 12 (also on stderr)\n"))
        #expect(text.contains("… and 4 more"))
        #expect(!text.contains("a note"))
    }
}
