import LogtraceKernels
/// What kind of line started a record.
public enum RecordKind: String, Sendable {
    case klog, json, raw
}

/// What a JSON record decoded besides its bytes; owned by the assembler and reused, so its
/// contents are valid, like a view's bytes, only during the sink call.
public final class JSONDetails {
    public var fields: [(String, String)] = []
    public var message: String?
    public var sourceFileName: String?
    /// Bytes of the rendered text (`msg key=value ...`): continuation lines follow it after a `\n`.
    public var renderedLength = 0
    public init() {}
}

/// One assembled record, as byte ranges into a buffer owned by the assembler. Valid only during
/// the sink call that receives it; `Record(view)` makes an owned copy when one is needed. Names
/// are interned (no reference counting); the one counted reference is a JSON record's details,
/// nil for klog and raw records.
public struct RecordView {
    public var kind: RecordKind
    /// The record's bytes: for klog, the header line from the header on, then `\n` and each
    /// continuation line; for JSON, the rendered text (`msg key=value ...`).
    public var bytes: UnsafeRawBufferPointer
    /// The record text rules match: after the klog header, or the whole rendered JSON text.
    public var textStart: Int
    public var time: Int64?
    /// True when `time`'s clock in UTC (`hh:mm:ss.uuuuuu`) is bytes 6..<21 of the record (a klog
    /// header read with no zone offset): writers copy it instead of formatting it.
    public var clockInBytes = false
    public var severity: Severity?
    public var pid: Int?
    /// The klog source file as a byte range of `bytes` (no String on the hot path), or a name
    /// taken from a JSON record's `caller`.
    public var sourceFileRange: Range<Int>?
    public var sourceFileName: String? { json?.sourceFileName }
    public var sourceFile: String? {
        if let r = sourceFileRange { return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
        return sourceFileName
    }
    public var sourceLine: Int?
    /// Component and node as interned names (no reference counting when a view is copied).
    public var componentName: Name?
    public var nodeName: Name?
    public var component: String? { componentName?.string }
    public var node: String? { nodeName?.string }
    /// Index of the input file (into the reader's file list) and the 1-based line the record starts on.
    public var inputIndex: Int
    public var line: Int
    public var lineCount: Int
    public var hits: LiteralMask
    /// Structured fields already decoded (JSON records); klog fields are parsed on demand.
    public var json: JSONDetails?
    public var jsonFields: [(String, String)]? { json?.fields }
    public var jsonMessage: String? { json?.message }

    @inline(__always)
    public var text: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[textStart...]) }
}
