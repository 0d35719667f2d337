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
    /// original line holds the literal: the longest of `pushdownPieces`. Nil when none is left.
    public static func pushdownPiece(_ literal: String) -> String? {
        pushdownPieces(literal).max { a, b in a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a > b }
    }

    /// The stretches of a rule literal that are each certain to appear in one stored part
    /// (message, a field name or value, a continuation line) when the original line holds the
    /// literal: the runs between quotes, backslashes, `=`, tabs and newlines (quoting, escaping
    /// and `key=value` joints differ between a line and its columns). When the literal is
    /// written in `key=value` or JSON syntax, or `words` is set, the runs are cut at colons,
    /// commas, braces and at spaces before a letter, since a joint between two fields is a
    /// space before a name (klog) or `","` (JSON). Runs shorter than 3 bytes are left out; ANDed, they are a superset of what
    /// the literal matches.
    public static func pushdownPieces(_ literal: String, words: Bool = false) -> [String] {
        let fine = words || literal.contains("=") || literal.contains("\":")
        var out: [String] = []
        var cur = ""
        func end() {
            let t = cur.trimmingSpaces
            if t.utf8.count >= 3 && !out.contains(t) { out.append(t) }
            cur = ""
        }
        let scalars = Array(literal.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            switch c {
            case "\"", "\\", "=", "\t", "\n", "\r": end()
            case ":" where fine, "," where fine, "{" where fine, "}" where fine: end()
            case " " where fine:
                // A field name starts with a letter or `_`: a space before anything else (`to 0`)
                // is not a joint between two fields.
                if i + 1 < scalars.count, scalars[i + 1].properties.isAlphabetic || scalars[i + 1] == "_" { end() } else { cur.unicodeScalars.append(c) }
            default: cur.unicodeScalars.append(c)
            }
        }
        end()
        return out
    }

    /// The literal runs a regex requires, for pushdown: the characters outside groups, classes
    /// and escapes like `\\d`, that no quantifier makes optional (`a+` keeps its `a`, `a?` and
    /// `a*` drop it). Empty when the regex has a top-level alternative or a flag group (`(?i)`):
    /// then nothing of it is pushed down.
    public static func regexRuns(_ regex: String) -> [String] {
        let r = Array(regex.unicodeScalars)
        var runs: [String] = []
        var cur: [Unicode.Scalar] = []
        var lastLiteral = false   // the atom just read was a literal character appended to `cur`
        func cut() { if !cur.isEmpty { runs.append(String(String.UnicodeScalarView(cur))) }; cur = []; lastLiteral = false }
        var i = 0
        while i < r.count {
            let c = r[i]
            switch c {
            case "\\":
                guard i + 1 < r.count else { return [] }
                let e = r[i + 1]
                if e == "Q" { return [] }
                if e.properties.isAlphabetic || ("0"..."9").contains(e) {
                    cut()
                    i += 2
                    if (e == "p" || e == "P" || e == "x") && i < r.count && r[i] == "{" {
                        while i < r.count && r[i] != "}" { i += 1 }
                        i += 1
                    } else if e == "x" {
                        i += 2
                    } else if e == "p" || e == "P" {
                        i += 1
                    }
                    continue
                }
                cur.append(e); lastLiteral = true
                i += 2
                continue
            case "[":
                cut()
                i += 1
                if i < r.count && r[i] == "^" { i += 1 }
                if i < r.count && r[i] == "]" { i += 1 }
                while i < r.count && r[i] != "]" {
                    if r[i] == "\\" { i += 2; continue }
                    if r[i] == "[" && i + 1 < r.count && r[i + 1] == ":" {
                        i += 2
                        while i + 1 < r.count && !(r[i] == ":" && r[i + 1] == "]") { i += 1 }
                        i += 2; continue
                    }
                    i += 1
                }
                i += 1
                continue
            case "(":
                // A flag group changes how the rest matches (case, spacing): give up.
                if i + 2 < r.count && r[i + 1] == "?" {
                    var j = i + 2
                    while j < r.count && (r[j].properties.isAlphabetic || r[j] == "-" || r[j] == "^") { j += 1 }
                    if j > i + 2 && j < r.count && (r[j] == ")" || r[j] == ":") { return [] }
                }
                cut()
                var depth = 0
                while i < r.count {
                    if r[i] == "\\" { i += 2; continue }
                    if r[i] == "[" {
                        i += 1
                        if i < r.count && r[i] == "^" { i += 1 }
                        if i < r.count && r[i] == "]" { i += 1 }
                        while i < r.count && r[i] != "]" { i += r[i] == "\\" ? 2 : 1 }
                        i += 1; continue
                    }
                    if r[i] == "(" { depth += 1 } else if r[i] == ")" { depth -= 1; if depth == 0 { break } }
                    i += 1
                }
                i += 1
                continue
            case "|":
                return []
            case ".", "^", "$":
                cut(); i += 1; continue
            case "*", "?", "+":
                if c != "+" && lastLiteral { cur.removeLast() }
                cut()
                i += 1
                if i < r.count && (r[i] == "?" || r[i] == "+") { i += 1 }
                continue
            case "{":
                var j = i + 1
                while j < r.count && (("0"..."9").contains(r[j]) || r[j] == ",") { j += 1 }
                if j > i + 1 && j < r.count && r[j] == "}" {
                    let min = String(String.UnicodeScalarView(r[(i + 1)..<j])).split(separator: ",", omittingEmptySubsequences: false).first.flatMap { Int($0) } ?? 0
                    if min == 0 && lastLiteral { cur.removeLast() }
                    cut()
                    i = j + 1
                    if i < r.count && (r[i] == "?" || r[i] == "+") { i += 1 }
                    continue
                }
                cur.append(c); lastLiteral = true; i += 1
            default:
                cur.append(c); lastLiteral = true; i += 1
            }
        }
        cut()
        return runs
    }

    /// Everything one matcher pushes down: each piece of each `contains` literal and of each
    /// literal run its regex requires (words), without repeats and without a piece another
    /// one contains.
    public static func matcherPieces(_ m: MatcherSpec) -> [(piece: String, inKeys: Bool)] {
        var all: [(String, Bool)] = []
        for l in m.contains where !l.isEmpty {
            let keys = l.contains("=") || l.contains("\":")
            for p in pushdownPieces(l) { all.append((p, keys)) }
        }
        if let re = m.regex {
            // A word of a regex may be a field name (`newStatus[= ]`): searched in names too.
            for run in regexRuns(re) {
                for p in pushdownPieces(run, words: true) { all.append((p, true)) }
            }
        }
        var out: [(piece: String, inKeys: Bool)] = []
        for (i, (p, k)) in all.enumerated() {
            // A piece inside a longer one (in a part it can be found in) adds nothing.
            if all.enumerated().contains(where: { j, o in j != i && o.0 != p && o.0.contains(p) && (!o.1 || k) }) { continue }
            if let at = out.firstIndex(where: { $0.piece == p }) { out[at].inKeys = out[at].inKeys || k; continue }
            out.append((p, k))
        }
        return out
    }

    /// One matcher's predicate: component, severity, and every piece of its literals and of the
    /// literal runs its regex requires (ANDed).
    func matcherCondition(_ m: MatcherSpec) -> String {
        var c: [String] = []
        if !m.components.isEmpty, let comp = mapping.component {
            let list = m.components.sorted().map(Self.literal).joined(separator: ", ")
            c.append("\(comp) IN (\(list))")
        }
        if !m.severities.isEmpty, let sev = mapping.severity, mapping.severityLetters {
            c.append("\(sev) IN (\(m.severities.map(\.letter).sorted().map(Self.literal).joined(separator: ", ")))")
        }
        for (p, keys) in Self.matcherPieces(m) {
            c.append(literalCondition(p, inKeys: keys))
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
