/// Live analysis for `logtrace tail`: records are matched as they arrive, and the correlator
/// runs again whenever a signal group changes, so a finding is reported the moment its evidence
/// completes it, and again when it gains a root cause or resolves. Uses the same signal engine
/// and correlator as batch analysis, so both give the same findings on the same lines.
public final class LiveAnalyzer {
    /// `new`: first reported; `root-cause`: its chain reached further back (a new root cause);
    /// `resolved`: its recovery signal came.
    public enum Event: String { case new, rootCause = "root-cause", resolved }

    public let rules: RuleSet
    private let engine: SignalEngine
    private let collector: HitCollector
    private var reported: [String: String] = [:]
    public private(set) var findings: [Finding] = []
    public var components: Set<String> = []
    public var skew: Int64 = 5 * 60 * 1_000_000
    public var onFinding: ((Finding, Event) -> Void)?
    private var dirty = false
    /// The latest record time seen: the end of the data so far.
    private var lastTime: Int64?
    /// First and last record time per component so far.
    private var coverage: [String: (first: Int64, last: Int64)] = [:]

    public init(rules: RuleSet) {
        self.rules = rules
        engine = SignalEngine(rules: rules)
        collector = HitCollector(rules: rules)
        collector.onHit = { [engine] h in engine.add(h) }
        engine.onChange = { [weak self] in self?.dirty = true }
    }

    /// Reads a stream (stdin, a followed file) until it ends or the process is interrupted.
    public func run(group: InputGroup, source: ByteSource? = nil, options: ReadOptions, log: DiagnosticLog) -> [InputStats] {
        collector.paths = group.files.map(\.displayPath)
        let limitsBefore = rules.regexLimitHits()
        defer {
            for d in rules.regexLimitDiagnostics(since: limitsBefore) { log.add(d) }
            for d in engine.overflowDiagnostics() { log.add(d) }
        }
        if let c = group.component, options.only?.contains(c) ?? true { components.insert(c) }
        // A stream cannot tell which components --only will leave out: every other known one.
        if let only = options.only { leftOut = Set(ComponentNames.known).subtracting(only) }
        let observer = LiveSink(self)
        let reader = StreamDriver(group: group, options: options, prefilter: rules.prefilter(component: group.component),
                                  sink: observer, log: log, source: source)
        let stats = reader.run()
        recorrelate()
        return stats
    }

    /// Components `--only` leaves out (their causes are "not looked at", not missing).
    var leftOut = Set<String>()

    final class LiveSink: RecordSink {
        unowned let live: LiveAnalyzer
        init(_ l: LiveAnalyzer) { live = l }
        func consume(_ r: RecordView) {
            if let c = r.component { live.components.insert(c) }
            if let t = r.time, t > (live.lastTime ?? .min) { live.lastTime = t }
            if let t = r.time, let c = r.component {
                if let o = live.coverage[c] { live.coverage[c] = (min(o.first, t), max(o.last, t)) } else { live.coverage[c] = (t, t) }
            }
            live.collector.consume(r)
            if live.dirty { live.recorrelate() }
        }
    }

    func recorrelate() {
        dirty = false
        var c = Correlator(rules: rules, components: components)
        c.leftOut = leftOut
        c.skew = skew
        c.dataEnd = lastTime
        c.changes = engine.changes.tracks
        c.coverage = coverage
        findings = c.findings(engine.groups)
        for f in findings {
            let key = f.id + "|" + f.chain.last!.signal + "|" + f.chain.last!.keys.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            let state = f.rootCause.signal + "|" + (f.resolved ? "resolved" : "open") + "|" + String(f.chain.count)
            if let old = reported[key] {
                if old != state { reported[key] = state; onFinding?(f, f.resolved ? .resolved : .rootCause) }
            } else {
                reported[key] = state
                onFinding?(f, f.resolved ? .resolved : .new)
            }
        }
    }
}
