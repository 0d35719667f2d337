import LogtraceCore


/// `parse --format json` (the default): one JSON object per record, written by `RecordNDJSON`.
public struct NDJSONRecords: RecordWriter {
    public static var id: String { "json" }
    public init() {}
    @inline(__always) public func write(_ r: RecordView, to out: RecordNDJSON) { out.write(r) }
}

extension RecordWriter where Self == NDJSONRecords {
    public static var ndjson: NDJSONRecords { NDJSONRecords() }
}
