/// The SQL logtrace sends to ClickHouse: the columns every record needs, each signal's pushdown
/// predicate (component, literal prefilter, severity), the time window, and the one aggregate
/// that gives per-input coverage. Only what ClickHouse 18.16 and current releases both accept:
/// `position`, `arrayExists` with a lambda, `IN`, `count`/`min`/`max`, plain `ORDER BY`.
public struct StoreQuery {
    public let mapping: StoreMapping
    public let table: String
    /// Extra conditions (`--where`), ANDed to every query.
    public var filters: [String] = []
    public var since: Int64?
    public var until: Int64?

    public init(mapping: StoreMapping, table: String) {
        self.mapping = mapping; self.table = table
    }

    /// A SQL string literal (backslash and quote escaped, which every release reads the same).
    public static func literal(_ s: String) -> String {
        var o = "'"
        for c in s.unicodeScalars {
            switch c {
            case "\\": o += "\\\\"
            case "'": o += "\\'"
            case "\n": o += "\\n"
            case "\t": o += "\\t"
            case "\r": o += "\\r"
            case "\0": o += "\\0"
            default: o.unicodeScalars.append(c)
            }
        }
        return o + "'"
    }

    /// A time as the mapping's column compares: RFC 3339 text, or a DateTime(64) constructor.
    public func timeLiteral(_ t: Int64) -> String {
        switch mapping.timeKind {
        case .rfc3339: return Self.literal(Timestamp.rfc3339(t))
        case .dateTime64:
            let s = Timestamp.rfc3339(t)   // 2024-03-12T06:00:00.412118Z
            let text = String(s.dropLast()).replacingOccurrences(of: "T", with: " ")
            return "toDateTime64(\(Self.literal(text)), 6, 'UTC')"
        case .dateTime:
            return "toDateTime(\(t / 1_000_000))"
        }
    }

    /// The time as the query returns it: the text itself, or microseconds since the epoch.
    var timeSelect: String {
        switch mapping.timeKind {
        case .rfc3339: return mapping.time
        case .dateTime64: return "toUnixTimestamp64Micro(\(mapping.time))"
        case .dateTime: return "toUInt64(toUnixTimestamp(\(mapping.time))) * 1000000"
        }
    }

    /// Window and `--where` conditions.
    public var baseConditions: [String] {
        var c: [String] = []
        if let s = since { c.append("\(mapping.time) >= \(timeLiteral(s))") }
        if let u = until { c.append("\(mapping.time) <= \(timeLiteral(u))") }
        c += filters.map { "(\($0))" }
        return c
    }

    /// The record columns, in the order `StoreRow` reads them.
    public var selectList: [String] {
        let m = mapping
        return [timeSelect, m.severity ?? "''", m.component ?? "''", m.node ?? "''", m.pid.map { "toString(\($0))" } ?? "''",
                m.file ?? "''", m.line.map { "toString(\($0))" } ?? "''", m.message,
                m.fieldKeys ?? "emptyArrayString()", m.fieldValues ?? "emptyArrayString()",
                m.continuation ?? "emptyArrayString()", m.path ?? "''", m.sourceLine.map { "toString(\($0))" } ?? "''",
                m.structured ?? "NULL"]
    }

    /// The parts of a record a literal can be found in: message, field names and values, and
    /// continuation lines (as stored, so without the quoting and escaping of the original line).
    /// Field names are searched only for a literal that spans a `key=` joint.
    func literalCondition(_ piece: String, inKeys: Bool) -> String {
        let lit = Self.literal(piece)
        var parts = ["position(\(mapping.message), \(lit)) > 0"]
        if let v = mapping.fieldValues { parts.append("arrayExists(x_ -> position(x_, \(lit)) > 0, \(v))") }
        if inKeys, let k = mapping.fieldKeys { parts.append("arrayExists(x_ -> position(x_, \(lit)) > 0, \(k))") }
        if let c = mapping.continuation { parts.append("arrayExists(x_ -> position(x_, \(lit)) > 0, \(c))") }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
    }

    /// The stretch of a rule literal that is certain to appear in one stored part when the
    /// original line holds the literal: the longest run without a quote, backslash, `=`, tab or
    /// newline (quoting, escaping and `key=value` joints differ between a line and its columns).
    /// Nil when nothing of 3 bytes or more is left: then no literal filter (a superset).
    public static func pushdownPiece(_ literal: String) -> String? {
        var best = ""
        var cur = ""
        for c in literal.unicodeScalars {
            if c == "\"" || c == "\\" || c == "=" || c == "\t" || c == "\n" || c == "\r" {
                if cur.utf8.count > best.utf8.count { best = cur }
                cur = ""
            } else { cur.unicodeScalars.append(c) }
        }
        if cur.utf8.count > best.utf8.count { best = cur }
        return best.utf8.count >= 3 ? best : nil
    }

    /// One matcher's predicate: component, severity, and each of its literals (ANDed).
    func matcherCondition(_ m: MatcherSpec) -> String {
        var c: [String] = []
        if !m.components.isEmpty, let comp = mapping.component {
            let list = m.components.sorted().map(Self.literal).joined(separator: ", ")
            c.append("\(comp) IN (\(list))")
        }
        if !m.severities.isEmpty, let sev = mapping.severity, mapping.severityLetters {
            c.append("\(sev) IN (\(m.severities.map(\.letter).sorted().map(Self.literal).joined(separator: ", ")))")
        }
        var seen = Set<String>()
        for l in m.contains where !l.isEmpty {
            guard let p = Self.pushdownPiece(l), seen.insert(p).inserted else { continue }
            c.append(literalCondition(p, inKeys: l.contains("=")))
        }
        return c.isEmpty ? "1" : c.joined(separator: " AND ")
    }

    /// A signal's predicate: any of its matchers.
    public func signalCondition(_ s: SignalSpec) -> String {
        let ms = s.matchers.map(matcherCondition)
        if ms.contains("1") { return "1" }
        return ms.count == 1 ? ms[0] : "(" + ms.joined(separator: "\n    OR ") + ")"
    }

    /// The candidate rows of the given signals, in time order.
    public func candidates(_ signals: [SignalSpec]) -> String {
        var sql = "SELECT " + selectList.joined(separator: ", ") + "\nFROM \(table)\nWHERE "
        var conds = baseConditions
        let preds = signals.map { "  -- \($0.id)\n  " + signalCondition($0) }
        if !preds.contains(where: { $0.hasSuffix("\n  1") }) {
            conds.append("(\n" + preds.joined(separator: "\n  OR\n") + "\n)")
        }
        sql += conds.isEmpty ? "1" : conds.joined(separator: "\n  AND ")
        sql += "\nORDER BY \(mapping.time)" + (mapping.path.map { ", \($0)" } ?? "") + (mapping.sourceLine.map { ", \($0)" } ?? "")
        return sql
    }

    /// One signal's own query (what `rules export --to clickhouse` prints).
    public func signalQuery(_ s: SignalSpec) -> String {
        var conds = baseConditions
        let p = signalCondition(s)
        if p != "1" { conds.append(p) }
        return "SELECT " + selectList.joined(separator: ", ") + "\nFROM \(table)\nWHERE " + (conds.isEmpty ? "1" : conds.joined(separator: "\n  AND "))
            + "\nORDER BY \(mapping.time)"
    }

    /// Coverage in one aggregate: per input (path, component, node) the row count and the first
    /// and last time. The correlator's "logs present but no matching line" needs it.
    public var coverage: String {
        let m = mapping
        let conds = baseConditions
        return "SELECT \(m.path ?? "''") AS p_, \(m.component ?? "''") AS c_, \(m.node ?? "''") AS n_, count() AS rows_, "
            + "min(\(timeSelect)) AS first_, max(\(timeSelect)) AS last_\nFROM \(table)\nWHERE " + (conds.isEmpty ? "1" : conds.joined(separator: " AND "))
            + "\nGROUP BY p_, c_, n_\nORDER BY p_, c_, n_"
    }

    /// The table `logtrace ingest` creates: the columns `logtrace parse` writes, with `fields`
    /// as `Nested(key, value)` and `source` flattened, which ClickHouse 18.16 reads from
    /// JSONEachRow; ordered by time (text in RFC 3339, which sorts like time).
    public static func createTable(_ table: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(table) (
            time String,
            severity String,
            component String,
            node String,
            pid Nullable(UInt32),
            file String,
            line Nullable(UInt32),
            message String,
            fields Nested(key String, value String),
            continuation Array(String),
            `source.path` String,
            `source.line` UInt64,
            structured UInt8
        ) ENGINE = MergeTree
        PARTITION BY substring(time, 1, 7)
        ORDER BY (time, `source.path`, `source.line`)
        """
    }
}
