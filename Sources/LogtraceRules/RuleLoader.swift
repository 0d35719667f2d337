import Yams
import LogtraceCore

/// Reads rule files (YAML) into `RuleFile`s. Every problem becomes a diagnostic with
/// `file:line:column` and a hint; a file with errors is skipped, the others still load.
public struct RuleLoader {
    public init() {}

    static let topKeys: Set<String> = ["id", "title", "severity", "description", "symptom", "recovery", "signals",
                                       "causes", "remediation", "context", "references", "examples"]
    static let signalKeys: Set<String> = ["id", "description", "hint", "match", "threshold", "unless", "error_class", "change_window", "sentence"]
    static let matcherKeys: Set<String> = ["component", "severity", "contains", "regex", "fields"]
    static let edgeKeys: Set<String> = ["from", "to", "join", "join_cidr", "explains", "max_lag"]
    static let remediationKeys: Set<String> = ["step", "provider", "when"]
    static let providers: Set<String> = ["alibaba", "aws", "gcp", "azure", "hetzner"]
    static let exampleKeys: Set<String> = ["name", "fire", "root_cause", "missing", "keys", "year", "files"]

    /// Rule and signal ids: lowercase ASCII letters, digits and '-', starting with a letter or
    /// digit, at most 100 characters.
    public static func isValidID(_ id: String) -> Bool {
        guard let f = id.utf8.first, id.utf8.count <= 100, f != UInt8(ascii: "-") else { return false }
        return id.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
    }

    /// Parses one file's text. `name` is the file name (for the id check), `source` what diagnostics show.
    public func load(text: String, name: String, source: String, log: DiagnosticLog) -> RuleFile? {
        var ctx = Context(source: source, log: log)
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text, .basic) else {   // .basic: no tag regexes (ICU) at startup; numbers and booleans are read where used
                log.add(Diagnostic(.error, kind: .rule, path: source, line: 1, column: 1, "empty rule file", help: "see docs/rules.md for the layout"))
                return nil
            }
            root = n
        } catch let e as YamlError {
            var line = 1, column = 1, problem = "\(e)"
            switch e {
            case .scanner(_, let p, let m, _), .parser(_, let p, let m, _), .composer(_, let p, let m, _):
                line = m.line; column = m.column; problem = p
            default: break
            }
            log.add(Diagnostic(.error, kind: .rule, path: source, line: line, column: column, "YAML syntax error: \(problem)", help: "fix the YAML syntax"))
            return nil
        } catch {
            log.add(Diagnostic(.error, kind: .rule, path: source, line: 1, column: 1, "YAML syntax error: \(error)", help: "fix the YAML syntax"))
            return nil
        }
        guard let map = root.mapping else {
            ctx.error(root, "a rule file must be a mapping", help: "start with `id:`")
            return nil
        }
        ctx.checkKeys(map, Self.topKeys, what: "rule")
        let id = ctx.string(map, "id", required: true) ?? ""
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name.hasSuffix(".yml") ? String(name.dropLast(4)) : name
        if !id.isEmpty && id != stem, let n = map["id"] {
            ctx.error(n, "rule id '\(id)' does not match the file name '\(name)'", help: "rename the file to \(id).yaml or change the id")
        }
        if !id.isEmpty && !Self.isValidID(id), let n = map["id"] {
            ctx.error(n, "rule id '\(TerminalText.sanitize(id))' is not lowercase kebab-case", help: "use a-z, 0-9 and '-'")
        }
        let sevText = ctx.string(map, "severity", required: true) ?? "error"
        var severity = FindingSeverity.error
        if let s = FindingSeverity(rawValue: sevText) { severity = s } else if let n = map["severity"] {
            ctx.error(n, "unknown severity '\(sevText)'", help: "use info, warning, error or critical")
        }
        var file = RuleFile(
            id: id, title: ctx.string(map, "title", required: true) ?? id, severity: severity,
            description: ctx.string(map, "description") ?? "", symptom: ctx.string(map, "symptom"),
            recovery: ctx.string(map, "recovery"), signals: [], causes: [],
            remediation: ctx.remediation(map), references: ctx.stringList(map, "references"),
            examples: [], source: source, line: 1)
        for key in ["id", "symptom", "recovery", "context", "remediation"] {
            if let n = map[key], let m = n.mark { file.positions[key] = RulePosition(line: m.line, column: m.column) }
        }
        if let s = map["signals"] {
            if let seq = s.sequence { file.signals = seq.compactMap { ctx.signal($0) } } else { ctx.error(s, "'signals' must be a list", help: "write each signal as `- id: ...`") }
        }
        if let c = map["context"] {
            if let seq = c.sequence {
                for item in seq {
                    guard let m = item.mapping else { ctx.error(item, "a context entry must be a mapping", help: "signal:, label:, within:"); continue }
                    ctx.checkKeys(m, ["signal", "label", "within"], what: "context entry")
                    if let sig = ctx.string(m, "signal", required: true), let label = ctx.string(m, "label", required: true) {
                        file.context.append(ContextSpec(signal: sig, label: label, within: ctx.duration(m, "within") ?? 24 * 3_600_000_000))
                    }
                }
            } else { ctx.error(c, "'context' must be a list", help: "write each entry as `- signal: ...`") }
        }
        if let c = map["causes"] {
            if let seq = c.sequence { file.causes = seq.compactMap { ctx.edge($0) } } else { ctx.error(c, "'causes' must be a list", help: "write each edge as `- from: ... to: ...`") }
        }
        if let e = map["examples"] {
            if let seq = e.sequence { file.examples = seq.compactMap { ctx.example($0) } } else { ctx.error(e, "'examples' must be a list", help: "write each example as `- name: ...`") }
        }
        return ctx.failed ? nil : file
    }

    struct Context {
        let source: String
        let log: DiagnosticLog
        var failed = false

        static let maxThresholdCount = 1_000_000

        mutating func error(_ node: Node, _ message: String, help: String) {
            failed = true
            log.add(Diagnostic(.error, kind: .rule, path: source, line: node.mark?.line, column: node.mark?.column, message, help: help))
        }

        mutating func checkKeys(_ map: Node.Mapping, _ allowed: Set<String>, what: String) {
            for (k, _) in map {
                guard let key = k.string else { continue }
                if !allowed.contains(key) {
                    let near = allowed.min { editDistance($0, key) < editDistance($1, key) } ?? ""
                    let help = editDistance(near, key) <= 3 ? "did you mean '\(near)'?" : "allowed: \(allowed.sorted().joined(separator: ", "))"
                    error(k, "unknown key '\(key)' in \(what)", help: help)
                }
            }
        }

        mutating func string(_ map: Node.Mapping, _ key: String, required: Bool = false) -> String? {
            guard let n = map[key] else {
                if required { failed = true; log.add(Diagnostic(.error, kind: .rule, path: source, line: 1, column: 1, "missing required key '\(key)'", help: "add `\(key):`")) }
                return nil
            }
            guard let s = n.scalar?.string else { error(n, "'\(key)' must be a string", help: "write it as a quoted string"); return nil }
            return s
        }

        mutating func stringList(_ map: Node.Mapping, _ key: String) -> [String] {
            guard let n = map[key] else { return [] }
            if let s = n.scalar?.string { return [s] }
            guard let seq = n.sequence else { error(n, "'\(key)' must be a string or a list of strings", help: "write `- text` lines"); return [] }
            return seq.compactMap { item in
                guard let s = item.scalar?.string else { error(item, "items of '\(key)' must be strings", help: "quote the item"); return nil }
                return s
            }
        }

        mutating func duration(_ map: Node.Mapping, _ key: String) -> Int64? {
            guard let n = map[key] else { return nil }
            guard let s = n.scalar?.string else {
                error(n, "'\(key)' is not a duration", help: "write e.g. 30s, 10m, 2h or 1h30m"); return nil
            }
            switch DurationParser.check(s) {
            case .value(let d) where d > 0: return d
            case .outOfRange:
                error(n, "'\(key)' is out of range: \(s)", help: "at most \(DurationParser.max / 86_400_000_000)d"); return nil
            default:
                error(n, "'\(key)' is not a duration", help: "write e.g. 30s, 10m, 2h or 1h30m"); return nil
            }
        }

        mutating func signal(_ node: Node) -> SignalSpec? {
            guard let map = node.mapping else { error(node, "a signal must be a mapping", help: "start it with `- id: ...`"); return nil }
            checkKeys(map, RuleLoader.signalKeys, what: "signal")
            guard let id = string(map, "id", required: true) else { return nil }
            // Signal ids reach every output (terminal, markdown code spans, Mermaid labels): same
            // pattern as rule ids, or the signal is left out.
            guard RuleLoader.isValidID(id) else {
                error(map["id"] ?? node, "signal id '\(TerminalText.sanitize(id))' is not lowercase kebab-case", help: "use a-z, 0-9 and '-'")
                return nil
            }
            var spec = SignalSpec(id: id, description: string(map, "description") ?? "", hint: string(map, "hint"),
                                  matchers: [], threshold: nil, unless: nil, source: source, line: node.mark?.line ?? 1,
                                  column: node.mark?.column ?? 1)
            if let m = map["match"] {
                let items = m.sequence.map(Array.init) ?? [m]
                spec.matchers = items.compactMap { matcher($0) }
            } else {
                error(node, "signal '\(id)' has no 'match'", help: "add `match:` with at least one matcher")
            }
            if let t = map["threshold"] {
                if let tm = t.mapping {
                    checkKeys(tm, ["count", "within", "by"], what: "threshold")
                    let count = tm["count"]?.int ?? 0
                    if count < 1 || count > Self.maxThresholdCount, let n = tm["count"] ?? Optional(t) {
                        error(n, "threshold 'count' must be an integer from 1 to \(Self.maxThresholdCount)", help: "e.g. count: 5")
                    }
                    let within = duration(tm, "within")
                    if within == nil && tm["within"] == nil { error(t, "threshold needs 'within'", help: "e.g. within: 10m") }
                    spec.threshold = ThresholdSpec(count: min(max(count, 1), Self.maxThresholdCount), within: within ?? 1, by: stringList(tm, "by"))
                } else { error(t, "'threshold' must be a mapping", help: "count:, within:, by:") }
            }
            if let t = string(map, "sentence") {
                let template = SentenceTemplate(t)
                for p in template.problems { error(map["sentence"]!, "sentence of signal '\(id)': \(p)", help: "placeholders are {name} or {name|fallback}; optional parts are [...]") }
                if template.problems.isEmpty { spec.sentence = template }
            }
            if let e = map["error_class"] {
                if let b = e.bool { spec.errorClass = b } else { error(e, "'error_class' must be true or false", help: "error_class: true") }
            }
            if let c = map["change_window"] {
                if let cm = c.mapping {
                    checkKeys(cm, ["success", "what", "look", "by"], what: "change_window")
                    if let what = string(cm, "what", required: true), let look = string(cm, "look", required: true) {
                        spec.changeWindow = ChangeWindowSpec(success: string(cm, "success"), what: what, look: look,
                                                             by: stringList(cm, "by"))
                    }
                } else { error(c, "'change_window' must be a mapping", help: "success:, what:, look:, by:") }
            }
            if let u = map["unless"] {
                if let um = u.mapping {
                    checkKeys(um, ["signal", "within"], what: "unless")
                    if let s = string(um, "signal", required: true), let w = duration(um, "within") {
                        spec.unless = UnlessSpec(signal: s, within: w)
                    } else if um["within"] == nil { error(u, "'unless' needs 'within'", help: "e.g. within: 10m") }
                } else { error(u, "'unless' must be a mapping", help: "signal:, within:") }
            }
            return spec
        }

        mutating func matcher(_ node: Node) -> MatcherSpec? {
            guard let map = node.mapping else { error(node, "a matcher must be a mapping", help: "use component:, contains:, regex:, fields:"); return nil }
            checkKeys(map, RuleLoader.matcherKeys, what: "matcher")
            var sevs: [Severity] = []
            for s in stringList(map, "severity") {
                if let v = Severity(letter: s) { sevs.append(v) } else if let n = map["severity"] {
                    error(n, "unknown log severity '\(s)'", help: "use I, W, E or F")
                }
            }
            var fields: [(String, String)] = []
            if let f = map["fields"] {
                if let fm = f.mapping {
                    for (k, v) in fm {
                        guard let key = k.string, let pat = v.scalar?.string else { error(k, "field patterns must be strings", help: "write `field: 'regex'`"); continue }
                        fields.append((key, pat))
                    }
                } else { error(f, "'fields' must be a mapping", help: "write `fields: {verb: '^GET$'}`") }
            }
            let m = MatcherSpec(components: stringList(map, "component"), severities: sevs, contains: stringList(map, "contains"),
                                regex: string(map, "regex"), fields: fields, line: node.mark?.line ?? 1,
                                regexLine: map["regex"]?.mark?.line ?? node.mark?.line ?? 1,
                                regexColumn: map["regex"]?.mark?.column ?? node.mark?.column, column: node.mark?.column ?? 1)
            if m.contains.isEmpty && m.regex == nil && m.fields.isEmpty {
                error(node, "matcher matches every record", help: "give `contains`, `regex` or `fields`")
            }
            return m
        }

        mutating func edge(_ node: Node) -> EdgeSpec? {
            guard let map = node.mapping else { error(node, "an edge must be a mapping", help: "write `- from: A` and `to: B`"); return nil }
            checkKeys(map, RuleLoader.edgeKeys, what: "edge")
            guard let from = string(map, "from", required: true), let to = string(map, "to", required: true) else { return nil }
            var join: [(String, String)]?
            if let j = map["join"] {
                if let seq = j.sequence {
                    join = seq.compactMap { $0.string.map { ($0, $0) } }
                } else if let jm = j.mapping {
                    join = jm.compactMap { k, v in k.string.flatMap { a in v.string.map { (a, $0) } } }
                } else { error(j, "'join' must be a list of keys or a mapping cause_key: effect_key", help: "e.g. join: [namespace]") }
            }
            var joinCIDR: [(String, String)] = []
            if let j = map["join_cidr"] {
                if let jm = j.mapping {
                    joinCIDR = jm.compactMap { k, v in k.string.flatMap { a in v.string.map { (a, $0) } } }
                } else { error(j, "'join_cidr' must be a mapping cause_cidr_key: effect_ip_key", help: "e.g. join_cidr: {cidr: backend_ip}") }
            }
            var explains: [String]?
            if map["explains"] != nil {
                let list = stringList(map, "explains")
                for c in list where !ErrorClass.allCases.map(\.rawValue).contains(c) {
                    error(map["explains"]!, "unknown error class '\(c)'", help: "use \(ErrorClass.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                explains = list
            }
            return EdgeSpec(from: from, to: to, join: join, joinCIDR: joinCIDR, explains: explains,
                            maxLag: duration(map, "max_lag") ?? 3_600_000_000, source: source, line: node.mark?.line ?? 1,
                            column: node.mark?.column ?? 1)
        }

        /// `remediation:` items are strings, or mappings `{step:, provider:, when: [signal...]}`.
        mutating func remediation(_ map: Node.Mapping) -> [RemediationStep] {
            guard let n = map["remediation"] else { return [] }
            if let s = n.scalar?.string { return [RemediationStep(text: s)] }
            guard let seq = n.sequence else { error(n, "'remediation' must be a list", help: "write `- text` or `- step: text` items"); return [] }
            return seq.compactMap { item in
                if let s = item.scalar?.string { return RemediationStep(text: s) }
                guard let m = item.mapping else { error(item, "remediation items must be strings or mappings", help: "step:, provider:, when:"); return nil }
                checkKeys(m, RuleLoader.remediationKeys, what: "remediation step")
                guard let text = string(m, "step", required: true) else { return nil }
                let provider = string(m, "provider")
                if let p = provider, !RuleLoader.providers.contains(p), let pn = m["provider"] {
                    error(pn, "unknown provider '\(p)'", help: "use \(RuleLoader.providers.sorted().joined(separator: ", "))")
                }
                return RemediationStep(text: text, provider: provider, when: stringList(m, "when"))
            }
        }

        mutating func example(_ node: Node) -> RuleExample? {
            guard let map = node.mapping else { error(node, "an example must be a mapping", help: "name:, fire:, files:"); return nil }
            checkKeys(map, RuleLoader.exampleKeys, what: "example")
            let name = string(map, "name") ?? "example at line \(node.mark?.line ?? 0)"
            guard let fireNode = map["fire"], let fire = fireNode.bool else {
                error(node, "example '\(name)' needs `fire: true` or `fire: false`", help: "say whether the rule must fire"); return nil
            }
            var files: [(String, String)] = []
            if let f = map["files"]?.mapping {
                for (k, v) in f { if let n = k.string, let t = v.string { files.append((n, t)) } }
            }
            if files.isEmpty { error(node, "example '\(name)' has no files", help: "add `files:` with `component.log: |` blocks") }
            if let y = map["year"], !(y.int.map { Timestamp.validYears.contains($0) } ?? false) {
                error(y, "example 'year' must be a year from 1 to 9999", help: "e.g. year: 2024"); return nil
            }
            var keys: [String: String] = [:]
            if let k = map["keys"]?.mapping { for (a, b) in k { if let x = a.string, let y = b.string { keys[x] = y } } }
            return RuleExample(name: name, fire: fire, rootCause: string(map, "root_cause"),
                               missing: map["missing"] != nil ? stringList(map, "missing") : nil, keys: keys,
                               year: map["year"]?.int ?? 2024, files: files, line: node.mark?.line ?? 1,
                               column: node.mark?.column ?? 1)
        }
    }
}
