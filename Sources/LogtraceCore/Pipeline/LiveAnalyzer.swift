/// Live analysis for `logtrace tail`: records are matched as they arrive, and correlation is
/// brought up to date whenever a signal group changes, so a finding is reported the moment its
/// evidence completes it, and again when it gains a root cause or resolves. Uses the same signal
/// engine and correlator as batch analysis, so both give the same findings on the same lines.
///
/// Correlation is incremental (`LiveCorrelator`): a change works out again only what the groups
/// it touched can affect, so a stream with thousands of keyed groups (namespaces) costs about
/// what `analyze` costs. `incremental = false` reruns the whole correlator after every change
/// instead: the reference the tests compare against, event by event.
public final class LiveAnalyzer {
    /// `new`: first reported; `root-cause`: its chain reached further back (a new root cause);
    /// `resolved`: its recovery signal came.
    public enum Event: String { case new, rootCause = "root-cause", resolved }

    public let rules: RuleSet
    private let engine: SignalEngine
    private let collector: HitCollector
    private let live: LiveCorrelator
    public private(set) var findings: [Finding] = []
    public var components: Set<String> = []
    public var skew: Int64 = 5 * 60 * 1_000_000
    public var onFinding: ((Finding, Event) -> Void)?
    /// Incremental correlation (the default), or a full rerun per change (the reference).
    public var incremental = true
    /// Correlation work done: groups transformed, scanned, linked and built.
    public let meter = WorkMeter()
    /// The correlator's candidate cap (tests lower it to reach it with few groups).
    var maxCandidates = 256
    /// Records no literal hit come as lite records, as in `analyze`: not built (no JSON decoded,
    /// no view), only counted by the stream's tally, from which a finding's end of data and
    /// coverage are read (`syncFromTally`). Not with `--only`: the tally counts the components
    /// it leaves out. `false` builds every record: the reference the tests compare against.
    var liteRecords = true
    /// The reader whose tally knows every record's time and component, while lite records come.
    private weak var driver: StreamDriver?
    /// Groups created or grown by the record being consumed.
    private var changed = Set<Int>()
    /// The latest record time seen: the end of the data so far.
    private var lastTime: Int64?
    /// The earliest record time seen, and the components the records named.
    private var firstTime: Int64?
    private var seen: Set<String> = []
    private var groupComponent: String?
    /// Rows from a store (`StoreTail`): the span and components of each input (a table's path,
    /// or its component and node), from the coverage aggregate, as `StoreAnalyzer` builds them.
    private var storeInputs: [String: InputStats] = [:]

    public init(rules: RuleSet) {
        self.rules = rules
        engine = SignalEngine(rules: rules)
        engine.deferEvents = false   // an event counts when it comes; a later dump adds only what is new
        collector = HitCollector(rules: rules)
        live = LiveCorrelator(rules: rules, correlator: Correlator(rules: rules, components: []))
        collector.onHit = { [engine] h in engine.add(h) }
        engine.onChange = { [weak self] i in self?.changed.insert(i) }
        collector.onRestart = { [engine] c, t in engine.changes.noteRestart(component: c, time: t) }
    }

    /// Reads a stream (stdin, a followed file) until it ends or the process is interrupted.
    public func run(group: InputGroup, source: ByteSource? = nil, options: ReadOptions, log: DiagnosticLog) -> [InputStats] {
        collector.paths = group.files.map(\.displayPath)
        prepare()
        let limitsBefore = rules.regexLimitHits()
        defer {
            for d in rules.regexLimitDiagnostics(since: limitsBefore) { log.add(d) }
            for d in engine.overflowDiagnostics() { log.add(d) }
        }
        if let c = group.component, options.only?.contains(c) ?? true { components.insert(c) }
        // A stream cannot tell which components --only will leave out: every other known one.
        if let only = options.only { leftOut = Set(ComponentNames.known).subtracting(only) }
        groupComponent = group.component
        let observer = LiveSink(self, lite: liteRecords && options.only == nil && collector.acceptsLite)
        let reader = StreamDriver(group: group, options: options, prefilter: rules.prefilter(component: group.component),
                                  sink: observer, log: log, source: source)
        if observer.lite { driver = reader }
        let stats = reader.run()
        recorrelate()
        driver = nil
        return stats
    }

    private func prepare() {
        live.correlator.skew = skew
        live.correlator.maxCandidates = maxCandidates
        live.correlator.meter = meter
    }

    // MARK: - records from a store (`StoreTail`): only candidate rows come, coverage apart.

    /// Call once before the first store row.
    public func startStore() { prepare() }

    /// A new input (a table's path, or its component and node); returns its index.
    public func addInput(_ name: String) -> Int {
        collector.paths.append(name)
        return collector.paths.count - 1
    }

    /// Rows of `component` in input `input` were seen from `first` to `last` (the store's
    /// coverage aggregate). As in `analyze`, each component of an input covers the input's span.
    public func noteCoverage(input: String, component: String, first: Int64, last: Int64) {
        var s = storeInputs[input] ?? InputStats(path: input, component: nil, node: nil)
        if !component.isEmpty { s.components.insert(component); components.insert(component) }
        s.note(time: first)
        s.note(time: last)
        storeInputs[input] = s
        if last > (lastTime ?? .min) { lastTime = last }
        if first < (firstTime ?? .max) { firstTime = first }
    }

    /// Matches one record (a candidate row); findings it completes are reported at once.
    public func consume(_ r: RecordView) {
        collector.consume(r)
        if !changed.isEmpty { update() }
    }

    /// Correlates what came so far (after a poll's coverage moved the end of the data).
    public func finishBatch() {
        recorrelate()
    }

    /// Diagnostics of the run's regex limits and overflowing groups (a store tail's end).
    public func endDiagnostics(since limitsBefore: [Int], log: DiagnosticLog) {
        for d in rules.regexLimitDiagnostics(since: limitsBefore) { log.add(d) }
        for d in engine.overflowDiagnostics() { log.add(d) }
    }

    /// Components `--only` leaves out (their causes are "not looked at", not missing).
    var leftOut = Set<String>()

    final class LiveSink: RecordSink {
        unowned let live: LiveAnalyzer
        /// Takes lite records; the times and components then come from the stream's tally.
        let lite: Bool
        init(_ l: LiveAnalyzer, lite: Bool) { live = l; self.lite = lite }
        var acceptsLite: Bool { lite }
        func consumeLite(inputIndex: Int, time: Int64, pid: Int, component: Name?, line: Int) {
            live.collector.consumeLite(inputIndex: inputIndex, time: time, pid: pid, component: component, line: line)
        }
        func consume(_ r: RecordView) {
            if !lite {
                if let c = r.component { live.components.insert(c) }
                if let t = r.time {
                    if t > (live.lastTime ?? .min) { live.lastTime = t }
                    if t < (live.firstTime ?? .max) { live.firstTime = t }
                }
                if let c = r.component, !live.seen.contains(c) { live.seen.insert(c) }
            }
            live.collector.consume(r)
            if !live.changed.isEmpty { live.update() }
        }
        func restarted(component: Name?, time: Int64) { live.collector.restarted(component: component, time: time) }
    }

    /// What `LiveSink` notes per record when every record is built: the records' components
    /// and their earliest and latest time, here from the tally, which counted every record so far.
    private func syncFromTally(_ d: StreamDriver) {
        let now = d.soFar
        components.formUnion(now.components)
        seen.formUnion(now.components)
        firstTime = now.first
        lastTime = now.last
    }

    private func configure(_ c: inout Correlator) {
        if let d = driver { syncFromTally(d) }
        c.leftOut = leftOut
        c.skew = skew
        c.maxCandidates = maxCandidates
        c.components = components
        c.dataEnd = lastTime
        c.changes = engine.changes.tracks
        // As `analyze` has it (`InputStats.coverage`): each component of the input covers the
        // input's whole span.
        var coverage: [String: (first: Int64, last: Int64)] = [:]
        if !storeInputs.isEmpty {
            coverage = InputStats.coverage(Array(storeInputs.values))
        } else if let f = firstTime, let l = lastTime {
            for comp in seen.union(groupComponent.map { [$0] } ?? []) { coverage[comp] = (f, l) }
        }
        c.restarts = engine.changes.restarts
        c.coverage = coverage
    }

    /// After a record changed some groups: report what changed.
    func update() {
        let changed = self.changed
        self.changed.removeAll(keepingCapacity: true)
        guard incremental && live.acyclic else { recorrelate(); return }
        let events = live.step(engine.groups, changed: changed, configure: configure)
        for (f, e) in events { onFinding?(f, e) }
    }

    /// Correlates all groups and reports every finding whose state changed: at the end of the
    /// stream (so `findings` is what `analyze` gives), and after each change in the reference mode.
    func recorrelate() {
        changed.removeAll(keepingCapacity: true)
        var c = Correlator(rules: rules, components: components)
        configure(&c)
        c.meter = meter
        findings = c.findings(engine.groups)
        for f in findings {
            let key = LiveCorrelator.key(id: f.id, signal: f.chain.last!.signal, keys: f.chain.last!.keys)
            let state = LiveCorrelator.state(root: f.rootCause.signal, resolved: f.resolved, length: f.chain.count)
            if let old = live.reported[key] {
                if old != state { live.reported[key] = state; onFinding?(f, f.resolved ? .resolved : .rootCause) }
            } else {
                live.reported[key] = state
                onFinding?(f, f.resolved ? .resolved : .new)
            }
        }
    }
}
