import LogtraceCore

/// `logtrace parse --format clickhouse` rows: the columns `logtrace parse` writes, with `fields`
/// as the two arrays of a `Nested(key, value)` column and `source` flattened, which every
/// ClickHouse release (18.16 on) reads with `FORMAT JSONEachRow`.
public enum ClickHouseRow {
    /// Whether a klog record's body is structured (`"msg" key=value`), which its columns
    /// alone cannot tell when it has no fields.
    public static func isStructured(_ v: RecordView) -> Bool {
        guard v.kind == .klog, let f = v.text.first, f == UInt8(ascii: "\"") || f == UInt8(ascii: "v") else { return false }
        return StructuredBody(text: v.text).structured
    }

    public static func line(_ r: Record, structured: Bool = false) -> String {
        var w = JSONWriter()
        w.beginObject()
        RecordJSON.writeHead(r, &w)
        if !r.fields.isEmpty {
            let (keys, values) = RecordJSON.fieldColumns(r)
            w.key("fields.key"); w.beginArray(); for k in keys { w.string(k) }; w.endArray()
            w.key("fields.value"); w.beginArray(); for v in values { w.string(v) }; w.endArray()
        }
        RecordJSON.writeContinuation(r, &w)
        w.field("source.path", r.path)
        w.field("source.line", r.line)
        if structured { w.field("structured", 1) }
        w.endObject()
        return w.out + "\n"
    }
}

/// `parse --format clickhouse`: the rows `logtrace ingest` inserts.
public struct ClickHouseRecords: RecordWriter {
    public static var id: String { "clickhouse" }
    public init() {}
    public func write(_ r: RecordView, to out: RecordNDJSON) {
        out.put(ClickHouseRow.line(Record(r, path: out.path(of: r)), structured: ClickHouseRow.isStructured(r)))
    }
}

extension RecordWriter where Self == ClickHouseRecords {
    public static var clickhouse: ClickHouseRecords { ClickHouseRecords() }
}
