import LogtraceCore

/// `parse --format text`: one readable line per record (`RecordJSON.text`), continuation lines
/// indented under it.
public struct TextRecords: RecordWriter {
    public static var id: String { "text" }
    public init() {}
    public func write(_ r: RecordView, to out: RecordNDJSON) {
        out.put(RecordJSON.text(Record(r, path: out.path(of: r))) + "\n")
    }
}

extension RecordWriter where Self == TextRecords {
    public static var text: TextRecords { TextRecords() }
}
