import CShims
import Glibc

/// Receives assembled records, one at a time, in input order.
public protocol RecordSink: AnyObject {
    func consume(_ record: RecordView)
}

/// What the wrapper/prefix layer knows about one physical line.
public struct LineContext {
    public var wrapperTime: Int64?
    /// Lines continue a record only within the same stream (CRI stdout/stderr, journald ident+pid).
    public var streamKey: Int = 0
    public var component: String?
    public var node: String?
    public var pid: Int?
    /// Used when neither the file nor the klog source file names a component (journald ident).
    public var fallbackComponent: String?
    /// Severity given by the prefix (capnslog), for records without a klog header.
    public var severity: Severity?
    public init() {}
}

/// Groups physical lines into records (klog-formats.md §4.2): a klog header or a JSON object
/// starts a record; TAB lines inside a `key=<` block, Go stacks, `Trace[...]` lines and any
/// other text attach to the record before them. klog's file header lines are metadata.
public final class RecordAssembler {
    public static let maxRecordLines = 10_000
    public static let maxRecordBytes = 1 << 20

    /// Unowned: the sink (a `StreamReader`) owns this assembler.
    private unowned let sink: RecordSink
    private let resolver: YearResolver
    private var buf: [UInt8] = []
    private var pending = false
    private var view: RecordView
    private var inBlock = false
    private var pendingStream = 0
    private var recordTruncated = false
    public var inputIndex = 0
    public var fileComponent: String?
    public var fileNode: String?
    public var componentForSource: ((String) -> String?)?
    public private(set) var records = 0
    public private(set) var rawRecords = 0
    public private(set) var firstTime: Int64?
    public private(set) var lastTime: Int64?
    /// Called when a record hits the line or byte cap (its continuation is cut).
    public var onCapped: ((Int, Int) -> Void)?

    public init(sink: RecordSink, resolver: YearResolver) {
        self.sink = sink
        self.resolver = resolver
        buf.reserveCapacity(64 << 10)
        view = RecordView(kind: .raw, bytes: UnsafeRawBufferPointer(start: nil, count: 0), textStart: 0, time: nil,
                          severity: nil, pid: nil, sourceFileRange: nil, sourceFileName: nil, sourceLine: nil, component: nil, node: nil,
                          inputIndex: 0, line: 0, lineCount: 0, hits: LiteralMask(), jsonFields: nil, jsonMessage: nil)
    }

    /// Feeds one unwrapped line.
    @inline(__always)
    public func feed(_ line: UnsafeRawBufferPointer, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        let n = line.count
        guard let p = line.baseAddress, n > 0 else {
            if pending && !inBlock { appendContinuation(line, hits: hits) }
            return
        }
        let first = p.load(as: UInt8.self)
        if inBlock && pending && context.streamKey == pendingStream {
            if first == 0x09 { appendContinuation(line, hits: hits); return }
            if first == 0x20 && n >= 2 && p.load(fromByteOffset: 1, as: UInt8.self) == 0x3E {
                appendContinuation(line, hits: hits)
                inBlock = endsWithBlockOpener(line)
                return
            }
            inBlock = false
        }
        if let h = KlogHeader.parse(p, n) {
            flush()
            startKlog(line, header: h, lineNumber: lineNumber, hits: hits, context: context)
            return
        }
        if first == 0x7B, let j = JSONRecord.parse(p, n) {
            flush()
            startJSON(j, lineNumber: lineNumber, hits: hits, context: context)
            return
        }
        if first == 0x4C || first == 0x52 || first == 0x42 || first == 0x2D, handleMetadata(p, n) { return }
        if pending && context.streamKey == pendingStream && context.severity == nil {
            appendContinuation(line, hits: hits)
            return
        }
        flush()
        startRaw(line, lineNumber: lineNumber, hits: hits, context: context)
    }

    /// Emits the pending record, if any.
    public func flush() {
        guard pending else { return }
        pending = false
        inBlock = false
        records += 1
        if view.kind == .raw { rawRecords += 1 }
        if let t = view.time {
            if firstTime == nil || t < firstTime! { firstTime = t }
            if lastTime == nil || t > lastTime! { lastTime = t }
        }
        buf.withUnsafeBytes { b in
            view.bytes = b
            sink.consume(view)
        }
    }

    private func begin(_ kind: RecordKind, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        pending = true
        recordTruncated = false
        pendingStream = context.streamKey
        buf.removeAll(keepingCapacity: true)
        view.kind = kind
        view.inputIndex = inputIndex
        view.line = lineNumber
        view.lineCount = 1
        view.hits = hits
        view.jsonFields = nil
        view.jsonMessage = nil
        view.pid = context.pid
        // Plain klog lines carry no per-line component or node: keep the file's without
        // reassigning (each String assignment is a retain/release pair on the hot path).
        if context.component != nil || context.node != nil || !viewHasFileDefaults {
            view.node = context.node ?? fileNode
            view.component = context.component ?? fileComponent
            viewHasFileDefaults = context.component == nil && context.node == nil
        }
    }

    private var viewHasFileDefaults = false
    private var sourceComponents: [UInt64: String?] = [:]

    private func startKlog(_ line: UnsafeRawBufferPointer, header h: KlogHeader, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        begin(.klog, lineNumber: lineNumber, hits: hits, context: context)
        buf.append(contentsOf: line)
        view.textStart = h.bodyStart
        view.severity = h.severity
        view.pid = h.pid
        view.sourceFileRange = h.fileStart..<h.fileEnd
        view.sourceFileName = nil
        view.sourceLine = h.sourceLine
        view.time = resolver.resolve(month: h.month, day: h.day, hour: h.hour, minute: h.minute, second: h.second,
                                     micro: h.micro, wrapperTime: context.wrapperTime)
        if view.component == nil {
            viewHasFileDefaults = false
            // Cache the answer per source file name (FNV-1a of its bytes), no String per record.
            var hash: UInt64 = 0xcbf29ce484222325
            for i in h.fileStart..<h.fileEnd { hash = (hash ^ UInt64(line[i])) &* 0x100000001b3 }
            if let known = sourceComponents[hash] {
                view.component = known
            } else {
                let c = componentForSource?(String(decoding: UnsafeRawBufferPointer(rebasing: line[h.fileStart..<h.fileEnd]), as: UTF8.self))
                if sourceComponents.count < 4096 { sourceComponents[hash] = .some(c) }
                view.component = c
            }
        }
        if view.component == nil { view.component = context.fallbackComponent; viewHasFileDefaults = false }
        inBlock = endsWithBlockOpener(line)
    }

    private func startJSON(_ j: JSONRecord, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        begin(.json, lineNumber: lineNumber, hits: hits, context: context)
        buf.append(contentsOf: j.rendered)
        view.textStart = 0
        view.severity = j.severity
        view.time = j.time ?? context.wrapperTime
        view.jsonFields = j.fields
        view.jsonMessage = j.message
        if let c = j.caller, let colon = c.lastIndex(of: ":") {
            view.sourceFileRange = nil
            view.sourceFileName = String(c[..<colon].split(separator: "/").last ?? "")
            view.sourceLine = Int(c[c.index(after: colon)...])
        } else {
            view.sourceFileRange = nil; view.sourceFileName = nil; view.sourceLine = nil
        }
    }

    private func startRaw(_ line: UnsafeRawBufferPointer, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        begin(.raw, lineNumber: lineNumber, hits: hits, context: context)
        buf.append(contentsOf: line)
        view.textStart = 0
        view.severity = context.severity
        view.sourceFileRange = nil
        view.sourceFileName = nil
        view.sourceLine = nil
        view.time = context.wrapperTime
        if view.component == nil { view.component = context.fallbackComponent; viewHasFileDefaults = false }
    }

    @inline(__always)
    private func appendContinuation(_ line: UnsafeRawBufferPointer, hits: LiteralMask) {
        if view.lineCount >= Self.maxRecordLines || buf.count + line.count >= Self.maxRecordBytes {
            if !recordTruncated { recordTruncated = true; onCapped?(view.inputIndex, view.line) }
            return
        }
        buf.append(0x0A)
        buf.append(contentsOf: line)
        view.lineCount += 1
        view.hits.formUnion(hits)
    }

    @inline(__always)
    private func endsWithBlockOpener(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count >= 2 && line[line.count - 1] == 0x3C && line[line.count - 2] == 0x3D
    }

    /// klog's file header (`Log file created at: 2024/03/12 06:00:00`, `Running on machine:`,
    /// `Binary: Built with`, `Log line format:`) and journalctl's `-- Logs begin at ... --` lines.
    private func handleMetadata(_ p: UnsafeRawPointer, _ n: Int) -> Bool {
        let line = UnsafeRawBufferPointer(start: p, count: n)
        if hasPrefix(line, "Log file created at: ") {
            if n >= 31, let y = digits(line, 21, 4), let m = digits(line, 26, 2) { resolver.noteHeader(year: y, month: m) }
            return true
        }
        if hasPrefix(line, "Running on machine: ") || hasPrefix(line, "Binary: Built with ") || hasPrefix(line, "Log line format: ") {
            return true
        }
        if hasPrefix(line, "-- ") {
            // `-- Logs begin at Tue 2024-03-12 06:00:00 UTC, end at ... --`, `-- Journal begins at ...`, `-- Reboot --`
            if let r = memmem(p, n, "20", 2) {
                let off = p.distance(to: UnsafeRawPointer(r))
                if off + 7 <= n, let y = digits(line, off, 4), line[off + 4] == 0x2D, let m = digits(line, off + 5, 2) {
                    resolver.noteHeader(year: y, month: m)
                }
            }
            return true
        }
        return false
    }

    private func hasPrefix(_ b: UnsafeRawBufferPointer, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard b.count >= n else { return false }
        return memcmp(b.baseAddress!, s.utf8Start, n) == 0
    }

    private func digits(_ b: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var v = 0
        for i in at..<(at + count) {
            let c = b[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }
}
