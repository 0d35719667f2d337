import Dispatch

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
    public init() {}
}

/// The result of one analysis: inputs read, signal groups, findings.
public struct AnalysisResult: Sendable {
    public var inputs: [InputStats]
    public var groups: [SignalGroup]
    public var findings: [Finding]
    public var templates: TemplateCounter?
}

/// Wires the pipeline for batch analysis: discover -> read groups in parallel (parse + prefilter +
/// match, one stream per rotation group) -> merge hits by time -> signal engine -> correlator.
public final class Analyzer {
    public let rules: RuleSet
    public let options: AnalysisOptions
    public var collectTemplates = false

    public init(rules: RuleSet, options: AnalysisOptions) {
        self.rules = rules
        self.options = options
    }

    public func run(paths: [String], log: DiagnosticLog) -> AnalysisResult {
        let groups = InputDiscovery(componentOverrides: options.componentOverrides).discover(paths, log: log)
        if groups.isEmpty { log.add(Diagnostic(.error, "no log files found in \(paths.joined(separator: " "))", help: "give log files, directories or - for stdin")) }
        return run(groups: groups, sources: nil, log: log)
    }

    /// Analyses groups; `sources` (one per group, for in-memory inputs such as rule examples)
    /// replace reading the files from disk.
    public func run(groups: [InputGroup], sources: [ByteSource]?, log: DiagnosticLog) -> AnalysisResult {
        var groups = groups
        var index = 0
        for i in groups.indices { groups[i].firstIndex = index; index += groups[i].files.count }
        var allPaths: [String] = []
        for g in groups { allPaths += g.files.map(\.displayPath) }
        let results = UnsafeMutableBufferPointer<(hits: [Hit], stats: [InputStats], templates: TemplateCounter?)?>.allocate(capacity: groups.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let next = Counter()
        let workers = max(1, min(options.workers, groups.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.increment()
                guard i < groups.count else { return }
                results[i] = self.read(groups[i], source: sources?[i], paths: allPaths, log: log)
            }
        }
        var hits: [Hit] = []
        var stats: [InputStats] = []
        let templates = collectTemplates ? TemplateCounter() : nil
        for r in results {
            guard let r else { continue }
            hits += r.hits
            stats += r.stats
            if let t = r.templates { templates?.merge(t) }
        }
        let lastRecord = stats.compactMap(\.last).max() ?? 0
        if let s = options.since ?? options.sinceBack.map({ lastRecord - $0 }) { hits.removeAll { $0.time < s } }
        if let u = options.until ?? options.untilBack.map({ lastRecord - $0 }) { hits.removeAll { $0.time > u } }
        hits.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.inputIndex != b.inputIndex { return a.inputIndex < b.inputIndex }
            if a.line != b.line { return a.line < b.line }
            return a.signal < b.signal
        }
        let engine = SignalEngine(rules: rules)
        for h in hits { engine.add(h) }
        for s in engine.overflowedSignals.sorted() {
            log.add(Diagnostic(.warning, "signal '\(rules.signals[s].id)' saw more than \(SignalEngine.maxGroupsPerSignal) distinct keys: the rest were not tracked"))
        }
        var correlator = Correlator(rules: rules, components: Set(stats.flatMap(\.components)).union(stats.compactMap(\.component)))
        correlator.skew = options.skew
        return AnalysisResult(inputs: stats, groups: engine.groups, findings: correlator.findings(engine.groups), templates: templates)
    }

    private func read(_ g: InputGroup, source: ByteSource?, paths: [String], log: DiagnosticLog) -> (hits: [Hit], stats: [InputStats], templates: TemplateCounter?) {
        let collector = HitCollector(rules: rules)
        collector.paths = paths
        let templates = collectTemplates ? TemplateCounter() : nil
        if let templates {
            collector.recordObserver = { r in
                if let s = r.severity, s >= .warning { templates.add(r) }
            }
        }
        let reader = StreamReader(group: g, options: options.read, prefilter: rules.prefilter(component: g.component), sink: collector, log: log, source: source)
        let stats = reader.run()
        return (collector.hits, stats, templates)
    }
}

/// An atomic-enough work counter for a handful of workers.
final class Counter: @unchecked Sendable {
    private var value = -1
    private let lock = Lock()
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
