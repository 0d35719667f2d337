#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceKernels

/// Reads one rotation group as one stream, through a chain in which each stage hands on to the next:
///
///     StreamDriver ─► wrapper (Formats/) ─► RecordAssembler ─► SeamFilter ─► StreamTally ─► sink
///     members,        unwrapping,          lines to           copytruncate    per-file counts,   HitCollector,
///     blocks, lines,  partial lines        records            repeats         --only             record writer...
///     prefilter
///
/// The driver opens each member (gzip or plain, by content), detects its wrapper
/// (`FormatRegistry`), splits lines on bytes, runs the literal prefilter per block and hands each
/// line to the member's wrapper. Damage is reported as diagnostics; everything readable is still
/// read. It also dates the members (year provenance) and reports what the stages counted.
public final class StreamDriver {
    private let group: InputGroup
    private let options: ReadOptions
    private let prefilter: BlockPrefilter?
    private let log: DiagnosticLog
    private let resolver: YearResolver
    private let tally: StreamTally
    private let seams: SeamFilter<StreamTally>
    private let assembler: RecordAssembler<SeamFilter<StreamTally>>
    public var stats: [InputStats] { tally.stats }
    /// The components named and the earliest and latest record time read so far (`StreamTally.soFar`).
    var soFar: (components: Set<String>, first: Int64?, last: Int64?) { tally.soFar }
    private var current = 0

    private let liveSource: ByteSource?
    private let newlines = NewlineIndex()

    public init(group: InputGroup, options: ReadOptions, prefilter: BlockPrefilter?, sink: RecordSink, log: DiagnosticLog,
                source: ByteSource? = nil) {
        self.liveSource = source
        self.group = group
        self.options = options
        self.prefilter = prefilter
        self.log = log
        self.resolver = YearResolver(year: options.year, zone: options.zone)
        resolver.fallbackDate = options.fallbackDate
        self.tally = StreamTally(group: group, options: options, sink: sink)
        self.seams = SeamFilter(tally)
        self.assembler = RecordAssembler(resolver: resolver, sink: seams)
        assembler.lite = tally.sinkAcceptsLite
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
            guard let end = tally.stats[i - 1].last, let start = tally.stats[i].first else { continue }
            let gap = start - end
            guard gap < -Timestamp.microsPerDay || gap > 300 * Timestamp.microsPerDay else { continue }
            log.add(Diagnostic(.warning, kind: .yearsDisagree, path: group.files[i].displayPath,
                               "starts at \(Timestamp.rfc3339Seconds(start)) but the member rotated before it, \(InputFile.basename(group.files[i - 1].path)), ends at \(Timestamp.rfc3339Seconds(end)): their years disagree (year from \(tally.stats[i].yearFrom.rawValue) and \(tally.stats[i - 1].yearFrom.rawValue))",
                               help: "check the files' modification times, or give the year with --year YYYY"))
        }
    }

    /// Reads every member in order; returns the per-file stats.
    public func run() -> [InputStats] {
        for (i, f) in group.files.enumerated() {
            current = i
            tally.lastComponent = nil
            if i > 0 { seams.beginMember(group.firstIndex + i) }   // a rotated member: check it against the last one's tail
            assembler.inputIndex = group.firstIndex + i
            let klogBefore = tally.klogRecords
            // CRI keeps one file per container start (0.log, 1.log, ...): a new one is a restart.
            if i > 0, RotationName.parse(InputFile.basename(f.path)).base != RotationName.parse(InputFile.basename(group.files[i - 1].path)).base {
                tally.stats[i].restarts += 1
                tally.lastPid = nil
                tally.restartPending = true
            }
            readMember(f)
            tally.commit()
            if i > 0 && seams.duplicates > 0 {
                log.add(Diagnostic(.note, kind: .input, path: f.displayPath, "\(seams.duplicates) records at the start repeat the end of \(InputFile.basename(group.files[i - 1].path)) (copytruncate rotation): counted once"))
            }
            tally.stats[i].yearFrom = resolver.used
            if tally.klogRecords == klogBefore {
                // No klog header to date: times came from the records or wrappers themselves.
                tally.stats[i].yearFrom = tally.stats[i].wrapper == "plain" || tally.stats[i].wrapper.hasPrefix("kubernetes-") ? (tally.stats[i].first == nil ? .none : .record) : .wrapper
            }
        }
        assembler.flush()
        assembler.endCut()
        tally.finish()
        // Year inference of records flushed late belongs to the last file.
        if let last = stats.indices.last, tally.klogRecords > 0, tally.stats[last].yearFrom != .record { tally.stats[last].yearFrom = resolver.used }
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
        // Kubernetes object documents (events, namespaces, APIServices, a watch of them): read
        // document by document, off the line path. Never for a chunk of a file.
        if f.byteRange == nil {
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
                tally.stats[current].bytes += block.count
                // Near the end of a member that another member follows: remember its records.
                if current + 1 < group.files.count && !seams.watchesTail(group.firstIndex + current)
                    && tally.stats[current].bytes + SeamWindow.tailBytes >= expectedSize {
                    seams.watchTail(group.firstIndex + current)
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
                var liteFast = detected && wrapper == nil && assembler.liteReady && seams.acceptsLite
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
                        tally.stats[current].wrapper = format.id
                        if ObjectIdentifier(format) != ObjectIdentifier(BareLines.self) { wrapper = format.init() }
                        liteFast = wrapper == nil && assembler.liteReady && seams.acceptsLite
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
        tally.stats[current].lines = lineNo
        // A plain file that shrank while it was read (truncated, rotated by copytruncate).
        if !magic, f.byteRange == nil, !f.isStream, liveSource == nil, let c = counting, expectedSize != Int.max, c.bytesRead < expectedSize,
           !tally.stats[current].failed {
            log.add(Diagnostic(.warning, kind: .input, path: f.displayPath,
                               "file changed while reading: \(c.bytesRead) of its \(expectedSize) bytes read",
                               help: "it was truncated or rotated meanwhile; analyse a copy for a stable result"))
        }
        wrapper?.finish(self)
    }


    /// Reads a stream of Kubernetes object documents (one document, or several one after another
    /// as a watch writes them) and feeds each event and condition as a record of its own time,
    /// severity and component (see `KubeObjects`), each document as soon as it is complete, so a
    /// followed watch is read as it happens. A document over its format's cap is refused; a
    /// damaged one is reported and the documents after it are still read. The record's line
    /// number is its entry's ordinal in the stream.
    private func readDocument(_ source: ByteSource, format: KubeObjects.Format, _ f: InputFile) {
        tally.stats[current].wrapper = format.rawValue
        let cap = format == .json ? KubeObjects.maxJSONBytes : KubeObjects.maxYAMLBytes
        var splitter = KubeObjects.Splitter(format: format, cap: cap)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var ordinal = 0
        // Objects are about the cluster, not about the directory they were found in.
        let savedNode = assembler.fileNode, savedComponent = assembler.fileComponent
        assembler.fileNode = nil
        assembler.fileComponent = nil
        assembler.flush()
        tally.readingDocument = true
        defer { tally.readingDocument = false; assembler.fileNode = savedNode; assembler.fileComponent = savedComponent }
        tally.stats[current].node = nil
        func parse(_ doc: (line: Int, bytes: [UInt8])) {
            let entries: [KubeObjects.Entry]
            do {
                entries = try KubeObjects.entries(doc.bytes, format: format)
            } catch let e as KubeObjects.DocumentError {
                fail(f, doc.line == 1 ? nil : doc.line, "Kubernetes object document: \(e.message): skipped",
                     format == .describe ? "check the file is complete (kubectl describe KIND NAME > FILE)"
                        : "check the file is complete (kubectl get ... -o \(format == .json ? "json" : "yaml") > FILE)")
                return
            } catch { fail(f, nil, "\(error)", nil); return }
            for e in entries {
                ordinal += 1
                var ctx = LineContext()
                ctx.wrapperTime = e.time
                ctx.severity = e.severity
                ctx.component = e.component
                ctx.node = e.node
                var text = Array(e.text.utf8)
                text.withUnsafeBytes { line in
                    let m = prefilter?.mask(of: line) ?? LiteralMask()
                    assembler.feed(line, lineNumber: ordinal, hits: m, context: ctx)
                    assembler.flush()
                }
                text = []
            }
            if tally.stats[current].component == nil, let c = entries.first?.component { tally.stats[current].component = c }
        }
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                if n < 0 { continue }
                tally.stats[current].bytes += n
                tally.stats[current].lines += chunk[0..<n].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                let docs = chunk.withUnsafeBytes { splitter.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                for d in docs { parse(d) }
                if splitter.oversized {
                    fail(f, nil, "Kubernetes object document larger than \(cap >> 20) MiB: skipped",
                         "split it (kubectl get events -n NAMESPACE -o json, one object kind per file) or give the log files only")
                    return
                }
            }
        } catch let e as InputError {
            fail(f, nil, e.message, e.help); return
        } catch { fail(f, nil, "\(error)", nil); return }
        if let rest = splitter.finish() { parse(rest) }
    }

    /// The size a member decompresses to: the file size, or for gzip the ISIZE trailer (mod 4 GiB).
    static func uncompressedSize(_ f: InputFile, gzip: Bool) -> Int {
        if let r = f.byteRange { return r.count }
        if f.isStream { return Int.max }   // a FIFO has no size, and a second open would race its writer
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
        tally.stats[current].failed = true
        let skipped = message.hasPrefix("binary data")
        log.add(Diagnostic(skipped ? .warning : .error, path: f.displayPath, line: line == 0 ? nil : line, message, help: help))
    }

    static func looksBinary(_ block: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < block.count && block[i] == 0 { i += 1 }   // NUL padding after a bad rotation
        let sample = block[i..<min(block.count, i + 8192)]
        guard !sample.isEmpty else { return false }
        var bad = 0
        for c in sample where c == 0 || (c < UInt8(ascii: " ") && c != UInt8(ascii: "\t") && c != UInt8(ascii: "\n") && c != UInt8(ascii: "\r") && c != 0x1B) { bad += 1 }
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
