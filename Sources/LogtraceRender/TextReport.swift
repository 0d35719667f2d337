import LogtraceCore

/// The terminal rendering of an analysis: a short header about the inputs, then each finding
/// with its root cause, causal chain as a timeline, missing evidence and remediation. Log text is
/// stripped of control sequences before it reaches the terminal.
public struct TextReport {
    public var style: Style
    public var redactor: Redactor?
    /// `-v/--verbose`: every evidence line, the missing evidence and all remediation steps
    /// (otherwise the one-screen view: one line per step and its best evidence line).
    public var verbose = false
    /// Terminal columns the one-screen view fits (lines are cut at a word, never wrapped).
    public var width = 120
    /// `--evidence N`: at most N evidence lines per step (nil: one in the one-screen view, every
    /// line kept with `-v`; a step keeps at most `SignalGroup.maxEvidence`).
    public var evidence: Int?
    public init(style: Style, redactor: Redactor?, verbose: Bool = false, width: Int = 120, evidence: Int? = nil) {
        self.style = style; self.redactor = redactor; self.verbose = verbose; self.width = max(60, width)
        self.evidence = evidence.map { max(0, $0) }
    }

    /// Evidence lines shown per step.
    var evidenceLimit: Int { evidence ?? (verbose ? Int.max : 1) }

    func clean(_ s: String) -> String { TerminalText.sanitize(redactor?.redact(s) ?? s) }

    public func header(_ r: AnalysisResult) -> String {
        let inputs = r.inputs
        let comps = Set(inputs.flatMap(\.components)).union(inputs.compactMap(\.component)).filter { ComponentNames.known.contains($0) }.sorted()
        let nodes = Set(inputs.compactMap(\.node)).sorted()
        let records = inputs.reduce(0) { $0 + $1.records }
        let unparsed = inputs.reduce(0) { $0 + $1.unparsed }
        let first = inputs.compactMap(\.first).min(), last = inputs.compactMap(\.last).max()
        var years: [String: Int] = [:]
        for i in inputs { years[i.yearFrom.rawValue, default: 0] += 1 }
        var s = style.bold("logtrace") + ": \(inputs.count) file\(inputs.count == 1 ? "" : "s"), \(records) records"
        s += " (\(unparsed) unparsed lines)\n"
        if unparsed > 0, let cmd = CompactView.unparsedCommand(inputs, root: CompactView.commonDirectory(inputs.map(\.path))) {
            s += "  unparsed:   \(clean(cmd))\n"
        }
        s += "  components: \(comps.isEmpty ? "unknown" : clean(comps.joined(separator: ", ")))\n"
        if !nodes.isEmpty { s += "  nodes:      \(nodes.map { clean($0) }.joined(separator: ", "))\n" }
        if let f = first, let l = last {
            s += "  time range: \(Timestamp.rfc3339Seconds(f)) .. \(Timestamp.rfc3339Seconds(l)) (\(Timestamp.duration(l - f)))\n"
        }
        s += "  year from:  " + years.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ") + "\n"
        let restarts = inputs.filter { $0.restarts > 0 }
        if !restarts.isEmpty {
            s += "  restarts:   " + clean(restarts.map { "\($0.component ?? $0.path) ×\($0.restarts)" }.joined(separator: ", ")) + "\n"
        }
        if let w = r.window { s += "  window:     \(w.summary)\n" }
        s += diagnostics(r)
        return s
    }

    /// Most header diagnostics listed; the rest are counted (all of them are on stderr and in JSON).
    public static let headerDiagnosticLimit = 8

    /// The warnings and errors of the analysis, one line each, under the header.
    func diagnostics(_ r: AnalysisResult) -> String {
        let shown = r.headerDiagnostics
        guard !shown.isEmpty else { return "" }
        var s = "  diagnostics: \(shown.count) (also on stderr)\n"
        for var d in shown.prefix(Self.headerDiagnosticLimit) {
            if let r = redactor { d.message = r.redact(d.message) }
            s += "    " + (d.level == .error ? style.red(clean(d.description)) : style.yellow(clean(d.description))) + "\n"
        }
        if shown.count > Self.headerDiagnosticLimit { s += "    … and \(shown.count - Self.headerDiagnosticLimit) more\n" }
        return s
    }

    /// The one-screen view's header alone (files, records, time range, year source, lines not
    /// understood and the command that lists them, the window), for `parse` and `tail`, which
    /// print their diagnostics on stderr right after it.
    public func inputHeader(_ r: AnalysisResult) -> String {
        CompactView(report: self, result: r).header(r, listDiagnostics: false)
    }

    public func render(_ r: AnalysisResult) -> String {
        if !verbose { return CompactView(report: self, result: r).render() }
        var s = header(r) + "\n"
        if r.findings.isEmpty { s += style.green("No findings.") + "\n"; return s }
        s += "\(r.findings.count) finding\(r.findings.count == 1 ? "" : "s"), most severe first\n\n"
        for f in r.findings { s += finding(f) + "\n" }
        return s
    }

    public func finding(_ f: Finding) -> String {
        if !verbose { return CompactView(report: self, result: nil).finding(f) }
        return fullFinding(f)
    }

    func fullFinding(_ f: Finding) -> String {
        var s = "\(style.severity(f.severity)) \(style.bold(clean(f.title)))  [\(clean(f.id))]\n"
        s += "  confidence \(Int((f.confidence * 100).rounded()))%  ·  \(Timestamp.rfc3339Seconds(f.start)) → \(Timestamp.rfc3339Seconds(f.end))"
        s += "  (\(Timestamp.duration(f.end - f.start)), \(f.status.rawValue))\n"
        if f.chain.count > 1 {
            s += "  cause since \(Timestamp.rfc3339Seconds(f.start)), symptom since \(Timestamp.rfc3339Seconds(f.symptomStart))"
            s += " (\(Timestamp.duration(f.end - f.symptomStart)))\n"
        }
        s += "  " + style.bold("Root cause: ") + clean(f.rootCauseSummary) + "\n\n"
        if !f.context.isEmpty {
            s += "  " + style.bold("Context") + " (what set the scene; not causes)\n"
            for c in f.context { s += "  context     \(Timestamp.rfc3339Seconds(c.time))  " + clean(Self.describe(c)) + "\n" }
            s += "\n"
        }
        s += "  " + style.bold("Causal chain") + " (UTC)\n"
        for step in f.chain {
            let role = step.role == .rootCause ? style.red("root-cause ") : step.role == .symptom ? style.yellow("symptom    ") : "propagation"
            let comp = clean(step.components.joined(separator: ","))
            var when = Timestamp.rfc3339Seconds(step.first)
            if step.count > 1 { when += " ×\(step.count) until \(Timestamp.clock(step.last))" }
            s += "  \(role) \(style.cyan(clean(step.signal))) (\(comp))  \(when)\n"
            if let j = step.join { s += "      " + style.dim("joined by \(clean(Self.describe(j)))") + "\n" }
            if !step.keys.isEmpty { s += "      keys: " + clean(step.keys.map { "\($0.0)=\($0.1)" }.joined(separator: " ")) + "\n" }
            for e in step.evidence.prefix(evidenceLimit) {
                s += "      " + style.dim(clean(e.location)) + "\n"
                s += "        " + clean(e.text) + "\n"
            }
            if step.evidence.count > evidenceLimit {
                s += "      " + style.dim("… \(step.evidence.count - evidenceLimit) more evidence line\(step.evidence.count - evidenceLimit == 1 ? "" : "s") (--evidence \(step.evidence.count))") + "\n"
            }
            for o in step.objects {
                s += "      " + style.bold("Kubernetes said") + " at \(o.time.map(Timestamp.rfc3339Seconds) ?? "?") " + style.dim("\(clean(o.path)):\(o.line)") + "\n"
                s += "        " + clean(o.text) + "\n"
            }
        }
        for w in f.changeWindows {
            for (i, line) in Self.describe(w).enumerated() { s += "  " + style.bold(i == 0 ? "Change: " : "Fixed:  ") + clean(line) + "\n" }
        }
        if f.resolved, let e = f.resolvedBy {
            s += "  " + style.green("resolved") + " at \(Timestamp.rfc3339Seconds(f.end)): " + style.dim(clean(e.location)) + "\n"
        }
        if !f.related.isEmpty {
            s += "  also explains: " + clean(f.related.joined(separator: ", ")) + " (folded into this finding, not reported again)\n"
        }
        if !f.missing.isEmpty {
            s += "\n  " + style.bold("Missing evidence") + "\n"
            for m in f.missing { s += "  - \(clean(m.signal)): \(clean(m.hint))\n" }
        }
        if !f.notLookedAt.isEmpty {
            s += "\n  " + style.bold("Not looked at (--only)") + "\n"
            for m in f.notLookedAt { s += "  - \(clean(m.signal)): \(clean(m.hint))\n" }
        }
        if !f.remediation.isEmpty {
            s += "\n  " + style.bold("Remediation") + "\n"
            for (i, r) in f.remediation.enumerated() { s += "  \(i + 1). \(clean(r))\n" }
        }
        for x in f.relatedFindings where !x.remediation.isEmpty {
            let extra = x.remediation.filter { !f.remediation.contains($0) }
            guard !extra.isEmpty else { continue }
            s += "\n  " + style.bold("Also, for \(clean(x.title))") + " [\(x.id)]\n"
            for (i, r) in extra.enumerated() { s += "  \(i + 1). \(clean(r))\n" }
        }
        return s
    }

    /// "namespace deletion requested: by user alice with kubectl/v1.24.17 from 192.168.0.41".
    static func describe(_ c: Finding.Context) -> String {
        func d(_ k: String) -> String? { c.details.first { $0.0 == k }?.1 }
        // Who and from where first: a user agent is long, and a narrow screen cuts the end.
        var parts: [String] = []
        if let u = d("user") { parts.append("by user \(u)") }
        if let ip = d("source_ip") { parts.append("from \(ip)") }
        if let a = d("user_agent") { parts.append((d("user") == nil ? "by " : "with ") + a) }
        for (k, v) in c.details where !["user", "user_agent", "source_ip"].contains(k) { parts.append("\(k)=\(v)") }
        return c.label + (parts.isEmpty ? "" : ": " + parts.joined(separator: " ")) + " (\(c.evidence.location))"
    }

    /// The change window in two short lines for the one-screen view, the times first:
    /// "09:09:53 → 09:10:03 the cloud permission ... changed (one 10s retry period before the first
    /// failure → the first cloud-api-permission-denied); look in ...".
    static func describeShort(_ w: Finding.ChangeWindow) -> [String] {
        var out: [String] = []
        let before = Timestamp.clock(w.changedBefore)
        if let a = w.changedAfter {
            let why: String
            switch w.changedAfterBasis {
            case .success?: why = "the last success"
            case .retryPeriod?: why = "one \(Timestamp.duration(w.period ?? 0)) retry period before"
            default: why = "the logs begin"
            }
            out.append("\(Timestamp.clock(a)) → \(before) \(w.what) changed (\(why) → the first \(w.signal)); look in \(w.look)")
        } else {
            out.append("before \(before) \(w.what) changed (the first \(w.signal)); look in \(w.look)")
        }
        if let a = w.fixedAfter {
            if let b = w.fixedBefore {
                let why = fixedWhy(w)
                out.append("\(Timestamp.clock(a)) → \(Timestamp.clock(b)) undone (the last failure → \(why))")
            } else {
                out.append("not undone in the logs: the last failure is at \(Timestamp.clock(a))")
            }
        }
        return out
    }

    /// What bounds the end of an undone window: the first success, the next retry, or the logs.
    static func fixedWhy(_ w: Finding.ChangeWindow) -> String {
        switch w.fixedBeforeBasis {
        case .success?: return "the first success after it"
        case .retryPeriod?: return "the next retry, which did not fail"
        default: return "the logs go on without failure"
        }
    }

    /// The change window as sentences: when the unlogged change happened, and when it was undone.
    static func describe(_ w: Finding.ChangeWindow) -> [String] {
        let before = Timestamp.rfc3339Seconds(w.changedBefore)
        var out: [String] = []
        if let a = w.changedAfter {
            let why: String
            switch w.changedAfterBasis {
            case .success?: why = "the last success of the same operation"
            case .retryPeriod?: why = "one \(Timestamp.duration(w.period ?? 0)) retry period before the first failure, which that try did not log"
            default: why = "the logs begin; no earlier failure"
            }
            out.append("\(w.what) changed between \(Timestamp.rfc3339Seconds(a)) (\(why)) and \(before) (the first \(w.signal)): look in \(w.look) in that window.")
        } else {
            out.append("\(w.what) changed before \(before) (the first \(w.signal)): look in \(w.look) before then.")
        }
        if let a = w.fixedAfter {
            if let b = w.fixedBefore {
                let why = fixedWhy(w)
                out.append("Undone between \(Timestamp.rfc3339Seconds(a)) (the last failure) and \(Timestamp.rfc3339Seconds(b)) (\(why)).")
            } else {
                out.append("Not undone in the logs: the last failure is at \(Timestamp.rfc3339Seconds(a)).")
            }
        }
        return out
    }

    /// "key (group, version)", "class (700 of 733 failures are network)", "time only".
    static func describe(_ j: Finding.Join) -> String {
        switch j.kind {
        case .key: return "key (" + j.on.joined(separator: ", ") + (j.detail.map { "; \($0)" } ?? "") + ")"
        case .class: return "class (" + (j.detail ?? "") + ")"
        case .time: return "time only (no shared key)"
        }
    }
}

/// `--format text`: the one-screen view (or every detail with `-v`); live, each finding under
/// its event, and at the end what was read and a summary line.
extension TextReport: LiveFindingRenderer {
    public static var id: String { "text" }

    public init(options o: RenderOptions) {
        self.init(style: o.style, redactor: o.redactor, verbose: o.verbose, width: o.width, evidence: o.evidence)
    }

    public func document(_ r: AnalysisResult) -> String { render(r) }

    public func live(_ f: Finding, event: String) -> String {
        style.bold("[\(event)] ") + finding(f) + "\n"
    }

    public func summary(inputs: [InputStats]?, findings: [Finding]) -> (stdout: String, stderr: String) {
        let n = findings.count
        let line = style.bold("summary: ") + "\(n) finding\(n == 1 ? "" : "s")"
            + (n == 0 ? "" : ": " + findings.map { "\($0.id) (\($0.resolved ? "resolved" : "ongoing"))" }.joined(separator: ", "))
        return ((inputs.map { Self.inputHeader($0, style: style, width: width, redactor: redactor) } ?? "") + line + "\n", "")
    }

    /// What was read, as the one-screen view's header without its diagnostics (they follow on
    /// stderr), with the window when there is one: for `parse` and `tail` (`tail --redact` passes
    /// its redactor: paths, node names and IPs in the header get the findings' pseudonyms).
    public static func inputHeader(_ inputs: [InputStats], window: AnalysisWindow? = nil, style: Style, width: Int, redactor: Redactor? = nil) -> String {
        var r = AnalysisResult(inputs: inputs, groups: [], findings: [], templates: nil)
        r.window = window
        return TextReport(style: style, redactor: redactor, width: width).inputHeader(r)
    }
}
