import CShims
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceKernels

/// Groups physical lines into records (docs/formats.md §4.2): a klog header or a JSON object
/// starts a record; TAB lines inside a `key=<` block, Go stacks, `Trace[...]` lines and other
/// text attach to a klog or JSON record before them in the same stream (klog writes multi-line
/// messages raw), and when lines carry their own wrapper time (CRI, journald, docker), only if
/// they came within `continuationGap` of the line before. Any other line is a raw record of its
/// own, dated by its wrapper: free-text components (Go `log`, CoreDNS, logfmt, systemd) are read
/// line by line. klog's file header lines are metadata.
/// Caps on one record's continuation (a runaway goroutine dump must not grow without bound).
public enum RecordLimits {
    public static let maxLines = 10_000
    public static let maxBytes = 1 << 20
    /// A continuation line comes with its record: at most this long (µs) after the line before.
    public static let continuationGap: Int64 = 1_000_000
}

public final class RecordAssembler<Sink: RecordSink> {

    /// Where records go: the next stage of the stream's chain. Retained; it does not refer back
    /// to this assembler, so there is no cycle.
    private let sink: Sink
    private let resolver: YearResolver
    /// The pending record's bytes: in the caller's line buffer while it is one line (no copy),
    /// in `store` once a continuation line is attached or the caller's buffer is about to change.
    private var recordStart: UnsafeRawPointer?
    private var recordLength = 0
    private var owned = false
    private var store: UnsafeMutableRawPointer
    private var storeCapacity = 64 << 10
    private var pending = false
    private var view: RecordView
    private var inBlock = false
    private var pendingStream = 0
    private var recordTruncated = false
    /// The wrapper time of the pending record's last line.
    private var pendingWrapperTime: Int64?
    /// A record was capped: the lines that would have continued it are records of their own,
    /// counted until the next klog or JSON record (then reported through `onCapped`).
    private var cut: (input: Int, line: Int, lines: Int)?
    public var inputIndex = 0
    public var fileComponent: String? { didSet { fileComponentName = fileComponent.map(Name.init) } }
    public var fileNode: String? { didSet { fileNodeName = fileNode.map(Name.init) } }
    private var fileComponentName: Name?
    private var fileNodeName: Name?
    public var componentForSource: ((String) -> String?)?
    /// Called when a record hit the line or byte cap: its input and line, and how many lines
    /// after it were read as records of their own instead of its continuation.
    public var onCapped: ((Int, Int, Int) -> Void)?

    /// The last header's fixed columns (behind a pointer: no exclusivity check per line).
    private let headerMemo: UnsafeMutablePointer<KlogHeaderMemo> = {
        let m = UnsafeMutablePointer<KlogHeaderMemo>.allocate(capacity: 1)
        m.initialize(to: KlogHeaderMemo())
        return m
    }()

    /// Records go to `sink`.
    public init(resolver: YearResolver, sink: Sink) {
        self.resolver = resolver
        self.sink = sink
        store = .allocate(byteCount: storeCapacity, alignment: 16)
        view = RecordView(kind: .raw, bytes: UnsafeRawBufferPointer(start: nil, count: 0), textStart: 0, time: nil,
                          severity: nil, pid: nil, sourceFileRange: nil, sourceLine: nil, componentName: nil, nodeName: nil,
                          inputIndex: 0, line: 0, lineCount: 0, hits: LiteralMask(), json: nil)
    }

    /// Feeds one unwrapped line.
    @inline(__always)
    public func feed(_ line: UnsafeRawBufferPointer, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        let n = line.count
        guard let p = line.baseAddress, n > 0 else {
            if !inBlock && continues(context) { _ = appendContinuation(line, hits: hits, context: context) }
            return
        }
        let first = p.load(as: UInt8.self)
        if inBlock && pending && context.streamKey == pendingStream {
            if first == UInt8(ascii: "\t") && appendContinuation(line, hits: hits, context: context) { return }
            if first == UInt8(ascii: " ") && n >= 2 && p.load(fromByteOffset: 1, as: UInt8.self) == UInt8(ascii: ">"),
               appendContinuation(line, hits: hits, context: context) {
                inBlock = endsWithBlockOpener(line)
                return
            }
            inBlock = false
        }
        if let h = KlogHeader.parse(p, n, memo: &headerMemo.pointee) {
            flush()
            if cut != nil { endCut() }
            if lite && hits.isEmpty && context.isBare && fileComponentName != nil {
                startLite(line, header: h, lineNumber: lineNumber)
            } else {
                startKlog(line, header: h, lineNumber: lineNumber, hits: hits, context: context)
            }
            return
        }
        // A JSON line no literal hit, while the sink takes lite records: only its time is read
        // (`JSONLazy`); the full decode waits until something needs it (see `promote`).
        if first == UInt8(ascii: "{") && lite && hits.isEmpty, let t = JSONLazy.time(p, n),
           sink.acceptsLite {
            flush()
            if cut != nil { endCut() }
            startLiteJSON(line, time: t, lineNumber: lineNumber, context: context)
            return
        }
        if first == UInt8(ascii: "{"), let j = JSONRecord.parse(p, n) ?? AuditEvent.parse(p, n) {
            flush()
            if cut != nil { endCut() }
            startJSON(j, lineNumber: lineNumber, hits: hits, context: context)
            return
        }
        if first == UInt8(ascii: "L") || first == UInt8(ascii: "R") || first == UInt8(ascii: "B") || first == UInt8(ascii: "-"), handleMetadata(p, n) { return }
        if context.severity == nil && continues(context) && appendContinuation(line, hits: hits, context: context) { return }
        flush()
        if cut != nil { cut!.lines += 1 }
        startRaw(line, lineNumber: lineNumber, hits: hits, context: context)
    }

    /// Whether a headerless line continues the pending record: a klog or JSON record of the same
    /// stream, and when both carry a wrapper time, the line came within `continuationGap`.
    @inline(__always)
    private func continues(_ context: LineContext) -> Bool {
        guard pending, context.streamKey == pendingStream, pendingLite || view.kind != .raw else { return false }
        if let t = context.wrapperTime, let p = pendingWrapperTime {
            let d = t &- p
            return d <= RecordLimits.continuationGap && d >= -RecordLimits.continuationGap
        }
        return true
    }

    /// Reports a cut continuation (see `cut`); called when the next klog or JSON record starts
    /// and at the end of the stream.
    public func endCut() {
        guard let c = cut else { return }
        cut = nil
        onCapped?(c.input, c.line, c.lines)
    }

    /// Emits the pending record, if any.
    public func flush() {
        guard pending else { return }
        if pendingLite {
            if sink.acceptsLite {
                emitLite()
                return
            }
            promote()
        }
        pending = false
        inBlock = false
        view.bytes = UnsafeRawBufferPointer(start: owned ? UnsafeRawPointer(store) : recordStart, count: recordLength)
        let v = view
        sink.consume(v)
    }

    deinit { store.deallocate(); headerMemo.deallocate() }

    /// Called before the memory of the lines fed so far is reused (end of a block, a reassembled
    /// partial line): copies a pending one-line record into the assembler's own buffer.
    @inline(__always)
    public func detach() {
        guard pending && !owned else { return }
        own()
    }

    private func own() {
        reserve(recordLength)
        if recordLength > 0 { store.copyMemory(from: recordStart!, byteCount: recordLength) }
        owned = true
    }

    private func reserve(_ n: Int) {
        guard n > storeCapacity else { return }
        var c = storeCapacity
        while c < n { c *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 16)
        if owned && recordLength > 0 { bigger.copyMemory(from: store, byteCount: recordLength) }
        store.deallocate()
        store = bigger
        storeCapacity = c
    }

    /// Starts the pending record's bytes: borrowed from the caller until `detach` or a continuation.
    @inline(__always)
    private func setBytes(_ line: UnsafeRawBufferPointer) {
        recordStart = line.baseAddress
        recordLength = line.count
        owned = false
    }

    private func begin(_ kind: RecordKind, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        pending = true
        recordTruncated = false
        pendingStream = context.streamKey
        pendingWrapperTime = context.wrapperTime
        view.kind = kind
        view.clockInBytes = false
        view.inputIndex = inputIndex
        view.line = lineNumber
        view.lineCount = 1
        view.hits = hits
        view.json = nil
        view.pid = context.pid
        if context.component != nil || context.node != nil {
            view.nodeName = intern(context.node) ?? fileNodeName
            view.componentName = intern(context.component) ?? fileComponentName
        } else {
            view.nodeName = fileNodeName
            view.componentName = fileComponentName
        }
    }

    private let jsonDetails = JSONDetails()
    private var sourceComponents: [UInt64: Name?] = [:]
    private var interned: [String: Name] = [:]

    /// Names from line prefixes (journald idents, kubectl pods), cached per assembler so the
    /// shared table's lock is taken once per distinct name.
    private func intern(_ s: String?) -> Name? {
        guard let s else { return nil }
        if let n = interned[s] { return n }
        let n = Name(s)
        if interned.count < 4096 { interned[s] = n }
        return n
    }

    // MARK: lite records

    /// Bare klog records no literal hit go to the sink's `consumeLite` without a record view,
    /// when the sink takes them (set by the owner; see `RecordSink.acceptsLite`).
    public var lite = false
    private var pendingLite = false
    private var litePid = 0
    private var liteTime: Int64 = 0
    private var liteLine = 0
    private var liteInput = 0

    /// `lite` is on and the file names the component: bare klog lines can become lite records.
    public var liteReady: Bool { lite && fileComponentName != nil }

    /// The lite fast path, for a line of a plain file that no literal hit, while the sink takes
    /// lite records (the caller checked both): what `feed` does with a bare klog line, without
    /// the checks that cannot apply to one. Returns false, having changed nothing, when the line
    /// does not start with a klog header; the caller then feeds it the general way.
    @inline(__always)
    public func feedLite(_ p: UnsafeRawPointer, _ n: Int, lineNumber: Int) -> Bool {
        // The parser checks the length and the severity letter (I, W, E, F: `feedPlain`'s bare line).
        guard let h = KlogHeader.parse(p, n, memo: &headerMemo.pointee) else { return false }
        if pendingLite { emitLite() } else { flush() }
        startLite(UnsafeRawBufferPointer(start: p, count: n), header: h, lineNumber: lineNumber)
        return true
    }

    /// Hands the pending lite record to the sink (which takes lite records).
    @inline(__always)
    private func emitLite() {
        pendingLite = false
        pending = false
        inBlock = false
        if let c = liteJSON {
            liteJSON = nil
            let component = intern(c.component) ?? fileComponentName
            sink.consumeLiteJSON(inputIndex: liteInput, time: liteTime, component: component, line: liteLine)
            return
        }
        sink.consumeLite(inputIndex: liteInput, time: liteTime, pid: litePid, component: fileComponentName, line: liteLine)
    }

    /// The context of a pending lite JSON record (nil for a lite klog record).
    private var liteJSON: LineContext?

    /// Starts a lite JSON record: its line's bytes, context and time (the JSON `ts`, which the
    /// full decode gives the record too).
    private func startLiteJSON(_ line: UnsafeRawBufferPointer, time: Int64, lineNumber: Int, context: LineContext) {
        pending = true
        pendingLite = true
        liteJSON = context
        recordTruncated = false
        pendingStream = context.streamKey
        pendingWrapperTime = context.wrapperTime
        setBytes(line)
        litePid = 0
        liteLine = lineNumber
        liteInput = inputIndex
        liteTime = time
        inBlock = false
    }

    /// Starts a lite record: its bytes, pid and time (resolved now, in record order).
    @inline(__always)
    private func startLite(_ line: UnsafeRawBufferPointer, header h: KlogHeader, lineNumber: Int) {
        pending = true
        pendingLite = true
        liteJSON = nil
        recordTruncated = false
        pendingStream = 0
        pendingWrapperTime = nil
        setBytes(line)
        litePid = h.pid
        liteLine = lineNumber
        liteInput = inputIndex
        liteTime = resolver.resolve(month: h.month, day: h.day, hour: h.hour, minute: h.minute, second: h.second,
                                    micro: h.micro, wrapperTime: nil)
        inBlock = endsWithBlockOpener(line)
    }

    /// Turns the pending lite record into a full one (a continuation line came, or the sink does
    /// not take lite records any more), exactly as `startKlog` would have made it.
    private func promote() {
        guard pendingLite else { return }
        pendingLite = false
        if let context = liteJSON {
            liteJSON = nil
            // The full decode of the line `JSONLazy` accepted (JSONRecord.parse accepts it too).
            let bytes = owned ? UnsafeRawPointer(store) : recordStart!
            guard let j = JSONRecord.parse(bytes, recordLength) else { preconditionFailure("a lite JSON record's line no longer parses") }
            startJSON(j, lineNumber: liteLine, hits: LiteralMask(), context: context)
            view.inputIndex = liteInput
            return
        }
        // The header again, from the record's bytes (still its one line).
        let bytes = owned ? UnsafeRawPointer(store) : recordStart!
        guard let h = KlogHeader.parse(bytes, recordLength) else { preconditionFailure("a lite record's line no longer parses") }
        let block = inBlock
        begin(.klog, lineNumber: liteLine, hits: LiteralMask(), context: .bare)
        view.inputIndex = liteInput   // the record may be flushed after the next file started
        fillKlog(h)
        view.time = liteTime
        inBlock = block
    }

    private func fillKlog(_ h: KlogHeader) {
        view.textStart = h.bodyStart
        view.severity = h.severity
        view.pid = h.pid
        view.sourceFileRange = h.fileStart..<h.fileEnd
        view.sourceLine = h.sourceLine
        view.clockInBytes = resolver.zone.isUTC && h.second < 60
    }

    private func startKlog(_ line: UnsafeRawBufferPointer, header h: KlogHeader, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        begin(.klog, lineNumber: lineNumber, hits: hits, context: context)
        setBytes(line)
        fillKlog(h)
        view.time = resolver.resolve(month: h.month, day: h.day, hour: h.hour, minute: h.minute, second: h.second,
                                     micro: h.micro, wrapperTime: context.wrapperTime)
        if view.componentName == nil {
            // Cache the answer per source file name (FNV-1a of its bytes), no String per record.
            var hash: UInt64 = 0xcbf29ce484222325
            for i in h.fileStart..<h.fileEnd { hash = (hash ^ UInt64(line[i])) &* 0x100000001b3 }
            if let known = sourceComponents[hash] {
                view.componentName = known
            } else {
                let c = intern(componentForSource?(String(decoding: UnsafeRawBufferPointer(rebasing: line[h.fileStart..<h.fileEnd]), as: UTF8.self)))
                if sourceComponents.count < 4096 { sourceComponents[hash] = .some(c) }
                view.componentName = c
            }
        }
        if view.componentName == nil { view.componentName = intern(context.fallbackComponent) }
        inBlock = endsWithBlockOpener(line)
    }

    private func startJSON(_ j: JSONRecord, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        begin(.json, lineNumber: lineNumber, hits: hits, context: context)
        owned = true
        recordLength = 0
        reserve(j.rendered.count)
        j.rendered.withUnsafeBytes { if $0.count > 0 { store.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        recordLength = j.rendered.count
        view.textStart = 0
        view.severity = j.severity
        view.time = j.time ?? context.wrapperTime
        jsonDetails.fields = j.fields
        jsonDetails.message = j.message
        jsonDetails.renderedLength = j.rendered.count
        jsonDetails.sourceFileName = nil
        view.json = jsonDetails
        if let c = j.caller, let colon = c.lastIndex(of: ":") {
            view.sourceFileRange = nil
            jsonDetails.sourceFileName = String(c[..<colon].split(separator: "/").last ?? "")
            view.sourceLine = Int(c[c.index(after: colon)...])
        } else {
            view.sourceFileRange = nil; view.sourceLine = nil
        }
    }

    private func startRaw(_ line: UnsafeRawBufferPointer, lineNumber: Int, hits: LiteralMask, context: LineContext) {
        begin(.raw, lineNumber: lineNumber, hits: hits, context: context)
        setBytes(line)
        view.textStart = 0
        view.severity = context.severity
        view.sourceFileRange = nil
        view.sourceLine = nil
        view.time = context.wrapperTime
        if view.componentName == nil { view.componentName = intern(context.fallbackComponent) }
    }

    /// Attaches a line to the pending record; false when the record is at its cap (the line
    /// then starts a record of its own, and the cut is counted).
    @inline(__always)
    private func appendContinuation(_ line: UnsafeRawBufferPointer, hits: LiteralMask, context: LineContext) -> Bool {
        if pendingLite { promote() }
        if view.lineCount >= RecordLimits.maxLines || recordLength + line.count >= RecordLimits.maxBytes {
            if !recordTruncated {
                recordTruncated = true
                if cut != nil { endCut() }
                cut = (view.inputIndex, view.line, 0)
            }
            return false
        }
        if let t = context.wrapperTime { pendingWrapperTime = t }
        if !owned { own() }
        reserve(recordLength + 1 + line.count)
        store.storeBytes(of: 0x0A, toByteOffset: recordLength, as: UInt8.self)
        if line.count > 0 { (store + recordLength + 1).copyMemory(from: line.baseAddress!, byteCount: line.count) }
        recordLength += 1 + line.count
        view.lineCount += 1
        view.hits.formUnion(hits)
        return true
    }

    @inline(__always)
    private func endsWithBlockOpener(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count >= 2 && line[line.count - 1] == UInt8(ascii: "<") && line[line.count - 2] == UInt8(ascii: "=")
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
                if off + 7 <= n, let y = digits(line, off, 4), line[off + 4] == UInt8(ascii: "-"), let m = digits(line, off + 5, 2) {
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
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }
}
