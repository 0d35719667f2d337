import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceKernels

/// What a whole analysis needs besides the paths.
public struct AnalysisOptions: Sendable {
    public var read = ReadOptions()
    public var componentOverrides: [(name: String, glob: String)] = []
    public var since: Int64?
    public var until: Int64?
    /// `--since 2h`: a duration back from the last record of the input.
    public var sinceBack: Int64?
    public var untilBack: Int64?
    public var skew: Int64 = 5 * 60 * 1_000_000
    public var workers = 2
    /// Split large plain files into chunks read in parallel (same result, faster on big files).
    public var splitLargeFiles = true
    public var minChunk = FileChunker.minChunk

    public init() {}
}

/// Wires the pipeline for batch analysis: discover -> read groups in parallel (parse + prefilter +
/// match, one stream per rotation group) -> merge hits by time -> signal engine -> correlator.
public final class Analyzer {
    /// The most read items the last `run` held at once, waiting for an earlier one to merge
    /// (memory stays bounded by this, not by the number of files or chunks).
    public private(set) var heldPeak = 0
    public let rules: RuleSet
    public let options: AnalysisOptions
    public var collectTemplates = false

    public init(rules: RuleSet, options: AnalysisOptions) {
        self.rules = rules
        self.options = options
    }

    public func run(paths: [String], log: DiagnosticLog) -> AnalysisResult {
        let groups = InputDiscovery(componentOverrides: options.componentOverrides).discover(paths, log: log)
        if groups.isEmpty { log.add(Diagnostic(.error, kind: .input, "no log files found in \(paths.joined(separator: " "))", help: "give log files, directories or - for stdin")) }
        return run(groups: groups, sources: nil, log: log)
    }

    /// Analyses groups; `sources` (one per group, for in-memory inputs such as rule examples)
    /// replace reading the files from disk. Large plain files are split into chunks read in
    /// parallel; work runs on `workers` threads (items too big to split first); results merge in
    /// input order as soon as they can (`OrderedMerge`).
    public func run(groups: [InputGroup], sources: [ByteSource]?, log: DiagnosticLog) -> AnalysisResult {
        let limitsBefore = rules.regexLimitHits()
        var groups = groups
        var index = 0
        for i in groups.indices { groups[i].firstIndex = index; index += groups[i].files.count }
        var allPaths: [String] = []
        for g in groups { allPaths += g.files.map(\.displayPath) }
        // Work items: a whole group, or one chunk of a single-file group.
        var items: [(group: Int, reading: InputGroup, size: Int)] = []
        for (gi, g) in groups.enumerated() {
            if sources == nil, options.splitLargeFiles, g.files.count == 1, let chunks = FileChunker.chunks(of: g.files[0], forcedYear: options.read.year, minChunk: options.minChunk) {
                for c in chunks {
                    var part = g
                    part.files = [c]
                    items.append((gi, part, c.byteRange?.count ?? 0))
                }
            } else {
                items.append((gi, g, sources == nil ? g.files.reduce(0) { $0 + Self.fileSize($1.path) } : 0))
            }
        }
        options.read.progress?.total = items.reduce(0) { $0 + $1.size }
        // Work order: items too big to split (gzip members, wrapped files) largest first, so no
        // long one starts last; then the rest, chunks included, in input order, the order they
        // merge in, so a read item waits for the merge only while an earlier one is being read.
        let big = 2 * options.minChunk
        let order = items.indices.sorted {
            let a = items[$0].size > big ? items[$0].size : 0, b = items[$1].size > big ? items[$1].size : 0
            return a != b ? a > b : $0 < $1
        }
        // Relative windows (`--since 2h`) count back from the end of the input: a first pass
        // over the times finds it, so the analysis pass can fold hits as they come.
        var bounds = (since: options.since, until: options.until)
        if sources == nil && (options.sinceBack != nil || options.untilBack != nil) {
            let end = timeRange(items.map(\.reading), paths: allPaths)
            if let b = options.sinceBack { bounds.since = bounds.since ?? end.map { $0 &- b } }
            if let b = options.untilBack { bounds.until = bounds.until ?? end.map { $0 &- b } }
        }
        // Each item's result merges, in input order, as soon as it and every item before it are
        // read: memory holds the results read ahead of the merge, not one per item (64 chunks of
        // a 4 GiB input held about 1 MiB each until the end before).
        let merge = OrderedMerge(count: items.count, engine: SignalEngine(rules: rules),
                                 templates: collectTemplates ? TemplateCounter() : nil)
        let next = Counter()
        let workers = max(1, min(options.workers, items.count))
        // At most `ahead` items are read or read and waiting for the merge: a thread that runs
        // slow, or a file that takes long, cannot leave the rest piling up. A worker takes a
        // permit before it takes an item, so items start in `order`; an item that fits in a
        // chunk keeps its permit until it merges, one too big to split (they go first) gives it
        // back when read. So the earliest unmerged item is always being read, and every wait ends.
        let ahead = 2 * workers
        let permits = DispatchSemaphore(value: ahead)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            // One prefilter per component and worker: building one costs more than reading a small file.
            var prefilters: [String: BlockPrefilter] = [:]
            while true {
                permits.wait()
                let k = next.increment()
                guard k < order.count else { permits.signal(); return }
                let i = order[k]
                let reading = items[i].reading
                // Chunks report with chunk-local line numbers, fixed up at the merge.
                let local = reading.files.first?.byteRange != nil ? DiagnosticLog() : nil
                let key = reading.component ?? "\u{0}"
                let prefilter = prefilters[key] ?? self.rules.prefilter(component: reading.component)
                prefilters[key] = prefilter
                let r = self.read(reading, source: sources?[items[i].group], paths: allPaths, prefilter: prefilter,
                                  bounds: bounds, log: local ?? log)
                if items[i].size > big { permits.signal() }
                merge.add(i, (r.engine, r.stats, r.templates, local)) { i, r, m in
                    Self.merge(r, of: items[i].reading, into: m, log: log)
                    if items[i].size <= big { permits.signal() }
                }
            }
        }
        let engine = merge.engine, stats = merge.stats, templates = merge.templates
        heldPeak = merge.peakWaiting
        Self.checkYears(stats, log: log)
        Self.checkUnderstood(stats, log: log)
        TimeOutliers.check(stats, log: log)
        return finish(engine: engine, stats: stats, since: bounds.since, until: bounds.until, templates: templates,
                      regexLimitsBefore: limitsBefore, log: log)
    }

    /// Merges one item's result into the running merge (input order; chunks of one file get their
    /// line numbers shifted by the lines of the chunks before them).
    static func merge(_ r: OrderedMerge.Output, of reading: InputGroup, into m: OrderedMerge, log: DiagnosticLog) {
        let chunked = reading.files.first?.byteRange != nil
        let firstChunk = !chunked || reading.files[0].byteRange!.lowerBound == 0
        if firstChunk { m.lineOffset = 0 }
        let lineOffset = m.lineOffset
        if chunked && lineOffset > 0 {
            r.engine.shiftLines(input: reading.firstIndex, by: lineOffset)
        }
        for var d in r.log?.all ?? [] {
            if let l = d.line { d.line = l + lineOffset }
            // A whole-file diagnostic (no line) reported by several chunks is kept once.
            if d.line == nil && log.all.contains(d) { continue }
            log.add(d)
        }
        m.engine.merge(r.engine)
        if chunked && !firstChunk, var last = m.stats.popLast(), let s = r.stats.first {
            last.bytes += s.bytes; last.lines += s.lines; last.records += s.records; last.unparsed += s.unparsed
            last.inWindow += s.inWindow
            for (d, t) in s.days { var t = t; t.firstLine += lineOffset; last.note(day: d, t) }
            last.restarts += s.restarts
            if let a = last.lastPid, let b = s.firstPid, a != b { last.restarts += 1 }   // restart at the boundary
            last.lastPid = s.lastPid ?? last.lastPid
            last.note(time: s.first); last.note(time: s.last)
            last.components.formUnion(s.components)
            last.failed = last.failed || s.failed
            m.stats.append(last)
        } else {
            m.stats += r.stats
        }
        if chunked { m.lineOffset += r.stats.first?.lines ?? 0 }
        if let t = r.templates { m.templates?.merge(t) }
    }

    /// The part after reading, shared by every input (files, a log store): the signal groups
    /// every stream's engine merged into, then the correlator over them.
    public func finish(engine: SignalEngine, stats: [InputStats], since: Int64?, until: Int64?, templates: TemplateCounter?,
                       regexLimitsBefore limitsBefore: [Int], log: DiagnosticLog) -> AnalysisResult {
        let lastRecord = TimeOutliers.bulkEnd(stats) ?? 0
        engine.flushEvents()   // each Kubernetes event once, with its highest count
        for d in engine.overflowDiagnostics() { log.add(d) }
        for d in rules.regexLimitDiagnostics(since: limitsBefore) { log.add(d) }
        if let d = templates?.overflowDiagnostic { log.add(d) }
        let window = since == nil && until == nil ? nil : checkWindow(since: since, until: until, stats: stats, log: log)
        var present = Set(stats.flatMap(\.components)).union(stats.compactMap(\.component))
        var leftOut = Set<String>()
        if let only = options.read.only {   // --only: the rest was not looked at
            leftOut = present.subtracting(only)
            present.formIntersection(only)
        }
        var correlator = Correlator(rules: rules, components: present)
        correlator.leftOut = leftOut
        correlator.skew = options.skew
        correlator.dataEnd = stats.isEmpty ? nil : min(until ?? lastRecord, lastRecord)
        correlator.changes = engine.changes.tracks
        correlator.restarts = engine.changes.restarts
        correlator.coverage = InputStats.coverage(stats)
        let findings = correlator.findings(engine.groups)
        var result = AnalysisResult(inputs: stats, groups: engine.groups, findings: findings, templates: templates, diagnostics: log.sorted)
        result.window = window
        return result
    }

    /// What the --since/--until window kept; an error (exit 2) when it holds no record or is
    /// upside down, since "no findings" would then say nothing about the data.
    func checkWindow(since: Int64?, until: Int64?, stats: [InputStats], log: DiagnosticLog) -> AnalysisWindow {
        let total = stats.reduce(0) { $0 + $1.records }
        let relative = (options.since == nil && options.sinceBack != nil) || (options.until == nil && options.untilBack != nil)
        // Counted while reading: both ends are known before it (a duration from a first pass over the times).
        let inside: Int? = stats.reduce(0) { $0 + $1.inWindow }
        let w = AnalysisWindow(since: since, until: until, relative: relative, records: inside, total: total)
        let first = stats.compactMap(\.first).min(), last = stats.compactMap(\.last).max()
        if let s = since, let u = until, s > u {
            log.add(Diagnostic(.error, kind: .emptyWindow, "--since \(Timestamp.rfc3339Seconds(s)) is after --until \(Timestamp.rfc3339Seconds(u)): the window holds nothing",
                               help: "swap them, or give a window that ends after it starts"))
        } else if let f = first, let l = last, inside == 0 || (since.map { $0 > l } ?? false) || (until.map { $0 < f } ?? false) {
            log.add(Diagnostic(.error, kind: .emptyWindow, "no record in the window \(w.text): the data runs from \(Timestamp.rfc3339Seconds(f)) to \(Timestamp.rfc3339Seconds(l))",
                               help: "widen --since/--until (RFC 3339 times are UTC; a duration counts back from the last record)"))
        } else if first == nil && total > 0 {
            log.add(Diagnostic(.error, kind: .emptyWindow, "no record has a time, so none is inside the window \(w.text)",
                               help: "leave out --since/--until for inputs without times"))
        }
        return w
    }

    /// Most files named in one summary line about unrecognised inputs of a directory walk.
    public static let unrecognisedListed = 5

    /// Warns about inputs that yielded nothing logtrace understands (every record raw text, none
    /// dated): one warning per file named on the command line, one summary line per directory
    /// walked (a must-gather holds many such files).
    static func checkUnderstood(_ stats: [InputStats], log: DiagnosticLog) {
        let help = "logtrace reads klog, JSON logs (zap, component-base), CRI, docker json-file, journald and kubectl --timestamps lines"
        var walked: [String: [String]] = [:]
        for s in stats where s.records > 0 && s.unparsed == s.records && s.first == nil && !s.failed {
            if let root = s.walkedFrom { walked[root, default: []].append(s.path); continue }
            log.add(Diagnostic(.warning, kind: .unrecognised, path: s.path,
                               "nothing logtrace understands: \(s.records) line\(s.records == 1 ? "" : "s") in no known log format, kept as raw text without times",
                               help: help))
        }
        for root in walked.keys.sorted() {
            let files = walked[root]!.sorted()
            let shown = files.prefix(unrecognisedListed).map { String($0.dropFirst(root.count + 1)) }.joined(separator: ", ")
            let more = files.count > unrecognisedListed ? ", and \(files.count - unrecognisedListed) more" : ""
            log.add(Diagnostic(.warning, kind: .unrecognised, path: root,
                               "\(files.count) file\(files.count == 1 ? "" : "s") in no known log format, kept as raw text without times: \(shown)\(more)",
                               help: help))
        }
    }

    /// Inputs further apart than this are not one collection: a wrong year puts them about a year off.
    public static let yearGap: Int64 = 180 * Timestamp.microsPerDay

    /// Warns about inputs whose records lie far (`yearGap`) from the rest: their years disagree.
    /// The inputs are clustered by time; the cluster with the most records is the collection, and
    /// every input outside it gets one warning.
    static func checkYears(_ stats: [InputStats], log: DiagnosticLog) {
        let dated = stats.indices.filter { stats[$0].first != nil && stats[$0].last != nil }
            .sorted { (stats[$0].first!, $0) < (stats[$1].first!, $1) }
        guard dated.count > 1 else { return }
        var clusters: [[Int]] = []
        var end = Int64.min
        for i in dated {
            if clusters.isEmpty || stats[i].first! > end + yearGap { clusters.append([i]); end = stats[i].last! }
            else { clusters[clusters.count - 1].append(i); end = max(end, stats[i].last!) }
        }
        guard clusters.count > 1 else { return }
        let records = clusters.map { $0.reduce(0) { $0 + stats[$1].records } }
        let main = records.indices.max { records[$0] != records[$1] ? records[$0] < records[$1] : $0 > $1 }!
        let from = clusters[main].map { stats[$0].first! }.min()!, to = clusters[main].map { stats[$0].last! }.max()!
        let already = Set(log.all.filter { $0.kind == .yearsDisagree }.compactMap(\.path))
        for (k, c) in clusters.enumerated() where k != main {
            for i in c.sorted() where !already.contains(stats[i].path) {
                let s = stats[i]
                let days = (s.first! > to ? s.first! - to : from - s.last!) / Timestamp.microsPerDay
                log.add(Diagnostic(.warning, kind: .yearsDisagree, path: s.path,
                                   "records from \(Timestamp.rfc3339Seconds(s.first!)) to \(Timestamp.rfc3339Seconds(s.last!)) lie \(days) days from the rest of the input (\(Timestamp.rfc3339Seconds(from)) .. \(Timestamp.rfc3339Seconds(to))): their years disagree (year from \(s.yearFrom.rawValue))",
                                   help: "give the year with --year YYYY, or check the files' modification times"))
            }
        }
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// The end of the bulk of the inputs (a pass that reads times only; see `TimeOutliers`), nil
    /// when no record has a time.
    func timeRange(_ readings: [InputGroup], paths: [String]) -> Int64? {
        final class Times: RecordSink {
            var acceptsLite: Bool { true }
            func consume(_ r: RecordView) {}
        }
        let results = UnsafeMutableBufferPointer<[InputStats]>.allocate(capacity: readings.count)
        results.initialize(repeating: [])
        defer { _ = results.deinitialize(); results.deallocate() }
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(options.workers, readings.count))) { _ in
            while true {
                let k = next.increment()
                guard k < readings.count else { return }
                results[k] = StreamDriver(group: readings[k], options: self.options.read, prefilter: nil, sink: Times(),
                                          log: DiagnosticLog()).run()
            }
        }
        return TimeOutliers.bulkEnd(results.flatMap { $0 })
    }

    private func read(_ g: InputGroup, source: ByteSource?, paths: [String], prefilter: BlockPrefilter,
                      bounds: (since: Int64?, until: Int64?), log: DiagnosticLog) -> (engine: SignalEngine, stats: [InputStats], templates: TemplateCounter?) {
        let collector = HitCollector(rules: rules)
        let engine = SignalEngine(rules: rules)
        collector.onHit = { engine.add($0) }
        collector.onRestart = { c, t in engine.changes.noteRestart(component: c, time: t) }
        collector.since = bounds.since
        collector.until = bounds.until
        collector.paths = paths
        let templates = collectTemplates ? TemplateCounter() : nil
        if let templates {
            collector.unmatchedObserver = { r in
                if let s = r.severity, s >= .warning { templates.add(r) }
            }
        }
        var readOptions = options.read
        readOptions.window = (bounds.since ?? Int64.min, bounds.until ?? Int64.max)
        let reader = StreamDriver(group: g, options: readOptions, prefilter: prefilter, sink: collector, log: log, source: source)
        let stats = reader.run()
        return (engine, stats, templates)
    }
}

/// The running merge of read items, in input order: `add` keeps a result until every item before
/// it has merged, then merges it and the kept ones that follow (one at a time, under its lock).
final class OrderedMerge: @unchecked Sendable {
    typealias Output = (engine: SignalEngine, stats: [InputStats], templates: TemplateCounter?, log: DiagnosticLog?)
    let engine: SignalEngine
    let templates: TemplateCounter?
    var stats: [InputStats] = []
    var lineOffset = 0
    private var waiting: [Int: Output] = [:]
    private var next = 0
    private let lock = Lock()
    /// The most results held at once, read ahead of the merge.
    private(set) var peakWaiting = 0

    init(count: Int, engine: SignalEngine, templates: TemplateCounter?) {
        self.engine = engine
        self.templates = templates
    }

    func add(_ index: Int, _ output: Output, merge: (Int, Output, OrderedMerge) -> Void) {
        lock.withLock {
            waiting[index] = output
            while let r = waiting.removeValue(forKey: next) {
                merge(next, r, self)
                next += 1
            }
            peakWaiting = max(peakWaiting, waiting.count)
        }
    }
}

/// An atomic-enough work counter for a handful of workers.
final class Counter: @unchecked Sendable {
    private var value = -1
    private let lock = Lock()
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
