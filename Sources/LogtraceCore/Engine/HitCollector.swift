import LogtraceKernels

/// The rule pass over records: for each record whose prefilter literals cover a matcher, checks
/// component and severity, confirms with PCRE2 on the record text and the field patterns, and
/// emits a `Hit` with the captured keys to `onHit` (a signal engine, which folds it into its
/// group: no hit is kept here). Records are decoded (fields) only when a matcher needs it.
public final class HitCollector: RecordSink {
    public let rules: RuleSet
    public var paths: [String] = []
    public var onHit: ((Hit) -> Void)?
    /// Told each process restart of a component (the retry cadence starts over).
    public var onRestart: ((String, Int64) -> Void)?
    /// Hits outside [since, until] are not emitted (absolute bounds of the analysis).
    public var since: Int64?
    public var until: Int64?
    /// Sees every record no signal matched (the report's "unexplained errors").
    public var unmatchedObserver: ((RecordView) -> Void)?
    private var lastTime: Int64 = 0

    public init(rules: RuleSet) { self.rules = rules }

    /// Records no literal hit need no matching when no matcher is unfiltered and nobody watches
    /// unmatched records: only their time is kept (for hits on records without one).
    public var acceptsLite: Bool { rules.unfiltered.isEmpty && unmatchedObserver == nil }

    public func consumeLite(inputIndex: Int, time: Int64, pid: Int, component: Name?, line: Int) { lastTime = time }

    public func restarted(component: Name?, time: Int64) {
        if let c = component?.string { onRestart?(c, time) }
    }

    @inline(__always)
    public func consume(_ r: RecordView) {
        if let t = r.time { lastTime = t }
        if r.hits.isEmpty && rules.unfiltered.isEmpty { unmatchedObserver?(r); return }
        var details: RecordDetails?
        var emitted: UInt64 = 0   // signals already hit by this record (one hit per record and signal)
        var matchedAny = false
        for mi in rules.matchers.indices {
            let m = rules.matchers[mi]
            if m.signal < 64 && emitted & (1 << UInt64(m.signal)) != 0 { continue }
            guard !m.literalIDs.isEmpty ? r.hits.contains(m.literals) : true else { continue }
            if !m.componentNames.isEmpty {
                guard let c = r.componentName, m.componentNames.contains(c) else { continue }
            }
            if !m.severities.isEmpty {
                guard let s = r.severity, m.severities.contains(s) else { continue }
            }
            if !m.verify.isEmpty {
                let text = r.text
                guard m.verify.allSatisfy({ $0.occurs(in: text) }) else { continue }
            }
            var keys: [(String, String)] = []
            var span: Range<Int>? = nil    // in r.text
            if let re = m.regex {
                guard let found = re.matchWithSpan(r.text) else { continue }
                keys = found.captures
                if !found.span.isEmpty { span = found.span }
            }
            if !m.fields.isEmpty {
                if details == nil { details = RecordDetails(r) }
                var ok = true
                for (name, re) in m.fields {
                    guard let v = details!.field(name), let caps = re.matches(v) else { ok = false; break }
                    keys += caps
                }
                guard ok else { continue }
            }
            if m.signal < 64 { emitted |= 1 << UInt64(m.signal) }
            matchedAny = true
            if span == nil, let lit = m.spanLiteral {
                let t = r.text
                if let base = t.baseAddress, let at = lit.find(in: base, t.count) { span = at..<(at + lit.count) }
            }
            emit(m.signal, r, keys, span: span)
        }
        if !matchedAny { unmatchedObserver?(r) }
    }

    /// `2024-03-12T10:19:11.856894Z warn ` before a JSON record's evidence text (zap's level words).
    static func jsonEvidencePrefix(time: Int64?, severity: Severity?) -> String {
        var s = time.map { Timestamp.rfc3339($0) + " " } ?? ""
        if let v = severity { s += ["info", "warn", "error", "fatal"][v.rawValue] + " " }
        return s
    }

    private func emit(_ signal: Int, _ r: RecordView, _ keys: [(String, String)], span: Range<Int>? = nil) {
        let time = r.time ?? lastTime
        if let s = since, time < s { return }
        if let u = until, time > u { return }
        var dedup: [(String, String)] = []
        var attributes: [(String, String)] = []
        for (k, v) in keys where !v.isEmpty {
            if k.utf8.first == UInt8(ascii: "_") { attributes.append((k, v)); continue }
            if let i = dedup.firstIndex(where: { $0.0 == k }) { dedup[i].1 = v } else { dedup.append((k, v)) }
        }
        dedup.sort { $0.0 < $1.0 }
        let first = ByteSearch.first(0x0A, in: r.bytes) ?? r.bytes.count
        var text = String(decoding: UnsafeRawBufferPointer(rebasing: r.bytes[0..<min(first, 600)]), as: UTF8.self)
        if first > 600 { text += "…" }
        // A JSON record's text is its rendered message: put back the time and level its line has.
        // The match in the evidence text's offsets, when it lies on the line shown.
        var match = span.map { ($0.lowerBound + r.textStart)..<($0.upperBound + r.textStart) }
        if let m = match, m.upperBound > min(first, 600) { match = nil }
        if r.kind == .json {
            let prefix = Self.jsonEvidencePrefix(time: r.time, severity: r.severity)
            text = prefix + text
            match = match.map { ($0.lowerBound + prefix.utf8.count)..<($0.upperBound + prefix.utf8.count) }
        }
        let path = r.inputIndex < paths.count ? paths[r.inputIndex] : "<input>"
        var hit = Hit(signal: signal, time: time, keys: dedup, component: r.component,
                      evidence: Evidence(path: path, line: r.line, text: text, time: time, inputIndex: r.inputIndex, attributes: attributes, match: match),
                      inputIndex: r.inputIndex, line: r.line,
                      errorClass: rules.signals[signal].spec.errorClass ? ErrorClass.classify(r.text) : nil, attributes: attributes)
        // A Kubernetes event stands for its count of occurrences, and is one event in every dump.
        if r.component == KubeObjects.eventsComponent {
            let all = String(decoding: r.text, as: UTF8.self)
            // One event: the same text and the same first occurrence (an event seen once began then).
            if let o = KubeObjects.eventOccurrences(all) {
                hit.weight = o.count
                hit.firstTime = o.first.map { min($0, time) }
                hit.eventKey = o.key + "|" + String(hit.firstTime ?? time)
            } else {
                hit.eventKey = all + "|" + String(time)
            }
        }
        onHit?(hit)
    }
}
