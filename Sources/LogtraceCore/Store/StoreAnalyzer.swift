/// Analysis over a ClickHouse table: the server filters, logtrace correlates. One aggregate
/// query gives per-input coverage (rows, first and last time per path, component and node);
/// one query brings the candidate rows of every signal (its component, literal prefilter and
/// severity, inside the time window), in time order; each row is matched by the same rule pass
/// as a file's record (PCRE2 runs here), and the hits go to the same signal engine and
/// correlator (`Analyzer.finish`).
public final class StoreAnalyzer {
    public let client: ClickHouseClient
    public let rules: RuleSet
    public let options: AnalysisOptions
    /// A preset or custom mapping; nil reads the table's columns and adapts the default one.
    public var mapping: StoreMapping?
    public var filters: [String] = []
    public private(set) var stats = QueryStats()
    public private(set) var usedMapping: StoreMapping?

    public init(client: ClickHouseClient, rules: RuleSet, options: AnalysisOptions) {
        self.client = client; self.rules = rules; self.options = options
    }

    /// The table's columns (name, type); a clear error when the table does not exist.
    public func columns() throws -> [(String, String)] {
        let u = client.url
        let (rows, _) = try client.rows("SELECT name, type FROM system.columns WHERE database = \(StoreQuery.literal(u.database)) AND table = \(StoreQuery.literal(u.table)) ORDER BY name")
        guard !rows.isEmpty else {
            throw StoreError("table \(u.qualifiedTable) does not exist on \(u.host):\(u.port)",
                             help: "load it with `logtrace ingest DIR \(u.display)` or create it as docs/clickhouse.md shows")
        }
        return rows.map { ($0[0].string ?? "", $0.count > 1 ? $0[1].string ?? "" : "") }
    }

    public func resolveMapping() throws -> StoreMapping {
        if let m = mapping { return m.name == "custom" ? m.adapted(to: try columns()) : m }
        return try StoreMapping.detect(columns: columns(), table: client.url.qualifiedTable)
    }

    /// Input name for a row: its source path, or the table with the row's component and node.
    func inputName(path: String, component: String, node: String) -> String {
        if !path.isEmpty { return path }
        return "\(client.url.display) \(component.isEmpty ? "-" : component)@\(node.isEmpty ? "-" : node)"
    }

    public func run(log: DiagnosticLog) throws -> AnalysisResult {
        let m = try resolveMapping()
        usedMapping = m
        var q = StoreQuery(mapping: m, table: client.url.qualifiedTable)
        q.filters = filters
        q.since = options.since
        q.until = options.until
        // Coverage: one aggregate.
        let (cov, covStats) = try client.rows(q.coverage)
        stats.add(covStats)
        var byInput: [String: InputStats] = [:]
        var counts: [String: [String: Int]] = [:]
        for r in cov {
            guard r.count >= 6 else { continue }
            let path = r[0].string ?? "", comp = r[1].string ?? "", node = r[2].string ?? ""
            let name = inputName(path: path, component: comp, node: node)
            var s = byInput[name] ?? InputStats(path: name, component: nil, node: node.isEmpty ? nil : node)
            s.wrapper = "clickhouse"
            let n = r[3].int ?? 0
            s.records += n
            if !comp.isEmpty { s.components.insert(comp); counts[name, default: [:]][comp, default: 0] += n }
            for v in [r[4], r[5]] {
                let t: Int64?
                if m.timeKind == .rfc3339 {
                    let text = v.string ?? ""
                    t = text.utf8.count >= 19 ? Array(text.utf8).withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time } : nil
                } else { t = v.int64 }
                s.note(time: t)
            }
            byInput[name] = s
        }
        // Inputs in the order the files would be read (rotation groups, oldest member first).
        let names = byInput.keys.sorted()
        let fake = names.map { (root: "", file: InputFile(path: $0, displayPath: $0)) }
        let ordered = InputDiscovery().group(fake).flatMap { $0.files.map(\.displayPath) }
        var index: [String: Int] = [:]
        var inputs: [InputStats] = []
        for n in ordered where index[n] == nil {
            index[n] = inputs.count
            var s = byInput[n]!
            // The input's component: the one most of its rows have (files: the path's component).
            s.component = counts[n]?.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
            inputs.append(s)
        }
        // A window relative to the last record (`--since 2h`) is resolved from the coverage.
        let last = inputs.compactMap(\.last).max() ?? 0
        if let back = options.sinceBack { q.since = last - back }
        if let back = options.untilBack { q.until = last - back }
        // Candidate rows of every signal: each input's hits go to its own signal engine, merged
        // in input order afterwards, as the files' streams are.
        let limitsBefore = rules.regexLimitHits()
        let collector = HitCollector(rules: rules)
        collector.paths = inputs.map(\.path)
        collector.since = q.since
        collector.until = q.until
        var engines: [SignalEngine] = inputs.map { _ in SignalEngine(rules: rules) }
        collector.onHit = { h in engines[h.inputIndex].add(h) }
        let builder = StoreRecordBuilder(rules: rules, raw: m.rawMessage)
        let sql = q.candidates(rules.signals.map(\.spec))
        var bad = 0
        let st = try client.select(sql) { values in
            guard let row = StoreRow(values, timeKind: m.timeKind) else { bad += 1; return }
            let name = inputName(path: row.path, component: row.component, node: row.node)
            let input: Int
            if let i = index[name] { input = i } else {
                // A row the coverage did not see (inserted between the two queries).
                index[name] = inputs.count; input = inputs.count
                var s = InputStats(path: name, component: row.component.isEmpty ? nil : row.component, node: row.node.isEmpty ? nil : row.node)
                s.wrapper = "clickhouse"
                inputs.append(s)
                engines.append(SignalEngine(rules: rules))
                collector.paths.append(name)
            }
            builder.withView(row, input: input) { collector.consume($0) }
        }
        stats.add(st)
        if bad > 0 { log.add(Diagnostic(.warning, path: client.url.display, "\(bad) rows had fewer columns than the mapping selects: skipped")) }
        candidateRows = st.rowsReturned
        candidateBytes = st.bytesReturned
        log.add(Diagnostic(.note, path: client.url.display, summary(records: inputs.reduce(0) { $0 + $1.records })))
        let engine = SignalEngine(rules: rules)
        for e in engines { engine.merge(e) }
        return Analyzer(rules: rules, options: options).finish(engine: engine, stats: inputs, since: q.since, until: q.until, templates: nil,
                                                                regexLimitsBefore: limitsBefore, log: log)
    }

    /// Rows (and bytes) of the candidate query: what travelled to be matched here.
    public private(set) var candidateRows = 0
    public private(set) var candidateBytes = 0

    /// Rows scanned against rows returned, for the report.
    public func summary(records: Int) -> String {
        let pct = records > 0 ? (Double(candidateRows) / Double(records) * 100_000).rounded() / 1000 : 0
        return "ClickHouse scanned \(stats.rowsRead) rows (\(stats.bytesRead) bytes) in \(stats.queries) queries; "
            + "\(candidateRows) candidate rows came back (\(candidateBytes) bytes), \(pct)% of the \(records) rows in the window"
    }
}
