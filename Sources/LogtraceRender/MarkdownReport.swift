import Foundation
import LogtraceCore

/// The markdown incident report (`logtrace report`, `--format markdown`): summary, root cause,
/// a Mermaid flowchart of the chain, a timeline table, evidence per step, missing evidence,
/// remediation, unexplained errors and an appendix of inputs. Log text is escaped so it cannot
/// break tables, close code fences or inject HTML.
public struct MarkdownReport {
    public var redactor: Redactor?
    /// `--evidence N`: at most N evidence lines per step in "Evidence" (nil: every line kept).
    public var evidence: Int?
    public init(redactor: Redactor?, evidence: Int? = nil) { self.redactor = redactor; self.evidence = evidence.map { max(0, $0) } }

    func red(_ s: String) -> String { redactor?.redact(s) ?? s }

    /// Escapes text for a markdown paragraph or table cell: every character markdown or HTML
    /// could read as syntax is escaped, line breaks become spaces.
    public static func inline(_ s: String) -> String {
        var o = ""
        for c in TerminalText.sanitize(s) {
            switch c {
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "&": o += "&amp;"
            case "|": o += "\\|"
            case "`", "*", "_", "[", "]", "#", "\\", "~", "!": o += "\\" + String(c)
            case "\n": o += " "
            default: o.append(c)
            }
        }
        return o
    }

    /// A code span that shows `s` verbatim (no backslash escapes, which code spans don't take):
    /// its backtick fence is longer than any backtick run inside, padded when `s` starts or ends
    /// with a backtick.
    public static func code(_ s: String) -> String {
        var body = ""
        for c in TerminalText.sanitize(s) { body.append(c == "\n" ? " " : c) }
        let fence = String(repeating: "`", count: longestBacktickRun(body) + 1)
        let pad = body.first == "`" || body.last == "`" || (body.first == " " && body.last == " " && body.contains { $0 != " " })
        return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence
    }

    /// A code span inside a table row: as `code`, with `|` escaped (GFM splits cells before it
    /// reads code spans, and shows `\|` in a cell's code span as `|`).
    public static func codeCell(_ s: String) -> String {
        var o = ""
        for c in code(s) { if c == "|" { o += "\\|" } else { o.append(c) } }
        return o
    }

    static func longestBacktickRun(_ s: String) -> Int {
        var longest = 0, run = 0
        for c in s { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        return longest
    }

    /// A fenced block that log text cannot close: the fence is longer than any backtick run inside.
    public static func fenced(_ lines: [String], info: String = "text") -> String {
        let body = lines.map { TerminalText.sanitize($0) }.joined(separator: "\n")
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(body) + 1))
        return "\(fence)\(info)\n\(body)\n\(fence)\n"
    }

    /// Text for a quoted Mermaid node label (`s0["..."]`): Mermaid entity codes for the characters
    /// that would end the label or be read as HTML, so input can neither close the node nor the block.
    public static func mermaidLabel(_ s: String) -> String {
        var o = ""
        for c in TerminalText.sanitize(s) {
            switch c {
            case "#": o += "#35;"
            case "\"": o += "#quot;"
            case "<": o += "#lt;"
            case ">": o += "#gt;"
            case "&": o += "#amp;"
            case "`": o += "#96;"
            case "\n": o += " "
            default: o.append(c)
            }
        }
        return o
    }

    /// A remediation step: prose paragraphs, with each run of commands in a fenced `sh` block,
    /// verbatim, ready to paste. `number` heads the first paragraph.
    public static func remediationStep(_ text: String, number: String) -> String {
        var s = ""
        var pending: [String] = []
        var first = true
        func flush() {
            guard !pending.isEmpty else { return }
            if first { s += "\(number)\n\n"; first = false }
            s += fenced(pending, info: "sh") + "\n"
            pending = []
        }
        for seg in CommandText.split(text) {
            switch seg {
            case .command(let c): pending.append(c)
            case .prose(let p):
                flush()
                s += (first ? number + " " : "") + inline(p) + "\n\n"
                first = false
            }
        }
        flush()
        return s
    }

    public func render(_ r: AnalysisResult) -> String {
        var s = ""
        if r.findings.isEmpty {
            s += "# logtrace report: no findings\n\nNo rule fired on the inputs below.\n\n"
        } else if r.findings.count == 1 {
            s += "# Incident report: \(Self.inline(red(r.findings[0].title)))\n\n"
        } else {
            s += "# Incident report: \(r.findings.count) findings\n\n"
        }
        if let w = r.window { s += "Window: \(Self.inline(w.summary)).\n\n" }
        s += diagnostics(r)
        for f in r.findings { s += finding(f, r) }
        s += unexplained(r)
        s += appendix(r)
        return s
    }

    func finding(_ f: Finding, _ r: AnalysisResult) -> String {
        var s = r.findings.count > 1 ? "## \(Self.inline(red(f.title)))\n\n" : ""
        let h = r.findings.count > 1 ? "###" : "##"
        s += "| | |\n|---|---|\n"
        s += "| Finding | \(Self.codeCell(f.id)) |\n| Severity | **\(f.severity.rawValue)** |\n| Confidence | \(Int(f.confidence * 100))% |\n"
        let status = f.status == .resolved ? "resolved" : f.status == .stopped ? "stopped (no recovery signal, but silent before the logs end)" : "ongoing at the end of the logs"
        s += "| Cause start | \(Timestamp.rfc3339Seconds(f.start)) |\n| Symptom start | \(Timestamp.rfc3339Seconds(f.symptomStart)) |\n"
        s += "| End | \(Timestamp.rfc3339Seconds(f.end)) (\(status)) |\n"
        s += "| Duration | \(Timestamp.duration(f.end - f.start)) since the cause, \(Timestamp.duration(f.end - f.symptomStart)) since the symptom |\n\n"
        s += "\(h) Summary\n\n"
        let symptom = f.chain.last!
        s += "\(Self.inline(red(f.description.trimmingWhitespace())))\n\n"
        s += "From \(Timestamp.rfc3339Seconds(f.start)) to \(Timestamp.rfc3339Seconds(f.end)) (\(Timestamp.duration(f.end - f.start))), "
        s += "\(Self.code(symptom.signal)) was seen \(symptom.count) time\(symptom.count == 1 ? "" : "s") on \(Self.inline(red(symptom.components.joined(separator: ", ")))). "
        switch f.status {
        case .resolved: s += "The incident resolved at \(Timestamp.rfc3339Seconds(f.end)).\n\n"
        case .stopped: s += "The symptom stopped at \(Timestamp.rfc3339Seconds(symptom.last)) with no recovery signal in the logs.\n\n"
        case .ongoing: s += "It had not resolved when the logs end.\n\n"
        }
        s += "\(h) Root cause\n\n**\(Self.inline(red(f.rootCauseSentence))) (UTC).**\n\n\(Self.inline(red(f.rootCauseSummary)))\n\n"
        if !f.related.isEmpty {
            s += "This finding also explains (folded into it, not reported again): " + f.related.map { Self.code($0) }.joined(separator: ", ") + ".\n\n"
        }
        if !f.changeWindows.isEmpty {
            s += "\(h) When the cause began and ended\n\n"
            for w in f.changeWindows { for line in TextReport.describe(w) { s += "- \(Self.inline(red(line)))\n" } }
            s += "\n"
        }
        s += "\(h) Causal chain\n\n```mermaid\nflowchart LR\n"
        for (i, step) in f.chain.enumerated() {
            let label = [step.signal, red(step.components.joined(separator: ", ")), "\(Timestamp.clock(step.first)) ×\(step.count)"]
                .map(Self.mermaidLabel).joined(separator: "<br/>")
            s += "    s\(i)[\"\(label)\"]\n"
        }
        for i in 0..<(f.chain.count - 1) {
            let kind = f.chain[i + 1].join?.kind.rawValue ?? "time"
            s += kind == "time" ? "    s\(i) -. time .-> s\(i + 1)\n" : "    s\(i) -- \(kind) --> s\(i + 1)\n"
        }
        for (j, m) in f.missing.enumerated() { s += "    m\(j)[\"\(Self.mermaidLabel(m.signal + " (not observed)"))\"] -.-> s0\n" }
        s += "```\n\n"
        s += "\(h) Timeline\n\n| First (UTC) | Last (UTC) | Count | Component | Role | Signal | Keys | Joined by |\n|---|---|---|---|---|---|---|---|\n"
        for c in f.context {
            s += "| \(Timestamp.rfc3339Seconds(c.time)) | | 1 | | context | \(Self.codeCell(c.signal)) | \(Self.inline(red(TextReport.describe(c)))) | not a cause |\n"
        }
        for step in f.chain {
            let keys = step.keys.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            let join = step.join.map { TextReport.describe($0) } ?? ""
            s += "| \(Timestamp.rfc3339Seconds(step.first)) | \(Timestamp.rfc3339Seconds(step.last)) | \(step.count) | \(Self.inline(red(step.components.joined(separator: ", ")))) | \(step.role.rawValue) | \(Self.codeCell(step.signal)) | \(Self.inline(red(keys))) | \(Self.inline(red(join))) |\n"
            for o in step.objects {
                s += "| \(o.time.map(Timestamp.rfc3339Seconds) ?? "") | | | | Kubernetes said | \(Self.codeCell(step.signal)) | \(Self.inline(red(o.text))) | evidence of the step above |\n"
            }
        }
        if f.resolved, let e = f.resolvedBy {
            s += "| \(Timestamp.rfc3339Seconds(f.end)) | | | | recovery | | \(Self.codeCell(red(e.path) + ":\(e.line)")) | |\n"
        }
        s += "\n\(h) Evidence\n\n"
        for step in f.chain {
            s += "**\(Self.inline(step.signal))** (\(step.role.rawValue))\n\n"
            let limit = evidence ?? Int.max
            for e in step.evidence.prefix(limit) { s += Self.code(red(e.path) + ":\(e.line)") + "\n\n" + Self.fenced([red(e.text)]) + "\n" }
            if step.evidence.count > limit {
                let n = step.evidence.count - limit
                s += "\(n) more evidence line\(n == 1 ? "" : "s") (`--evidence \(step.evidence.count)`)\n\n"
            }
            for o in step.objects {
                s += "Kubernetes said, at \(o.time.map(Timestamp.rfc3339Seconds) ?? "?"): " + Self.code(red(o.path) + ":\(o.line)") + "\n\n" + Self.fenced([red(o.text)]) + "\n"
            }
        }
        if !f.missing.isEmpty {
            s += "\(h) Missing evidence and next checks\n\n"
            for m in f.missing { s += "- \(Self.code(m.signal)): \(Self.inline(red(m.hint)))\n" }
            s += "\n"
        }
        if !f.notLookedAt.isEmpty {
            s += "\(h) Not looked at (`--only`)\n\n"
            for m in f.notLookedAt { s += "- \(Self.code(m.signal)): \(Self.inline(red(m.hint)))\n" }
            s += "\n"
        }
        if !f.remediation.isEmpty {
            s += "\(h) Remediation\n\n"
            for (i, x) in f.remediation.enumerated() { s += Self.remediationStep(red(x), number: "**\(i + 1).**") }
        }
        for x in f.relatedFindings {
            let extra = x.remediation.filter { !f.remediation.contains($0) }
            guard !extra.isEmpty else { continue }
            s += "\(h) Also, for the folded finding \(Self.inline(red(x.title))) (\(Self.code(x.id)))\n\n"
            for (i, y) in extra.enumerated() { s += Self.remediationStep(red(y), number: "**\(i + 1).**") }
        }
        if !f.references.isEmpty {
            s += "\(h) References\n\n"
            for x in f.references { s += "- <\(x.replacingOccurrences(of: ">", with: "%3E"))>\n" }
            s += "\n"
        }
        return s
    }

    /// The warnings and errors of the analysis, under the title: what the reader should not take on trust.
    func diagnostics(_ r: AnalysisResult) -> String {
        let shown = r.headerDiagnostics
        guard !shown.isEmpty else { return "" }
        var s = "**Diagnostics** (\(shown.count)): what logtrace could not read or had to guess.\n\n"
        for d in shown {
            var loc = ""
            if let p = d.path { loc = " " + Self.code(red(p) + (d.line.map { ":\($0)" } ?? "")) }
            s += "- **\(d.level.rawValue)** (\(d.kind.rawValue))\(loc): \(Self.inline(red(d.message)))"
            if let h = d.help { s += " (\(Self.inline(h)))" }
            s += "\n"
        }
        return s + "\n"
    }

    func unexplained(_ r: AnalysisResult) -> String {
        guard let t = r.templates else { return "" }
        let start = r.findings.map(\.start).min() ?? Int64.min
        let end = r.findings.map(\.end).max() ?? Int64.max
        // The counter only saw records that no signal matched.
        let rows = t.entries.values
            .filter { $0.last >= start && $0.first <= end }
            .sorted { $0.count != $1.count ? $0.count > $1.count : ($0.component, $0.template) < ($1.component, $1.template) }
            .prefix(15)
        var s = "## Unexplained errors\n\n"
        guard !rows.isEmpty else { return s + "No other error or warning messages in the incident window.\n\n" }
        s += "Most frequent error and warning messages in the incident window that no rule explained (variable parts masked as `<*>`).\n\n"
        s += "| Count | Component | First (UTC) | Message template |\n|---|---|---|---|\n"
        for e in rows {
            s += "| \(e.count) | \(Self.inline(red(e.component))) | \(Timestamp.rfc3339Seconds(e.first)) | \(Self.inline(red(String(e.template.prefix(200))))) |\n"
        }
        return s + "\n"
    }

    func appendix(_ r: AnalysisResult) -> String {
        var s = "## Appendix: inputs\n\n| File | Component | Node | Records | Unparsed | First (UTC) | Last (UTC) | Year from | Restarts |\n|---|---|---|---|---|---|---|---|---|\n"
        for i in r.inputs {
            s += "| \(Self.codeCell(red(i.path))) | \(Self.inline(i.component ?? "?")) | \(Self.inline(red(i.node ?? ""))) | \(i.records) | \(i.unparsed) | "
            s += "\(i.first.map(Timestamp.rfc3339Seconds) ?? "") | \(i.last.map(Timestamp.rfc3339Seconds) ?? "") | \(i.yearFrom.rawValue) | \(i.restarts) |\n"
        }
        return s + "\n"
    }
}

/// `--format markdown` and `logtrace report`: the incident report as a document.
extension MarkdownReport: FindingRenderer {
    public static var id: String { "markdown" }
    public static var needsTemplates: Bool { true }
    public init(options: RenderOptions) { self.init(redactor: options.redactor, evidence: options.evidence) }
    public func document(_ r: AnalysisResult) -> String { render(r) }
}
