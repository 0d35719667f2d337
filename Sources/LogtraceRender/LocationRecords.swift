import LogtraceCore

/// `parse --unparsed` without `--format`: `path:line: text`, as `grep -n` prints it, with
/// continuation lines on lines of their own. Not a `--format` value.
public struct LocationRecords: RecordWriter {
    public static var id: String { "location" }
    public init() {}
    public func write(_ r: RecordView, to out: RecordNDJSON) {
        let rec = Record(r, path: out.path(of: r))
        out.put(([TerminalText.sanitize("\(rec.path):\(rec.line): \(rec.message)")] + rec.continuation.map(TerminalText.sanitize))
            .joined(separator: "\n    ") + "\n")
    }
}

extension RecordWriter where Self == LocationRecords {
    public static var location: LocationRecords { LocationRecords() }
}
