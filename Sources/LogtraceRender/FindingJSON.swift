import LogtraceCore

/// The `--format json` document (docs/json.md): `{"inputs": [...], "findings": [...],
/// "diagnostics": [...]}`, and one
/// finding object per line for `tail --format json`. Times are RFC 3339 UTC.
public struct FindingJSON {
    /// The document's `"schema"`: raised when a field changes meaning or goes away (adding one
    /// does not raise it).
    public static let schemaVersion = 1

    public var redactor: Redactor?
    /// The columns of the input header `tail` prints on stderr.
    public var width = 120

    public static func document(_ result: AnalysisResult, redactor: Redactor?) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("schema", schemaVersion)
        w.key("inputs"); w.beginArray()
        for i in result.inputs { input(&w, i, redactor) }
        w.endArray()
        w.key("findings"); w.beginArray()
        for f in result.findings { finding(&w, f, redactor) }
        w.endArray()
        if let win = result.window {
            w.key("window"); w.beginObject()
            w.field("since", win.since.map(Timestamp.rfc3339))
            w.field("until", win.until.map(Timestamp.rfc3339))
            w.key("relative"); w.bool(win.relative)
            w.field("records", win.records)
            w.field("total", win.total)
            w.endObject()
        }
        w.key("diagnostics"); w.beginArray()
        for d in result.diagnostics { diagnostic(&w, d, redactor) }
        w.endArray()
        w.endObject()
        return w.out + "\n"
    }

    /// One diagnostic: `{"kind", "level", "path"?, "line"?, "message", "help"?}`.
    public static func diagnostic(_ w: inout JSONWriter, _ d: Diagnostic, _ r: Redactor?) {
        w.beginObject()
        w.field("kind", d.kind.rawValue)
        w.field("level", d.level.rawValue)
        w.field("path", d.path.map { r?.redact($0) ?? $0 })
        w.field("line", d.line)
        w.field("message", r?.redact(d.message) ?? d.message)
        w.field("help", d.help)
        w.endObject()
    }

    /// One finding on one line (`tail --format json`), with the event that printed it first:
    /// `new`, `root-cause` or `resolved`.
    public static func line(_ f: Finding, event: String? = nil, redactor: Redactor?) -> String {
        var w = JSONWriter()
        finding(&w, f, redactor, event: event)
        return w.out
    }

    static func input(_ w: inout JSONWriter, _ i: InputStats, _ r: Redactor?) {
        w.beginObject()
        w.field("path", r?.redact(i.path) ?? i.path)
        w.field("component", i.component)
        w.field("node", i.node.map { r?.redact($0) ?? $0 })
        w.field("records", i.records)
        w.field("unparsed", i.unparsed)
        w.field("first", i.first.map(Timestamp.rfc3339))
        w.field("last", i.last.map(Timestamp.rfc3339))
        w.field("yearFrom", i.yearFrom.rawValue)
        w.field("restarts", i.restarts)
        w.endObject()
    }

    static func keys(_ w: inout JSONWriter, _ keys: [(String, String)], _ r: Redactor?) {
        w.beginObject()
        for (k, v) in keys { w.key(k); w.string(r?.redact(v) ?? v) }
        w.endObject()
    }

    static func finding(_ w: inout JSONWriter, _ f: Finding, _ r: Redactor?, event: String? = nil) {
        w.beginObject()
        if let event { w.field("event", event) }
        w.field("id", f.id)
        w.field("title", r?.redact(f.title) ?? f.title)
        w.field("severity", f.severity.rawValue)
        w.key("confidence"); w.number(f.confidence)
        w.field("start", Timestamp.rfc3339(f.start))
        w.field("end", Timestamp.rfc3339(f.end))
        w.field("status", f.status.rawValue)
        w.field("causeStart", Timestamp.rfc3339(f.start))
        w.field("symptomStart", Timestamp.rfc3339(f.symptomStart))
        w.field("provider", f.provider)
        let root = f.rootCause
        w.key("rootCause"); w.beginObject()
        w.field("signal", root.signal)
        w.field("component", root.components.first)
        w.field("time", Timestamp.rfc3339(root.first))
        w.field("summary", r?.redact(f.rootCauseSummary) ?? f.rootCauseSummary)
        w.field("sentence", r?.redact(f.rootCauseSentence) ?? f.rootCauseSentence)
        w.key("keys"); keys(&w, root.keys, r)
        w.endObject()
        w.key("chain"); w.beginArray()
        for s in f.chain {
            w.beginObject()
            w.field("signal", s.signal)
            w.field("component", s.components.first)
            w.field("role", s.role.rawValue)
            w.key("observed"); w.bool(true)
            w.field("first", Timestamp.rfc3339(s.first))
            w.field("last", Timestamp.rfc3339(s.last))
            w.field("count", s.count)
            w.key("keys"); keys(&w, s.keys, r)
            if let j = s.join {
                w.key("join"); w.beginObject()
                w.field("kind", j.kind.rawValue)
                w.key("on"); w.beginArray(); for k in j.on { w.string(k) }; w.endArray()
                w.field("detail", j.detail.map { r?.redact($0) ?? $0 })
                w.endObject()
            }
            if !s.errorClasses.isEmpty {
                w.key("errorClasses"); w.beginArray(); for c in s.errorClasses { w.string(c) }; w.endArray()
            }
            w.key("evidence"); w.beginArray()
            for e in s.evidence {
                w.beginObject()
                w.field("path", r?.redact(e.path) ?? e.path)
                w.field("line", e.line)
                w.field("text", r?.redact(e.text) ?? e.text)
                w.endObject()
            }
            w.endArray()
            if !s.objects.isEmpty {
                w.key("objects"); w.beginArray()
                for o in s.objects {
                    w.beginObject()
                    w.field("time", o.time.map(Timestamp.rfc3339))
                    w.field("path", r?.redact(o.path) ?? o.path)
                    w.field("line", o.line)
                    w.field("text", r?.redact(o.text) ?? o.text)
                    w.endObject()
                }
                w.endArray()
            }
            w.endObject()
        }
        w.endArray()
        w.key("missing"); w.beginArray()
        for m in f.missing {
            w.beginObject(); w.field("signal", m.signal); w.field("hint", r?.redact(m.hint) ?? m.hint)
            if m.seen { w.key("seen"); w.bool(true) }
            w.endObject()
        }
        w.endArray()
        // Present only with --only: upstream causes in the logs it left out.
        if !f.notLookedAt.isEmpty {
            w.key("notLookedAt"); w.beginArray()
            for m in f.notLookedAt { w.beginObject(); w.field("signal", m.signal); w.field("hint", m.hint); w.endObject() }
            w.endArray()
        }
        w.key("remediation"); w.beginArray()
        for s in f.remediation { w.string(r?.redact(s) ?? s) }
        w.endArray()
        w.key("related"); w.beginArray()
        for s in f.related { w.string(s) }
        w.endArray()
        w.key("context"); w.beginArray()
        for c in f.context {
            w.beginObject()
            w.field("signal", c.signal)
            w.field("label", c.label)
            w.field("time", Timestamp.rfc3339(c.time))
            w.key("details"); keys(&w, c.details, r)
            w.key("evidence"); w.beginObject()
            w.field("path", r?.redact(c.evidence.path) ?? c.evidence.path); w.field("line", c.evidence.line); w.field("text", r?.redact(c.evidence.text) ?? c.evidence.text)
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.key("changeWindows"); w.beginArray()
        for c in f.changeWindows {
            w.beginObject()
            w.field("signal", c.signal)
            w.field("what", c.what)
            w.field("look", c.look)
            w.field("changedAfter", c.changedAfter.map(Timestamp.rfc3339))
            w.field("changedAfterBasis", c.changedAfterBasis?.rawValue)
            w.field("changedBefore", Timestamp.rfc3339(c.changedBefore))
            w.field("fixedAfter", c.fixedAfter.map(Timestamp.rfc3339))
            w.field("fixedBefore", c.fixedBefore.map(Timestamp.rfc3339))
            w.field("fixedBeforeBasis", c.fixedBeforeBasis?.rawValue)
            if let p = c.period { w.key("periodSeconds"); w.number(Double(p) / 1_000_000) }
            for (name, e) in [("changedAfterEvidence", c.changedAfterEvidence), ("changedBeforeEvidence", c.changedBeforeEvidence), ("fixedBeforeEvidence", c.fixedBeforeEvidence)] {
                guard let e else { continue }
                w.key(name); w.beginObject(); w.field("path", r?.redact(e.path) ?? e.path); w.field("line", e.line); w.field("text", r?.redact(e.text) ?? e.text); w.endObject()
            }
            w.endObject()
        }
        w.endArray()
        w.key("relatedFindings"); w.beginArray()
        for x in f.relatedFindings {
            w.beginObject()
            w.field("id", x.id)
            w.field("title", r?.redact(x.title) ?? x.title)
            w.key("remediation"); w.beginArray(); for s in x.remediation { w.string(r?.redact(s) ?? s) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

/// `--format json`: the document (docs/json.md); live, one finding object per line with its
/// event (NDJSON), and the input header on stderr so stdout stays NDJSON.
extension FindingJSON: LiveFindingRenderer {
    public static var id: String { "json" }
    public init(options: RenderOptions) { redactor = options.redactor; width = options.width }
    public func document(_ r: AnalysisResult) -> String { Self.document(r, redactor: redactor) }
    public func live(_ f: Finding, event: String) -> String { Self.line(f, event: event, redactor: redactor) + "\n" }
    public func summary(inputs: [InputStats]?, findings: [Finding]) -> (stdout: String, stderr: String) {
        ("", inputs.map { TextReport.inputHeader($0, style: Style(enabled: false), width: width, redactor: redactor) } ?? "")
    }
}
