#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceKernels

/// Reads one rotation group as one stream: opens each member (gzip or plain, by content),
/// detects its wrapper (`FormatRegistry`), splits lines on bytes, runs the literal prefilter per
/// block, and hands each line to the member's wrapper (`Formats/`), which hands its content to
/// the `RecordAssembler`. Damage is reported as diagnostics; everything readable is still read.
public final class StreamReader: RecordSink {
    private let group: InputGroup
    private let options: ReadOptions
    private let prefilter: BlockPrefilter?
    private let sink: RecordSink
    private let log: DiagnosticLog
    private let resolver: YearResolver
    private let assembler: RecordAssembler<StreamReader>
    public private(set) var stats: [InputStats]
    private var current = 0

    private let liveSource: ByteSource?
    private let newlines = NewlineIndex()

    public init(group: InputGroup, options: ReadOptions, prefilter: BlockPrefilter?, sink: RecordSink, log: DiagnosticLog,
                source: ByteSource? = nil) {
        self.liveSource = source
        self.group = group
        self.options = options
        self.prefilter = prefilter
        self.sink = sink
        self.log = log
        self.resolver = YearResolver(year: options.year, zone: options.zone)
        resolver.fallbackDate = options.fallbackDate
        self.stats = group.files.map {
            var s = InputStats(path: $0.displayPath, component: group.component, node: group.node)
            s.walkedFrom = $0.walkedFrom
            return s
        }
        (windowSince, windowUntil) = options.window
        self.assembler = RecordAssembler(resolver: resolver)
        assembler.bind(self)
        assembler.lite = sink.acceptsLite
        onlyNames = options.only.map { Set($0.map { Name($0) }) }
        assembler.fileComponent = group.component
        assembler.fileNode = group.node
        assembler.componentForSource = ComponentNames.fromSourceFile
        assembler.onCapped = { [log, group] index, line, cutLines in
            let f = group.files[index - group.firstIndex]
            log.add(Diagnostic(.warning, kind: .input, path: f.displayPath, line: line,
                               "record has more than \(RecordLimits.maxLines) lines or 1 MiB: the \(cutLines) line\(cutLines == 1 ? "" : "s") after it were read as records of their own",
                               help: "a runaway multi-line message; its first lines are the record"))
        }
    }

    private let windowSince: Int64, windowUntil: Int64
    private var klogRecords = 0
    private var onlyNames: Set<Name>?
    private var lastComponent: Name?

    private var lastPid: Int?

    // copytruncate seams: records at the end of one member that reappear at the start of the next.
    private var tails: [Int: [UInt64]] = [:]   // input index -> hashes of its last records
    private var seamIndex: Int?
    private var seamHashes: Set<UInt64>?
    private var seamChecksLeft = 0
    private var seamDuplicates = 0
    static let seamWindow = 512
    static let tailBytes = 2 << 20

    @inline(__always)
    static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for c in b { h = (h ^ UInt64(c)) &* 0x100000001b3 }
        return h
    }

    public func consume(_ record: RecordView) {
        if !tails.isEmpty && tails[record.inputIndex] != nil {
            tails[record.inputIndex]!.append(Self.hash(record.bytes))
            if tails[record.inputIndex]!.count > Self.seamWindow * 2 { tails[record.inputIndex]!.removeFirst(Self.seamWindow) }
        } else if seamChecksLeft > 0 && record.inputIndex == seamIndex {
            seamChecksLeft -= 1
            if seamHashes == nil {
                // The previous member's last record was handed out before this one: its tail is complete.
                seamHashes = Set(tails[record.inputIndex - 1] ?? [])
                tails[record.inputIndex - 1] = nil
            }
            if seamHashes!.contains(Self.hash(record.bytes)) {
                seamDuplicates += 1
                return
            }
        }
        let i = record.inputIndex - group.firstIndex
        if record.kind == .klog { noteKlog(pid: record.pid, i) }
        noteRecord(i, time: record.time, raw: record.kind == .raw && !readingDocument, line: record.line)
        if let n = record.componentName, n != lastComponent { noteComponent(n, i) }
        forwardLite()
        if let only = onlyNames {
            guard let n = record.componentName, only.contains(n) else { return }
        }
        sink.consume(record)
    }

    /// Lite records: what the stream keeps of a bare klog record no literal hit (its pid, time
    /// and count); the sink gets only its time. Accepted unless a copytruncate seam is being
    /// checked, which needs every record's bytes.
    public var acceptsLite: Bool { sinkAcceptsLite && tails.isEmpty && seamChecksLeft == 0 }
    private lazy var sinkAcceptsLite = sink.acceptsLite

    @inline(__always)
    public func consumeLite(inputIndex: Int, time: Int64, pid: Int, component: Name?, line: Int) {
        let i = inputIndex - group.firstIndex
        noteKlog(pid: pid, i)
        noteRecord(i, time: time, raw: false, line: line)
        if let n = component, n != lastComponent { noteComponent(n, i) }
        lastLite = (inputIndex, time, pid, component, line)
    }

    /// The last lite record, told to the sink only before its next full record (and at the end):
    /// a sink keeps nothing of lite records but the latest (see `RecordSink.consumeLite`).
    private var lastLite: (input: Int, time: Int64, pid: Int, component: Name?, line: Int)?

    @inline(__always)
    private func forwardLite() {
        guard let l = lastLite else { return }
        lastLite = nil
        sink.consumeLite(inputIndex: l.input, time: l.time, pid: l.pid, component: l.component, line: l.line)
    }

    @inline(__always)
    private func noteKlog(pid: Int?, _ i: Int) {
        klogRecords += 1
        if let p = pid, p != lastPid {
            if lastPid != nil { stats[i].restarts += 1 }
            if stats[i].firstPid == nil { stats[i].firstPid = p }
            stats[i].lastPid = p
            lastPid = p
        }
    }

    @inline(__always)
    private func noteRecord(_ i: Int, time: Int64?, raw: Bool, line: Int) {
        if i != tally.index { commitTally(); tally = Tally(index: i) }
        tally.records += 1
        if raw { tally.unparsed += 1 }
        if let t = time {
            if t < tally.first { tally.first = t }
            if t > tally.last { tally.last = t }
            if t >= windowSince && t <= windowUntil { tally.inWindow += 1 }
            // Records per day: one compare while the day stays the same.
            if t >= tally.dayStart && t < tally.dayStart &+ Timestamp.microsPerDay {
                tally.day.records += 1
                if t < tally.day.first { tally.day.first = t }
                if t > tally.day.last { tally.day.last = t }
            } else {
                newDay(t, line: line)
            }
        }
    }

    private func newDay(_ t: Int64, line: Int) {
        if tally.day.records > 0 { stats[tally.index].note(day: tally.dayStart / Timestamp.microsPerDay, tally.day) }
        var d = t / Timestamp.microsPerDay
        if t < 0 && t % Timestamp.microsPerDay != 0 { d -= 1 }
        tally.dayStart = d * Timestamp.microsPerDay
        tally.day = InputStats.DayTally(records: 1, firstLine: line, first: t, last: t)
    }

    private func noteComponent(_ n: Name, _ i: Int) {
        lastComponent = n
        let c = n.string
        if stats[i].components.insert(c).inserted && stats[i].component == nil && group.component == nil {
            stats[i].component = ComponentNames.known.contains(c) ? c : stats[i].component
        }
    }

    /// Per-record counts of the file being read, kept in scalars and added to `stats` when the
    /// records move on to another file (no array-of-struct update per record).
    private struct Tally {
        var index = -1
        var records = 0, unparsed = 0, inWindow = 0
        var first = Int64.max, last = Int64.min
        var dayStart = Int64.max
        var day = InputStats.DayTally()
    }
    private var tally = Tally()

    private func commitTally() {
        guard tally.index >= 0 else { return }
        stats[tally.index].records += tally.records
        stats[tally.index].unparsed += tally.unparsed
        stats[tally.index].inWindow += tally.inWindow
        if tally.first != Int64.max { stats[tally.index].note(time: tally.first); stats[tally.index].note(time: tally.last) }
        if tally.day.records > 0 { stats[tally.index].note(day: tally.dayStart / Timestamp.microsPerDay, tally.day) }
        tally = Tally()
    }

    /// Modification times before 2000 are not evidence: archives without times (zip's 1980-01-01,
    /// reproducible tarballs and image layers at the epoch) leave them, not the writer.
    public static let earliestUsableMtime: Int64 = 946_684_800

    /// Per member, the day (since the epoch) its last record cannot be later than, and what tells.
    /// Every record of a member precedes the next member's, so the bound is the earliest of its own
    /// dated rotated name or usable modification time and those of the members after it. And a
    /// group is one stream: a member does not start more than a year after the one before it ends,
    /// so its bound is at most 364 days after the previous member's (a copy that did not keep
    /// modification times gives the newer members today's date; the older members' dated names or
    /// kept times still date them). The resolver adds a day of slack (a dateext name dated the day
    /// before rotation, an mtime read in UTC against a klog clock in another zone).
    static func endBounds(_ files: [InputFile]) -> [(day: Int64, source: YearResolver.Source)?] {
        typealias Bound = (day: Int64, source: YearResolver.Source)
        var out: [Bound?] = Array(repeating: nil, count: files.count)
        var later: Bound?
        for i in files.indices.reversed() {
            var own: Bound?
            if let d = files[i].rotationDate { own = (Timestamp.days(year: d.year, month: d.month, day: d.day), .filename) }
            if let m = files[i].mtime, m >= earliestUsableMtime, own == nil || m / 86_400 < own!.day { own = (m / 86_400, .mtime) }
            if let o = own, later == nil || o.day <= later!.day { later = o }
            out[i] = later
        }
        for i in files.indices.dropFirst() {
            guard let prev = out[i - 1] else { continue }
            if out[i] == nil || out[i]!.day > prev.day + 364 { out[i] = (prev.day + 364, prev.source) }
        }
        return out
    }

    private lazy var endBounds = Self.endBounds(group.files)

    /// Warns when two consecutive members of the group do not follow each other in time: the newer
    /// one starts long after (or well before) the older one ends, which a wrong year gives.
    private func checkMemberYears() {
        for i in stats.indices.dropFirst() {
            guard let end = stats[i - 1].last, let start = stats[i].first else { continue }
            let gap = start - end
            guard gap < -Timestamp.microsPerDay || gap > 300 * Timestamp.microsPerDay else { continue }
            log.add(Diagnostic(.warning, kind: .yearsDisagree, path: group.files[i].displayPath,
                               "starts at \(Timestamp.rfc3339Seconds(start)) but the member rotated before it, \(InputFile.basename(group.files[i - 1].path)), ends at \(Timestamp.rfc3339Seconds(end)): their years disagree (year from \(stats[i].yearFrom.rawValue) and \(stats[i - 1].yearFrom.rawValue))",
                               help: "check the files' modification times, or give the year with --year YYYY"))
        }
    }

    /// Reads every member in order; returns the per-file stats.
    public func run() -> [InputStats] {
        for (i, f) in group.files.enumerated() {
            current = i
            lastComponent = nil
            if i > 0 {   // a new rotated member: check its first records against the last one's tail
                seamIndex = group.firstIndex + i
                seamHashes = nil
                seamChecksLeft = Self.seamWindow
                seamDuplicates = 0
            }
            assembler.inputIndex = group.firstIndex + i
            let klogBefore = klogRecords
            // CRI keeps one file per container start (0.log, 1.log, ...): a new one is a restart.
            if i > 0, RotationName.parse(InputFile.basename(f.path)).base != RotationName.parse(InputFile.basename(group.files[i - 1].path)).base {
                stats[i].restarts += 1
                lastPid = nil
            }
            readMember(f)
            commitTally()
            if i > 0 && seamDuplicates > 0 {
                log.add(Diagnostic(.note, kind: .input, path: f.displayPath, "\(seamDuplicates) records at the start repeat the end of \(InputFile.basename(group.files[i - 1].path)) (copytruncate rotation): counted once"))
            }
            stats[i].yearFrom = resolver.used
            if klogRecords == klogBefore {
                // No klog header to date: times came from the records or wrappers themselves.
                stats[i].yearFrom = stats[i].wrapper == "plain" || stats[i].wrapper.hasPrefix("kubernetes-") ? (stats[i].first == nil ? .none : .record) : .wrapper
            }
        }
        assembler.flush()
        assembler.endCut()
        forwardLite()
        commitTally()
        // Year inference of records flushed late belongs to the last file.
        if let last = stats.indices.last, klogRecords > 0, stats[last].yearFrom != .record { stats[last].yearFrom = resolver.used }
        if stats.count > 1 { checkMemberYears() }
        for (i, s) in stats.enumerated() where s.yearFrom == .fallback {
            let f = options.fallbackDate
            log.add(Diagnostic(.warning, kind: .yearGuessed, path: group.files[i].displayPath,
                               "year guessed: today's date (\(f.year)-\(Self.two(f.month))-\(Self.two(f.day))): no wrapper, klog header, dated name or usable modification time tells the year of its klog times",
                               help: "give it with --year YYYY"))
        }
        return stats
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private func readMember(_ f: InputFile) {
        let raw: ByteSource
        do {
            if let r = f.byteRange {
                let fd = try FDSource(path: f.path)
                guard lseek(fd.fd, off_t(r.lowerBound), SEEK_SET) >= 0 else { throw InputError("cannot seek: \(String(cString: strerror(errno)))") }
                raw = LimitedSource(fd, limit: r.count)
            } else {
                raw = try liveSource ?? (f.isStdin ? FDSource(fd: 0, owns: false) : FDSource(path: f.path))
            }
            if let s = f.seed { resolver.noteHeader(year: s.year, month: s.month) }
        } catch let e as InputError {
            fail(f, nil, e.message, e.help); return
        } catch { fail(f, nil, "\(error)", nil); return }
        let peek: PeekSource
        do { peek = try PeekSource(raw) } catch { fail(f, nil, "\(error)", nil); return }
        let magic = peek.peeked.withUnsafeBytes { GzipSource.hasMagic($0) }
        var source: ByteSource = peek
        if magic {
            do { source = try GzipSource(peek, decoder: options.gzipDecoder) } catch { fail(f, nil, "\(error)", nil); return }
        } else if f.path.hasSuffix(".gz") && !peek.peeked.isEmpty {
            log.add(Diagnostic(.warning, kind: .input, path: f.displayPath, "named .gz but is not gzip data: read as plain text"))
        }
        // A Kubernetes object document (events, namespaces, APIServices): read whole, off the
        // line path. Never for a followed file or a chunk of one.
        if !(liveSource is FollowSource) && f.byteRange == nil {
            let head: PeekSource
            if magic {
                do { head = try PeekSource(source, deferringErrors: true) } catch { fail(f, nil, "\(error)", nil); return }
                source = head
            } else {
                head = peek
            }
            if let format = head.peeked.withUnsafeBytes({ KubeObjects.detect($0) }) {
                readDocument(head, format: format, f)
                return
            }
        }
        if let b = endBounds[current] {
            let (y, mo, d) = Timestamp.civil(days: b.day + 1)
            resolver.noteEnd(year: y, month: mo, day: d, source: b.source)
        } else {
            resolver.clearEnd()
        }
        // The member's wrapper: bare lines (the common case) without a dynamic call per line.
        var detected = false
        var bare = BareLines()
        var wrapper: (any FileWrapper)?
        var lineNo = 0
        let expectedSize = Self.uncompressedSize(f, gzip: magic)
        let counting = raw as? CountingSource
        var reported = 0
        var firstBlock = true
        let reader = BlockReader(maxLine: options.maxLine, blockSize: options.blockSize)
        do {
            try reader.forEachBlock(source) { block, truncatedTail in
                if block.count == 0 { assembler.flush(); return }
                defer { assembler.detach() }   // the block's memory is reused after this call
                if firstBlock {
                    firstBlock = false
                    if Self.looksBinary(block) {
                        throw InputError("binary data, not a log: skipped", help: "remove it from the input or name the log files explicitly")
                    }
                }
                stats[current].bytes += block.count
                // Near the end of a member that another member follows: remember its records.
                if current + 1 < group.files.count && tails[group.firstIndex + current] == nil && stats[current].bytes + Self.tailBytes >= expectedSize {
                    tails[group.firstIndex + current] = []
                }
                if let progress = options.progress, let c = counting {
                    progress.add(c.bytesRead - reported); reported = c.bytesRead
                }
                prefilter?.begin(block)
                var newline = newlines.index(block)
                let base = block.baseAddress!
                var p = 0
                let n = block.count
                // Lines of a plain file that no literal hit go the lite fast path while the sink
                // takes lite records (which holds for the whole block once true at its start).
                var liteFast = detected && wrapper == nil && assembler.liteReady && acceptsLite
                while p < n {
                    let nl = newline.next()
                    lineNo += 1
                    var len = nl - p
                    if len > 0 && base.load(fromByteOffset: p + len - 1, as: UInt8.self) == 13 { len -= 1 }
                    let hits = prefilter?.mask(lineStart: p, lineEnd: nl) ?? LiteralMask()
                    if liteFast && hits.isEmpty && assembler.feedLite(base + p, len, lineNumber: lineNo) { p = nl + 1; continue }
                    let line = UnsafeRawBufferPointer(start: base + p, count: len)
                    if !detected {
                        if len == 0 { p = nl + 1; continue }
                        detected = true
                        let format = FormatRegistry.detect(line)
                        stats[current].wrapper = format.id
                        if ObjectIdentifier(format) != ObjectIdentifier(BareLines.self) { wrapper = format.init() }
                        liteFast = wrapper == nil && assembler.liteReady && acceptsLite
                    }
                    if wrapper == nil { bare.feed(line, lineNo, hits, self) } else { wrapper!.feed(line, lineNo, hits, self) }
                    p = nl + 1
                }
                if truncatedTail {
                    log.add(Diagnostic(.warning, kind: .input, path: f.displayPath, line: lineNo,
                                       "line longer than \(options.maxLine) bytes: truncated to \(options.maxLine) bytes",
                                       help: "the rest of that line was skipped"))
                }
            }
        } catch let e as InputError {
            fail(f, lineNo, e.message, e.help)
        } catch {
            fail(f, lineNo, "\(error)", nil)
        }
        stats[current].lines = lineNo
        // A plain file that shrank while it was read (truncated, rotated by copytruncate).
        if !magic, f.byteRange == nil, !f.isStdin, liveSource == nil, let c = counting, expectedSize != Int.max, c.bytesRead < expectedSize,
           !stats[current].failed {
            log.add(Diagnostic(.warning, kind: .input, path: f.displayPath,
                               "file changed while reading: \(c.bytesRead) of its \(expectedSize) bytes read",
                               help: "it was truncated or rotated meanwhile; analyse a copy for a stable result"))
        }
        wrapper?.finish(self)
    }

    /// Records fed from a Kubernetes object document are not unparsed lines.
    private var readingDocument = false

    /// Reads a Kubernetes object document whole (up to its format's cap) and feeds each event
    /// and condition as a record of its own time, severity and component (see `KubeObjects`).
    /// The record's line number is its entry's ordinal in the document.
    private func readDocument(_ source: ByteSource, format: KubeObjects.Format, _ f: InputFile) {
        stats[current].wrapper = format.rawValue
        let cap = format == .json ? KubeObjects.maxJSONBytes : KubeObjects.maxYAMLBytes
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                if n < 0 { continue }
                if bytes.count + n > cap {
                    stats[current].bytes = bytes.count + n
                    fail(f, nil, "Kubernetes object document larger than \(cap >> 20) MiB: skipped",
                         "split it (kubectl get events -n NAMESPACE -o json, one object kind per file) or give the log files only")
                    return
                }
                bytes.append(contentsOf: chunk[0..<n])
            }
        } catch let e as InputError {
            fail(f, nil, e.message, e.help); return
        } catch { fail(f, nil, "\(error)", nil); return }
        stats[current].bytes = bytes.count
        stats[current].lines = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        let entries: [KubeObjects.Entry]
        do {
            entries = try KubeObjects.entries(bytes, format: format)
        } catch let e as KubeObjects.DocumentError {
            fail(f, nil, "Kubernetes object document: \(e.message): skipped", "check the file is complete (kubectl get ... -o \(format == .json ? "json" : "yaml") > FILE)")
            return
        } catch { fail(f, nil, "\(error)", nil); return }
        bytes = []
        // Objects are about the cluster, not about the directory they were found in.
        let savedNode = assembler.fileNode, savedComponent = assembler.fileComponent
        assembler.fileNode = nil
        assembler.fileComponent = nil
        assembler.flush()
        readingDocument = true
        defer { readingDocument = false; assembler.fileNode = savedNode; assembler.fileComponent = savedComponent }
        stats[current].node = nil
        for (k, e) in entries.enumerated() {
            var ctx = LineContext()
            ctx.wrapperTime = e.time
            ctx.severity = e.severity
            ctx.component = e.component
            ctx.node = e.node
            var text = Array(e.text.utf8)
            text.withUnsafeBytes { line in
                let m = prefilter?.mask(of: line) ?? LiteralMask()
                assembler.feed(line, lineNumber: k + 1, hits: m, context: ctx)
                assembler.flush()
            }
            text = []
        }
        if stats[current].component == nil, let c = entries.first?.component { stats[current].component = c }
    }

    /// The size a member decompresses to: the file size, or for gzip the ISIZE trailer (mod 4 GiB).
    static func uncompressedSize(_ f: InputFile, gzip: Bool) -> Int {
        if let r = f.byteRange { return r.count }
        let fd = open(f.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return Int.max }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return Int.max }
        guard gzip else { return Int(st.st_size) }
        var isize: UInt32 = 0
        guard st.st_size >= 4, pread(fd, &isize, 4, off_t(st.st_size - 4)) == 4 else { return Int.max }
        return Int(UInt32(littleEndian: isize))
    }

    private func fail(_ f: InputFile, _ line: Int?, _ message: String, _ help: String?) {
        stats[current].failed = true
        let skipped = message.hasPrefix("binary data")
        log.add(Diagnostic(skipped ? .warning : .error, path: f.displayPath, line: line == 0 ? nil : line, message, help: help))
    }

    static func looksBinary(_ block: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < block.count && block[i] == 0 { i += 1 }   // NUL padding after a bad rotation
        let sample = block[i..<min(block.count, i + 8192)]
        guard !sample.isEmpty else { return false }
        var bad = 0
        for c in sample where c == 0 || (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x1B) { bad += 1 }
        return bad * 10 > sample.count
    }

    // MARK: - what wrappers hand on (Formats/)

    /// The year resolver of this stream (a journald date has no year).
    var years: YearResolver { resolver }
    var maxLine: Int { options.maxLine }

    /// One line's content, unwrapped, with what its wrapper knows.
    @inline(__always)
    func emit(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ context: LineContext) {
        assembler.feed(line, lineNumber: lineNumber, hits: hits, context: context)
    }

    /// A line the wrapper built in its own buffer (joined fragments, unescaped JSON): scanned for
    /// literals here, and detached from that buffer before it changes.
    @inline(__always)
    func emitJoined(_ joined: UnsafeRawBufferPointer, _ lineNumber: Int, _ context: LineContext) {
        let m = prefilter?.mask(of: joined) ?? LiteralMask()
        assembler.feed(joined, lineNumber: lineNumber, hits: m, context: context)
        assembler.detach()
    }

    /// The prefilter's literals in a line the block scan did not see as it is.
    @inline(__always)
    func mask(of line: UnsafeRawBufferPointer) -> LiteralMask { prefilter?.mask(of: line) ?? LiteralMask() }

    func warn(line: Int, _ message: String, help: String) {
        log.add(Diagnostic(.warning, kind: .input, path: group.files[current].displayPath, line: line, message, help: help))
    }

    func note(line: Int, _ message: String) {
        log.add(Diagnostic(.note, kind: .input, path: group.files[current].displayPath, line: line, message))
    }
}

extension InputFile: Equatable {
    public static func == (a: InputFile, b: InputFile) -> Bool { a.path == b.path }
}
