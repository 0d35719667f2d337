/// `logtrace rules export`: each signal's pushdown as a query for another store, to alert on or
/// explore in Grafana. The regex and field checks stay with logtrace (PCRE2); the exported
/// query is their superset: component, severity, literals, time window.
public enum RuleExport {
    /// ClickHouse SQL, one SELECT per signal, in rule-file order.
    public static func clickhouse(_ rules: RuleSet, mapping: StoreMapping, table: String) -> String {
        let q = StoreQuery(mapping: mapping, table: table)
        var out = "-- logtrace signal queries for ClickHouse (\(mapping.name) schema, table \(table))\n"
        out += "-- Candidates only: logtrace confirms each row with the signal's PCRE2 regex and field checks.\n"
        for (file, s) in signals(rules) {
            out += "\n-- \(s.id) (rule \(file.id))"
            if !s.description.isEmpty { out += ": " + oneLine(s.description) }
            out += "\n" + q.signalQuery(s) + ";\n"
        }
        return out
    }

    /// LogQL, one query per matcher: a stream selector on the component label, then a line
    /// filter for each literal (Loki keeps the original line, so literals apply as written).
    public static func logql(_ rules: RuleSet, label: String = "container") -> String {
        var out = "# logtrace signal queries for Loki (LogQL; component label '\(label)')\n"
        out += "# Candidates only: logtrace confirms each line with the signal's PCRE2 regex and field checks.\n"
        for (file, s) in signals(rules) {
            out += "\n# \(s.id) (rule \(file.id))"
            if !s.description.isEmpty { out += ": " + oneLine(s.description) }
            out += "\n"
            for m in s.matchers {
                out += selector(m.components, label: label)
                var seen = Set<String>()
                for l in m.contains where !l.isEmpty && seen.insert(l).inserted { out += " |= " + goString(l) }
                out += "\n"
            }
        }
        return out
    }

    static func signals(_ rules: RuleSet) -> [(RuleFile, SignalSpec)] {
        var out: [(RuleFile, SignalSpec)] = []
        for f in rules.files {
            for s in f.signals where rules.signalIndex[s.id].map({ rules.signals[$0].spec.source == f.source }) ?? false {
                out.append((f, s))
            }
        }
        return out
    }

    static func selector(_ components: [String], label: String) -> String {
        let c = components.sorted()
        if c.isEmpty { return "{\(label)=~\".+\"}" }
        if c.count == 1 { return "{\(label)=\(goString(c[0]))}" }
        return "{\(label)=~\(goString(c.map(regexEscape).joined(separator: "|")))}"
    }

    static func regexEscape(_ s: String) -> String {
        var o = ""
        for ch in s {
            if "\\.+*?()|[]{}^$".contains(ch) { o.append("\\") }
            o.append(ch)
        }
        return o
    }

    /// A double-quoted LogQL (Go) string.
    static func goString(_ s: String) -> String {
        var o: [UInt8] = []
        GoQuote.append(s, to: &o)
        return String(decoding: o, as: UTF8.self)
    }

    static func oneLine(_ s: String) -> String {
        let t = s.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
        return t.count > 160 ? String(t.prefix(160)) + "…" : t
    }
}
