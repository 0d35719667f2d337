/// How a table's columns become logtrace records: one SQL expression for each part of a record.
/// Three ways to get one: the default (the columns `logtrace parse` writes, read from the table's
/// own column list, so a `Map` or a `Nested` `fields` both work), the OpenTelemetry `otel_logs`
/// preset, or a custom mapping (`--map time=ts,message=body,...`).
public struct StoreMapping: Sendable, Equatable {
    /// How the time expression is stored, which decides how it is compared and read back.
    public enum TimeKind: String, Sendable {
        /// RFC 3339 UTC text with six fraction digits (`2024-03-12T06:00:00.412118Z`, what
        /// `logtrace parse` writes): compared as text, which orders like time.
        case rfc3339
        /// `DateTime64(p)`: compared with `toDateTime64`, read as microseconds (ClickHouse 20.1+).
        case dateTime64
        /// `DateTime` (seconds).
        case dateTime
    }

    public var time: String
    public var timeKind: TimeKind
    public var severity: String?
    public var component: String?
    public var node: String?
    public var pid: String?
    public var file: String?
    public var line: String?
    public var message: String
    /// Field names and values as two arrays of strings.
    public var fieldKeys: String?
    public var fieldValues: String?
    public var continuation: String?
    public var path: String?
    public var sourceLine: String?
    /// 1 when a klog body was structured (`"msg" key=value`), as `logtrace parse --format
    /// clickhouse` writes it; without it, a record with fields counts as structured.
    public var structured: String?
    /// The message column holds whole log lines (a klog header, a JSON object): the same
    /// parsers that read files take severity, pid, source file, body and fields from it.
    public var rawMessage = false
    /// The severity column holds klog letters (`I`, `W`, `E`, `F`), so it can be filtered by them.
    public var severityLetters = true
    public var name = "logtrace"
    /// The keys a custom mapping gave (`--map`); the others keep the default schema's column
    /// names, which `adapted(to:)` drops when the table lacks them.
    public var given: Set<String> = []

    public init(time: String, timeKind: TimeKind, message: String) {
        self.time = time; self.timeKind = timeKind; self.message = message
    }

    /// The columns `logtrace parse` writes, as `logtrace ingest` creates them (works on
    /// ClickHouse 18.16 and later).
    public static let logtrace: StoreMapping = {
        var m = StoreMapping(time: "time", timeKind: .rfc3339, message: "message")
        m.severity = "severity"; m.component = "component"; m.node = "node"; m.pid = "pid"
        m.file = "file"; m.line = "line"; m.fieldKeys = "`fields.key`"; m.fieldValues = "`fields.value`"
        m.continuation = "continuation"; m.path = "`source.path`"; m.sourceLine = "`source.line`"
        m.structured = "structured"
        return m
    }()

    /// The OpenTelemetry Collector ClickHouse exporter's `otel_logs` table (also SigNoz-,
    /// Uptrace- and ClickStack-style tables): `Body` holds the container's log line.
    public static let otel: StoreMapping = {
        var m = StoreMapping(time: "Timestamp", timeKind: .dateTime64, message: "Body")
        m.severity = "SeverityText"
        m.component = "if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName)"
        m.node = "ResourceAttributes['k8s.node.name']"
        m.path = "LogAttributes['log.file.path']"
        m.rawMessage = true
        m.severityLetters = false
        m.name = "otel"
        return m
    }()

    /// The default mapping adapted to the table's real columns (name, type): `fields` as a Map or
    /// as `Nested(key, value)`, `time` as text or `DateTime64`, optional columns left out.
    /// Throws when a column every record needs is missing.
    public static func detect(columns: [(String, String)], table: String) throws -> StoreMapping {
        let types = Dictionary(columns, uniquingKeysWith: { a, _ in a })
        func has(_ c: String) -> Bool { types[c] != nil }
        guard let timeType = types["time"] else {
            throw StoreError("table \(table) has no column 'time'", help: "the default schema is the columns `logtrace parse` writes; use --schema otel or --map time=COLUMN,message=COLUMN for other tables")
        }
        guard has("message") else {
            throw StoreError("table \(table) has no column 'message'", help: "use --map message=COLUMN (or --schema otel)")
        }
        var m = StoreMapping.logtrace
        let tt = timeType.replacingOccurrences(of: "Nullable(", with: "")
        if tt.hasPrefix("DateTime64") { m.timeKind = .dateTime64 }
        else if tt.hasPrefix("DateTime") { m.timeKind = .dateTime }
        else if !tt.hasPrefix("String") && !tt.hasPrefix("LowCardinality(String") {
            throw StoreError("column 'time' of \(table) is \(timeType)", help: "use String (RFC 3339), DateTime or DateTime64")
        }
        for (name, keyPath) in [("severity", \StoreMapping.severity), ("component", \.component), ("node", \.node), ("pid", \.pid),
                                ("file", \.file), ("line", \.line), ("continuation", \.continuation)] {
            if !has(name) { m[keyPath: keyPath] = nil }
        }
        if has("fields.key") && has("fields.value") {
            m.fieldKeys = "`fields.key`"; m.fieldValues = "`fields.value`"
        } else if let ft = types["fields"], ft.hasPrefix("Map(") {
            m.fieldKeys = "mapKeys(fields)"; m.fieldValues = "mapValues(fields)"
        } else { m.fieldKeys = nil; m.fieldValues = nil }
        m.path = has("source.path") ? "`source.path`" : nil
        m.sourceLine = has("source.line") ? "`source.line`" : nil
        m.structured = has("structured") ? "structured" : nil
        return m
    }

    /// A custom mapping fitted to the table's columns (name, type): an optional part it did not
    /// give whose default column the table lacks is left out (a table with `ts`, `app` and `body`
    /// needs no `pid=-`), and a time column's type (`DateTime`, `DateTime64`) sets `time_kind`
    /// unless it was given. Presets and the detected default are returned as they are.
    public func adapted(to columns: [(String, String)]) -> StoreMapping {
        guard name == "custom" else { return self }
        let types = Dictionary(columns, uniquingKeysWith: { a, _ in a })
        func column(_ e: String) -> String { e.hasPrefix("`") && e.hasSuffix("`") && e.count > 1 ? String(e.dropFirst().dropLast()) : e }
        var m = self
        let optional: [(String, WritableKeyPath<StoreMapping, String?>)] = [
            ("severity", \.severity), ("component", \.component), ("node", \.node), ("pid", \.pid), ("file", \.file), ("line", \.line),
            ("path", \.path), ("source_line", \.sourceLine), ("structured", \.structured), ("continuation", \.continuation),
            ("fields_keys", \.fieldKeys), ("fields_values", \.fieldValues),
        ]
        for (key, kp) in optional where !given.contains(key) {
            if let e = m[keyPath: kp], types[column(e)] == nil { m[keyPath: kp] = nil }
        }
        if m.fieldKeys == nil || m.fieldValues == nil { m.fieldKeys = nil; m.fieldValues = nil }
        if !given.contains("time_kind"), let t = types[column(m.time)]?.replacingOccurrences(of: "Nullable(", with: "") {
            if t.hasPrefix("DateTime64") { m.timeKind = .dateTime64 } else if t.hasPrefix("DateTime") { m.timeKind = .dateTime }
        }
        return m
    }

    /// A custom mapping from `key=EXPR` pairs (time, severity, component, node, message, pid,
    /// file, line, path, source_line, continuation, fields_keys, fields_values, raw=1,
    /// time_kind=rfc3339|datetime|datetime64), starting from `base`.
    public static func custom(_ pairs: [(String, String)], base: StoreMapping) throws -> StoreMapping {
        var m = base
        m.name = "custom"
        for (k, v) in pairs {
            m.given.insert(k)
            let e: String? = v.isEmpty || v == "-" ? nil : v
            switch k {
            case "time": guard let e else { throw StoreError("--map time= cannot be empty") }; m.time = e
            case "message": guard let e else { throw StoreError("--map message= cannot be empty") }; m.message = e
            case "severity": m.severity = e; m.severityLetters = false
            case "component": m.component = e
            case "node": m.node = e
            case "pid": m.pid = e
            case "file": m.file = e
            case "line": m.line = e
            case "path": m.path = e
            case "source_line": m.sourceLine = e
            case "structured": m.structured = e
            case "continuation": m.continuation = e
            case "fields_keys": m.fieldKeys = e
            case "fields_values": m.fieldValues = e
            case "raw": m.rawMessage = v == "1" || v == "true"
            case "time_kind":
                switch v.lowercased() {
                case "rfc3339", "string": m.timeKind = .rfc3339
                case "datetime": m.timeKind = .dateTime
                case "datetime64": m.timeKind = .dateTime64
                default: throw StoreError("--map time_kind=\(v): use rfc3339, datetime or datetime64")
                }
            default:
                throw StoreError("--map: unknown key '\(k)'", help: "keys: time, severity, component, node, message, pid, file, line, path, source_line, structured, continuation, fields_keys, fields_values, raw, time_kind")
            }
        }
        return m
    }
}
