import Foundation
import LogtraceCore

/// `logtrace parse` output: one JSON object per record (NDJSON), or a readable text line.
public enum RecordJSON {
    public static func line(_ r: Record) -> String {
        var w = JSONWriter()
        w.beginObject()
        writeHead(r, &w)
        if !r.fields.isEmpty {
            w.key("fields"); w.beginObject()
            let (keys, values) = fieldColumns(r)
            for (k, v) in zip(keys, values) { w.key(k); w.string(v) }
            w.endObject()
        }
        writeContinuation(r, &w)
        w.key("source"); w.beginObject(); w.field("path", r.path); w.field("line", r.line); w.endObject()
        w.endObject()
        return w.out
    }

    /// The fields every record row starts with, in this order: time, severity, component, node,
    /// pid, file, line, message (`parse` NDJSON and `parse --format clickhouse` alike).
    static func writeHead(_ r: Record, _ w: inout JSONWriter) {
        w.field("time", r.time.map(Timestamp.rfc3339))
        w.field("severity", r.severity?.letter)
        w.field("component", r.component)
        w.field("node", r.node)
        w.field("pid", r.pid)
        w.field("file", r.sourceFile)
        w.field("line", r.sourceLine)
        w.field("message", r.message)
    }

    /// The record's fields as keys and values in first-seen key order; a duplicate key keeps its
    /// last value.
    static func fieldColumns(_ r: Record) -> (keys: [String], values: [String]) {
        var seen: [String: String] = [:]
        var order: [String] = []
        for (k, v) in r.fields { if seen[k] == nil { order.append(k) }; seen[k] = v }
        return (order, order.map { seen[$0]! })
    }

    static func writeContinuation(_ r: Record, _ w: inout JSONWriter) {
        guard !r.continuation.isEmpty else { return }
        w.key("continuation"); w.beginArray()
        for c in r.continuation { w.string(c) }
        w.endArray()
    }

    public static func text(_ r: Record) -> String {
        let t = r.time.map(Timestamp.rfc3339) ?? "-"
        var s = "\(t) \(r.severity?.letter ?? "-") \(r.component ?? "-")"
        if let n = r.node { s += "@\(n)" }
        s += " \(r.message)"
        for (k, v) in r.fields { s += " \(k)=\(v)" }
        for c in r.continuation { s += "\n    " + c }
        return TerminalText.sanitize(s.replacingOccurrences(of: "\n", with: "\u{1}")).replacingOccurrences(of: "\u{FFFD}    ", with: "\n    ")
    }
}
