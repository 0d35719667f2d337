extension Record {
    /// Decodes a record view (its body parsed by `RecordDetails`).
    public init(_ v: RecordView, path: String) {
        time = v.time; severity = v.severity; component = v.component; node = v.node; pid = v.pid
        sourceFile = v.sourceFile; sourceLine = v.sourceLine; self.path = path; line = v.line; kind = v.kind
        let d = RecordDetails(v)
        message = d.message; fields = d.fields; continuation = d.continuation
    }
}

/// Message, fields and continuation lines of a record view, decoded on demand.
public struct RecordDetails {
    public var message: String
    public var fields: [(String, String)]
    public var continuation: [String]

    public init(_ v: RecordView) {
        switch v.kind {
        case .json:
            message = v.jsonMessage ?? ""
            fields = v.jsonFields ?? []
            // Lines attached after the JSON object (a panic's goroutine dump, a wrapped message).
            let n = v.json?.renderedLength ?? v.bytes.count
            continuation = n < v.bytes.count
                ? v.bytes[(n + 1)...].split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
                : []
        case .klog:
            let body = StructuredBody(text: v.text)
            message = body.message
            fields = body.fields
            continuation = body.continuation
            if !body.structured, let legacy = LegacyRequestLog.fields(message: message, continuation: continuation, sourceFile: v.sourceFile) {
                fields = legacy
            }
        case .raw:
            let lines = v.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            message = lines.first ?? ""
            fields = []
            continuation = Array(lines.dropFirst())
        }
    }

    /// The last value of a field (klog and JSON allow duplicate keys; the last one wins).
    public func field(_ key: String) -> String? {
        fields.last(where: { $0.0 == key })?.1
    }
}
