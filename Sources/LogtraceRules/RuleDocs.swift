import Foundation
import LogtraceCore

/// The reference of a rule pack as markdown, written from the loaded rules themselves, so the
/// document cannot drift from what ships: `docs/signals.md` is this text for the built-in pack
/// (`RuleDocsTests` fails when the committed file differs; `RECORD_GOLDEN=1` rewrites it), and
/// `logtrace rules docs [--rules DIR]` prints it for any pack.
public enum RuleDocs {
    public static func markdown(_ rules: RuleSet) -> String {
        var out = """
        # Signals and rules of the built-in pack

        <!-- Generated from rules/*.yaml by `logtrace rules docs`; do not edit by hand.
             Regenerate with `RECORD_GOLDEN=1 swift test --filter RuleDocsTests`. -->

        Signal ids are part of the public interface: rules in other files and users' rules refer
        to them (`causes:`, `context:`, `unless:`, `change_window:`), and JSON output names them.
        Each rule file is a finding; its signals are matched on single records, its edges say
        which signal can cause which. How to write a rule: [rules.md](rules.md).


        """
        let files = rules.files.sorted { $0.id < $1.id }
        out += "| rule | severity | title | signals |\n|---|---|---|---|\n"
        for f in files {
            out += "| [`\(f.id)`](#\(f.id)) | \(f.severity.rawValue) | \(cell(f.title)) | \(f.signals.count) |\n"
        }
        for f in files {
            out += "\n## \(f.id)\n\n"
            out += "\(prose(f.title)) (severity \(f.severity.rawValue), `\(f.source)`).\n\n"
            out += prose(f.description) + "\n\n"
            if let s = f.symptom { out += "Symptom: `\(s)`." }
            if let r = f.recovery { out += (f.symptom == nil ? "" : " ") + "Recovery: `\(r)`." }
            if f.symptom != nil || f.recovery != nil { out += "\n\n" }
            out += "| signal | components | literals | keys | threshold | what it matches |\n|---|---|---|---|---|---|\n"
            for s in f.signals {
                let comps = ordered(s.matchers.flatMap(\.components))
                let lits = ordered(s.matchers.flatMap(\.contains))
                var keys = ordered(s.matchers.flatMap { m in
                    (m.regex.map(captureNames) ?? []) + m.fields.flatMap { captureNames($0.1) }
                }.filter { !$0.hasPrefix("_") })
                if s.errorClass { keys.append("error_class") }
                var threshold = "-"
                if let t = s.threshold {
                    threshold = "\(t.count) in \(Timestamp.duration(t.within))" + (t.by.isEmpty ? "" : " by " + t.by.map { "`\($0)`" }.joined(separator: ", "))
                }
                if let u = s.unless { threshold += (threshold == "-" ? "" : "; ") + "unless `\(u.signal)` within \(Timestamp.duration(u.within))" }
                var what = prose(s.description)
                if let w = s.changeWindow {
                    what += " Change window: \(prose(w.what))" + (w.success.map { ", bounded by `\($0)`" } ?? "") + "."
                }
                out += "| `\(s.id)` | \(comps.isEmpty ? "any" : comps.joined(separator: ", ")) | \(lits.isEmpty ? "-" : lits.map(code).joined(separator: ", ")) | \(keys.isEmpty ? "-" : keys.map { "`\($0)`" }.joined(separator: ", ")) | \(threshold) | \(cell(what)) |\n"
            }
            if !f.causes.isEmpty {
                out += "\nEdges (cause → effect):\n\n"
                for e in f.causes {
                    var join: String
                    if !e.joinCIDR.isEmpty {
                        join = "evidence join " + e.joinCIDR.map { "`\($0.0)` holds `\($0.1)`" }.joined(separator: ", ")
                    } else if let j = e.join, !j.isEmpty {
                        join = "keyed by " + j.map { $0.0 == $0.1 ? "`\($0.0)`" : "`\($0.0)`=`\($0.1)`" }.joined(separator: ", ")
                    } else {
                        join = "by time"
                    }
                    if let x = e.explains { join += ", explains " + x.joined(separator: ", ") }
                    out += "- `\(e.from)` → `\(e.to)`: \(join), within \(Timestamp.duration(e.maxLag))\n"
                }
            }
            if !f.context.isEmpty {
                out += "\nContext (shown on the timeline, never a cause):\n\n"
                for c in f.context { out += "- `\(c.signal)`: \(prose(c.label)), within \(Timestamp.duration(c.within))\n" }
            }
        }
        return out
    }

    /// Named groups of a PCRE2 pattern, in order: `(?<name>` and `(?P<name>`.
    static func captureNames(_ pattern: String) -> [String] {
        var names: [String] = []
        let b = Array(pattern.utf8)
        var i = 0
        while i + 3 < b.count {
            if b[i] == UInt8(ascii: "\\") { i += 2; continue }
            if b[i] == UInt8(ascii: "("), b[i + 1] == UInt8(ascii: "?") {
                var j = i + 2
                if j < b.count, b[j] == UInt8(ascii: "P") { j += 1 }
                if j < b.count, b[j] == UInt8(ascii: "<"), j + 1 < b.count, b[j + 1] != UInt8(ascii: "="), b[j + 1] != UInt8(ascii: "!") {
                    var k = j + 1
                    while k < b.count, b[k] != UInt8(ascii: ">") { k += 1 }
                    names.append(String(decoding: b[(j + 1)..<k], as: UTF8.self))
                    i = k
                }
            }
            i += 1
        }
        return names
    }

    private static func ordered(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }

    /// Folded YAML text as one paragraph.
    private static func prose(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A table cell: no line breaks, pipes escaped.
    private static func cell(_ s: String) -> String {
        prose(s).replacingOccurrences(of: "|", with: "\\|")
    }

    /// A code span that survives backticks and pipes inside the literal.
    private static func code(_ s: String) -> String {
        var fence = "`"
        while s.contains(fence) { fence += "`" }
        let body = s.replacingOccurrences(of: "|", with: "\\|")
        let pad = body.hasPrefix("`") || body.hasSuffix("`") || body.hasPrefix(" ") || body.hasSuffix(" ") ? " " : ""
        return fence + pad + body + pad + fence
    }
}
