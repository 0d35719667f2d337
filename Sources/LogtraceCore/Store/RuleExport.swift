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

    /// The stream selector of Kubernetes events in Loki: Grafana Alloy's
    /// `loki.source.kubernetes_events` labels them `job="loki.source.kubernetes_events"` (its
    /// `job_name`), or `integrations/kubernetes/eventhandler` as the Grafana Agent's eventhandler
    /// integration did. Events are no container's stream.
    public static let defaultEventsSelector = #"{job=~"loki.source.kubernetes_events|integrations/kubernetes/eventhandler"}"#

    /// LogQL, one query per matcher and kind of stream: a stream selector on the component label
    /// for containers, then a line filter for each literal (Loki keeps the original line, so
    /// literals apply as written). A matcher on `kube-events` gets its own query on the events'
    /// stream (`eventsSelector`), where an event is a logfmt or JSON line of its fields rather
    /// than logtrace's `TYPE REASON Kind/name: message` text: a literal of that header
    /// (`Warning FailedToCreateRoute `) filters on the reason alone. `kube-objects` (object
    /// conditions from kubectl output) have no Loki stream and are left out, with a comment.
    public static func logql(_ rules: RuleSet, label: String = "container", eventsSelector: String = defaultEventsSelector) -> String {
        var out = "# logtrace signal queries for Loki (LogQL; component label '\(label)', events \(eventsSelector))\n"
        out += "# Candidates only: logtrace confirms each line with the signal's PCRE2 regex and field checks.\n"
        for (file, s) in signals(rules) {
            out += "\n# \(s.id) (rule \(file.id))"
            if !s.description.isEmpty { out += ": " + oneLine(s.description) }
            out += "\n"
            for m in s.matchers {
                let literals = m.contains.filter { !$0.isEmpty }
                let containers = m.components.filter { !KubeObjects.components.contains($0) }
                if !containers.isEmpty || m.components.isEmpty {
                    out += selector(containers, label: label) + filters(literals) + "\n"
                }
                if m.components.contains(KubeObjects.eventsComponent) {
                    out += eventsSelector + filters(literals.map(eventLiteral)) + "\n"
                }
                if m.components.contains(KubeObjects.objectsComponent) {
                    out += "# (kube-objects" + (literals.isEmpty ? "" : " " + literals.map(goString).joined(separator: " ")) + ": object conditions from kubectl output; no Loki stream holds them)\n"
                }
            }
        }
        return out
    }

    /// ` |= "..."` for each distinct literal, in order.
    static func filters(_ literals: [String]) -> String {
        var seen = Set<String>()
        var out = ""
        for l in literals where !l.isEmpty && seen.insert(l).inserted { out += " |= " + goString(l) }
        return out
    }

    /// A literal as it can appear in an event's line in Loki: logtrace's event header
    /// `Warning REASON ` (or `Normal REASON `) is the reason alone, a field of the line there.
    static func eventLiteral(_ l: String) -> String {
        for type in ["Warning ", "Normal "] where l.hasPrefix(type) {
            let rest = l.dropFirst(type.count)
            let reason = rest.prefix { $0.isLetter || $0.isNumber }
            if !reason.isEmpty && rest.dropFirst(reason.count).allSatisfy({ $0 == " " }) { return String(reason) }
        }
        return l
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
