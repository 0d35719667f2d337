import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Renders reports with GitHub's CommonMark renderer (`cmark-gfm`, Debian package cmark-gfm,
/// installed by .ci/run) and checks what a reader sees: tables with every row complete, one
/// Mermaid block per finding, paths shown verbatim in code, commands in `sh` blocks that parse
/// as shell (`bash -n`), links, and no HTML or fence injected by log text.
@Suite(.serialized) struct MarkdownRenderTests {
    static let renderer = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func html(_ markdown: String) throws -> String {
        let exe = try #require(renderer, "cmark-gfm is missing: apt-get install -y cmark-gfm (.ci/run installs it)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["-e", "table", "-e", "autolink", "-e", "strikethrough", "--unsafe"]   // --unsafe: show raw HTML if any got through
        let inp = Pipe(), out = Pipe()
        p.standardInput = inp; p.standardOutput = out
        try p.run()
        let writer = Thread { inp.fileHandleForWriting.write(Data(markdown.utf8)); try? inp.fileHandleForWriting.close() }
        writer.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The text of every `<pre><code class="language-X">` block.
    static func blocks(_ html: String, language: String) -> [String] {
        let open = "<pre><code class=\"language-\(language)\">"
        var out: [String] = []
        var rest = Substring(html)
        while let a = rest.range(of: open) {
            let after = rest[a.upperBound...]
            guard let b = after.range(of: "</code></pre>") else { break }
            out.append(unescape(String(after[..<b.lowerBound])))
            rest = after[b.upperBound...]
        }
        return out
    }

    static func inlineCode(_ html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let a = rest.range(of: "<code>") {
            guard let b = rest[a.upperBound...].range(of: "</code>") else { break }
            out.append(unescape(String(rest[a.upperBound..<b.lowerBound])))
            rest = rest[b.upperBound...]
        }
        return out
    }

    static func bashParses(_ script: String) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-n", "-c", script]
        p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        return p.terminationStatus == 0
    }

    func report(_ sample: String, redact: Bool = false, mutate: (inout AnalysisResult) -> Void = { _ in }) -> (AnalysisResult, String) {
        var (result, _) = analyzeDir(repoRoot + "/SampleLogs/" + sample)
        let c = TemplateCounter()
        result.templates = result.templates ?? c
        mutate(&result)
        let redactor = redact ? Redactor(hostnames: Array(Set(result.inputs.compactMap(\.node))).sorted()) : nil
        return (result, MarkdownReport(redactor: redactor).render(result))
    }

    @Test(arguments: ["namespace-stuck-terminating", "cloud-route-sync-failed", "admission-webhook-unreachable", "aggregated-api-down",
                      "certificate-expired", "etcd-slow-leader-election", "namespace-content-remaining"])
    func rendersCleanly(_ sample: String) throws {
        let (result, md) = report(sample)
        let html = try Self.html(md)
        // Tables: a GFM table row with too many cells loses them, with too few gets empty ones;
        // count the cells of every row against its header.
        for table in html.components(separatedBy: "<table>").dropFirst() {
            let body = table.components(separatedBy: "</table>")[0]
            let header = body.components(separatedBy: "</th>").count - 1
            #expect(header > 0)
            for row in body.components(separatedBy: "<tr>").dropFirst(2) {
                #expect(row.components(separatedBy: "</td>").count - 1 == header, "\(sample): ragged row \(row.prefix(200))")
            }
        }
        // One Mermaid block per finding, each node a chain step.
        let mermaid = Self.blocks(html, language: "mermaid")
        #expect(mermaid.count == result.findings.count)
        for (m, f) in zip(mermaid, result.findings) {
            #expect(m.hasPrefix("flowchart LR\n"))
            #expect(m.components(separatedBy: "[\"").count - 1 == f.chain.count + f.missing.count)
        }
        // Every command block is shell that parses.
        let sh = Self.blocks(html, language: "sh")
        #expect(!sh.isEmpty || result.findings.allSatisfy { $0.remediation.isEmpty })
        for block in sh { #expect(try Self.bashParses(block), "\(sample): not valid shell:\n\(block)") }
        // Evidence paths are shown verbatim (no `\_`, no entity) in code spans.
        let code = Set(Self.inlineCode(html))
        for f in result.findings { for step in f.chain { for e in step.evidence {
            #expect(code.contains("\(e.path):\(e.line)"), "\(sample): path not verbatim: \(e.path)")
        } } }
        #expect(!html.contains("\\_"))
        // References are links.
        for f in result.findings { for r in f.references { #expect(html.contains("<a href=\"\(r.replacingOccurrences(of: "&", with: "&amp;"))\"")) } }
    }

    @Test func remediationCommandsAreVerbatimWithTheIncidentsValues() throws {
        let (_, md) = report("namespace-stuck-terminating")
        let sh = Self.blocks(try Self.html(md), language: "sh")
        #expect(sh.contains { $0.contains("kubectl get ns demo-app -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.message}{\"\\n\"}{end}'") })
        #expect(sh.contains { $0.contains("kubectl delete apiservice v1beta1.metrics.k8s.io") })
        #expect(!md.contains("&lt;ns&gt;") && !md.contains("kubectl get apiservice \\| grep"))
    }

    @Test func inputCannotInjectHTMLFencesOrMermaid() throws {
        let evil = "x\"]\n```\n</code><script>alert(1)</script> | `tick` ~~s~~ [l](javascript:x) <img src=x onerror=y> #quot; \u{202E}"
        let (result, md) = report("namespace-stuck-terminating") { r in
            r.findings[0].chain[0].components = [evil]
            r.findings[0].chain[0].evidence[0].path = "dir_with_`tick`/" + evil
            r.findings[0].chain[0].evidence[0].text = evil
            // A log line that is only a fence: it would close a three-backtick block early.
            var fence = r.findings[0].chain[0].evidence[0]
            fence.text = "```"
            r.findings[0].chain[0].evidence.append(fence)
            r.findings[0].chain[0].keys = [("cloud_code", evil)]
            r.inputs[0].path = evil
            r.inputs[0].component = evil
        }
        let html = try Self.html(md)
        #expect(!html.contains("<script") && !html.contains("<img"), "raw HTML got through")
        #expect(Self.blocks(html, language: "mermaid").count == result.findings.count)
        let m = try #require(Self.blocks(html, language: "mermaid").first)
        #expect(m.split(separator: "\n").allSatisfy { $0 == "flowchart LR" || $0.hasPrefix("    ") }, "the label broke the Mermaid block:\n\(m)")
        #expect(!m.contains("<script"))
        for i in result.findings[0].chain.indices {
            #expect(m.contains("\n    s\(i)[\""), "step \(i)'s node is missing from the Mermaid block:\n\(m)")
        }
        for line in m.split(separator: "\n") where line.contains("[\"") {
            #expect(line.filter { $0 == "\"" }.count == 2, "a label holds a raw quote: \(line)")
        }
        #expect(!md.contains("\u{202E}"))
        // Each evidence line stays inside its own fenced block, the bare fence included.
        #expect(Self.blocks(html, language: "text").contains("```\n"), "a log line closed its fenced block")
        // The path still reads verbatim in its code span (sanitised of controls only).
        let expected = TerminalText.sanitize("dir_with_`tick`/" + evil).replacingOccurrences(of: "\n", with: " ")
        #expect(Self.inlineCode(html).contains { $0.hasPrefix(expected) }, "path code span")
    }

    @Test func codeSpanFences() {
        #expect(MarkdownReport.code("a_b") == "`a_b`")
        #expect(MarkdownReport.code("a`b") == "``a`b``")
        #expect(MarkdownReport.code("`x") == "`` `x ``")
        #expect(MarkdownReport.codeCell("a|b") == "`a\\|b`")
        #expect(MarkdownReport.mermaidLabel("a\"]<b>#") == "a#quot;]#lt;b#gt;#35;")
    }

    @Test func commandSplitting() {
        #expect(CommandText.split("Find it: kubectl get apiservice | grep -v True, then kubectl get apiservice <version>.<group> -o yaml")
                == [.prose("Find it:"), .command("kubectl get apiservice | grep -v True"), .command("kubectl get apiservice \"$VERSION\".\"$GROUP\" -o yaml")])
        #expect(CommandText.split("Confirm: kubectl api-resources >/dev/null (it must print nothing).")
                == [.prose("Confirm:"), .command("kubectl api-resources >/dev/null"), .prose("(it must print nothing).")])
        #expect(CommandText.split("Check: kubectl get ns x -o jsonpath='{.a. B}'. Then wait.")
                == [.prose("Check:"), .command("kubectl get ns x -o jsonpath='{.a. B}'"), .prose("Then wait.")])
        #expect(CommandText.split("No command here, just prose.") == [.prose("No command here, just prose.")])
    }
}
