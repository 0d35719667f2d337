import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Golden files for the JSON document and the markdown report of the founding incident.
/// `RECORD_GOLDEN=1 swift test --filter GoldenTests` rewrites them (and still fails, so a
/// recording never passes unseen); review the diff with git before committing.
@Suite struct GoldenTests {
    static let sample = "SampleLogs/namespace-stuck-terminating"

    func render(_ format: String) -> String {
        let (result, _) = analyzeDir(repoRoot + "/" + Self.sample)
        let text = format == "json" ? FindingJSON.document(result, redactor: nil) : MarkdownReport(redactor: nil).render(result)
        return text.replacingOccurrences(of: repoRoot + "/", with: "")
    }

    func check(_ name: String, _ actual: String) throws {
        let path = repoRoot + "/Tests/LogtraceCoreTests/Golden/" + name
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without RECORD_GOLDEN")
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            Issue.record("\(name) differs at line \(first + 1):\n- \(first < e.count ? String(e[first]) : "<end>")\n+ \(first < a.count ? String(a[first]) : "<end>")")
        }
    }

    @Test func jsonDocument() throws { try check("namespace-stuck-terminating.json", render("json")) }
    @Test func markdownReport() throws { try check("namespace-stuck-terminating.md", render("markdown")) }

    @Test func sameInputSameBytes() {
        #expect(render("json") == render("json"))
        #expect(render("markdown") == render("markdown"))
    }

    @Test func jsonMatchesTheDocumentedSchema() throws {
        let doc = try JSONSerialization.jsonObject(with: Data(render("json").utf8)) as! [String: Any]
        #expect(Set(doc.keys) == ["schema", "inputs", "findings", "diagnostics"])
        #expect(doc["schema"] as? Int == FindingJSON.schemaVersion)
        for d in doc["diagnostics"] as! [[String: Any]] {
            #expect(Set(d.keys).isSubset(of: ["kind", "level", "path", "line", "message", "help"]))
            #expect(d["kind"] is String && d["level"] is String && d["message"] is String)
        }
        for i in doc["inputs"] as! [[String: Any]] {
            #expect(Set(i.keys).isSubset(of: ["path", "component", "node", "records", "unparsed", "first", "last", "yearFrom", "restarts"]))
            #expect(i["path"] is String && i["records"] is Int && i["yearFrom"] is String)
        }
        let findings = doc["findings"] as! [[String: Any]]
        #expect(!findings.isEmpty)
        for f in findings {
            for k in ["id", "title", "severity", "confidence", "start", "end", "rootCause", "chain", "missing", "remediation", "related",
                      "status", "causeStart", "symptomStart", "relatedFindings"] {
                #expect(f[k] != nil, "finding lacks \(k)")
            }
            let root = f["rootCause"] as! [String: Any]
            #expect(Set(root.keys) == ["signal", "component", "time", "summary", "sentence", "keys"])
            for step in f["chain"] as! [[String: Any]] {
                let base: Set<String> = ["signal", "component", "role", "observed", "first", "last", "count", "keys", "evidence"]
                #expect(base.isSubset(of: Set(step.keys)) && Set(step.keys).isSubset(of: base.union(["join", "errorClasses", "objects"])))
                for o in step["objects"] as? [[String: Any]] ?? [] { #expect(Set(o.keys) == ["time", "path", "line", "text"]) }
                if step["role"] as? String != "root-cause" {
                    let join = try #require(step["join"] as? [String: Any], "every step after the root says how it is joined")
                    #expect(["key", "class", "time"].contains(join["kind"] as? String ?? ""))
                }
                for e in step["evidence"] as! [[String: Any]] { #expect(Set(e.keys) == ["path", "line", "text"]) }
                #expect(["root-cause", "propagation", "symptom"].contains(step["role"] as! String))
            }
            #expect(["resolved", "ongoing", "stopped"].contains(f["status"] as? String ?? ""))
            for t in [f["start"], f["end"], root["time"], f["causeStart"], f["symptomStart"]] {
                let s = try #require(t as? String)
                #expect(RFC3339.parse(s) != nil && s.hasSuffix("Z"))
            }
        }
    }

    @Test func markdownReportIsWellFormed() {
        let md = render("markdown")
        #expect(md.contains("```mermaid\nflowchart LR\n"))
        #expect(md.components(separatedBy: "```").count % 2 == 1, "unbalanced code fences")
        // every table row has the same number of cells as its header
        var columns: Int?
        for line in md.split(separator: "\n") {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if columns == nil { columns = cells } else { #expect(cells == columns, "ragged table row: \(line)") }
        }
        #expect(!md.contains("<script"))
    }
}
