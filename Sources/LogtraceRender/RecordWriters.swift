import LogtraceCore


/// The `parse --format` values, in the order `--help` lists them (the first is the default).
public enum RecordWriters {
    public static let all: [any RecordWriter] = [NDJSONRecords(), TextRecords(), ClickHouseRecords()]
}

extension RecordNDJSON {
    /// Appends a rendered string (the writers that go through `Record`).
    func put(_ s: String) {
        var s = s
        s.withUTF8 { put(UnsafeRawBufferPointer($0)) }
    }
}
