/// `logtrace parse --format clickhouse` rows: the columns `logtrace parse` writes, with `fields`
/// as the two arrays of a `Nested(key, value)` column and `source` flattened, which every
/// ClickHouse release (18.16 on) reads with `FORMAT JSONEachRow`.
public enum ClickHouseRow {
    /// Whether a klog record's body is structured (`"msg" key=value`), which its columns
    /// alone cannot tell when it has no fields.
    public static func isStructured(_ v: RecordView) -> Bool {
        guard v.kind == .klog, let f = v.text.first, f == 0x22 || f == 0x76 else { return false }
        return StructuredBody(text: v.text).structured
    }

    public static func line(_ r: Record, structured: Bool = false) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("time", r.time.map(Timestamp.rfc3339))
        w.field("severity", r.severity?.letter)
        w.field("component", r.component)
        w.field("node", r.node)
        w.field("pid", r.pid)
        w.field("file", r.sourceFile)
        w.field("line", r.sourceLine)
        w.field("message", r.message)
        if !r.fields.isEmpty {
            // Duplicate keys keep the last value, as `logtrace parse` does.
            var seen: [String: String] = [:]
            var order: [String] = []
            for (k, v) in r.fields { if seen[k] == nil { order.append(k) }; seen[k] = v }
            w.key("fields.key"); w.beginArray(); for k in order { w.string(k) }; w.endArray()
            w.key("fields.value"); w.beginArray(); for k in order { w.string(seen[k]!) }; w.endArray()
        }
        if !r.continuation.isEmpty {
            w.key("continuation"); w.beginArray()
            for c in r.continuation { w.string(c) }
            w.endArray()
        }
        w.field("source.path", r.path)
        w.field("source.line", r.line)
        if structured { w.field("structured", 1) }
        w.endObject()
        return w.out + "\n"
    }
}
