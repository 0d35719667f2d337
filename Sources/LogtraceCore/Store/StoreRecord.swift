import LogtraceKernels
/// One row of a store as a record: the columns the mapping selects, and the record view the
/// rule pass (`HitCollector`) reads, so a row is matched exactly like a line of a file.
public struct StoreRow: Sendable {
    public var time: Int64?
    public var severity: String
    public var component: String
    public var node: String
    public var pid: Int?
    public var file: String
    public var line: Int?
    public var message: String
    public var fields: [(String, String)]
    public var continuation: [String]
    public var path: String
    public var sourceLine: Int?
    /// Whether a klog body was structured (`"msg" key=value`); nil when the table does not say
    /// (then: when it has fields).
    public var structured: Bool?

    /// Reads the values of `StoreQuery.selectList`, in that order.
    public init?(_ v: [JSONValue], timeKind: StoreMapping.TimeKind) {
        guard v.count >= 13 else { return nil }
        switch timeKind {
        case .rfc3339:
            let s = v[0].string ?? ""
            time = s.utf8.count >= 19 ? Array(s.utf8).withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time } : nil
        case .dateTime64, .dateTime:
            time = v[0].int64
        }
        severity = v[1].string ?? ""
        component = v[2].string ?? ""
        node = v[3].string ?? ""
        pid = v[4].int
        file = v[5].string ?? ""
        line = v[6].int
        message = v[7].string ?? ""
        let keys = v[8].strings, values = v[9].strings
        fields = Array(zip(keys, values))
        continuation = v[10].strings
        path = v[11].string ?? ""
        sourceLine = v[12].int
        structured = v.count > 13 ? v[13].int.map { $0 != 0 } : nil
    }

    public init(time: Int64?, severity: String, component: String, node: String, pid: Int?, file: String, line: Int?,
                message: String, fields: [(String, String)], continuation: [String], path: String, sourceLine: Int?, structured: Bool? = nil) {
        self.time = time; self.severity = severity; self.component = component; self.node = node; self.pid = pid
        self.file = file; self.line = line; self.message = message; self.fields = fields; self.continuation = continuation
        self.path = path; self.sourceLine = sourceLine; self.structured = structured
    }

    /// A severity from a letter (`I`) or a name (`INFO`, `Warning`, `err`, OTel's text).
    public static func severity(_ s: String) -> Severity? {
        if let l = Severity(letter: s) { return l }
        switch s.lowercased() {
        case "info", "information", "debug", "trace", "notice": return .info
        case "warn", "warning": return .warning
        case "error", "err", "dpanic": return .error
        case "fatal", "panic", "critical", "crit", "emerg", "alert": return .fatal
        default: return nil
        }
    }
}

/// Builds the record view of a row and hands it to a sink. Default-schema rows are written back
/// into the text the file held (`"msg" key="value"` after a klog header, or `msg key=value` for
/// JSON records), with fields given exactly as stored; raw rows (`StoreMapping.rawMessage`) go
/// through the klog header and JSON parsers that read files.
public final class StoreRecordBuilder {
    let rules: RuleSet
    let raw: Bool
    private var bytes: [UInt8] = []
    private let details = JSONDetails()

    /// For literals written in JSON syntax: their pieces between quotes, colons, commas, braces.
    private let jsonPieces: [Int: [Needle]]

    public init(rules: RuleSet, raw: Bool) {
        self.rules = rules; self.raw = raw
        var pieces: [Int: [Needle]] = [:]
        for (i, n) in rules.literals.enumerated() where n.bytes.contains(0x22) {
            let parts = n.bytes.split { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "\\") }
            pieces[i] = parts.filter { $0.count >= 3 }.map { Needle(String(decoding: $0, as: UTF8.self)) }
        }
        jsonPieces = pieces
        klogSyntax = Set(rules.literals.indices.filter { i in
            let b = rules.literals[i].bytes
            return b.count >= 2 && zip(b, b.dropFirst()).contains { $0 == UInt8(ascii: "=") && $1 == UInt8(ascii: "\"") }
        })
    }
    private let klogSyntax: Set<Int>

    /// The bytes of the record as the rules see it (header, then text) and where its text starts.
    public func text(of row: StoreRow) -> (bytes: [UInt8], textStart: Int, kind: RecordKind) {
        var out: [UInt8] = []
        if raw { return (Array(row.message.utf8), 0, .raw) }
        if let pid = row.pid {
            // klog: header, then a structured body ("msg" key="value") or the plain message.
            let sev = Self.severityLetter(row.severity)
            out.append(sev)
            if let t = row.time { Self.appendKlogTime(t, &out) } else { out += Array("0101 00:00:00.000000".utf8) }
            let p = String(pid)
            out += Array((String(repeating: " ", count: max(1, 8 - p.count)) + p + " ").utf8)
            out += Array(row.file.utf8)
            if let l = row.line { out.append(0x3A); out += Array(String(l).utf8) }
            out += Array("] ".utf8)
            let start = out.count
            let legacy = LegacyRequestLog.fields(message: row.message, continuation: row.continuation, sourceFile: row.file.isEmpty ? nil : row.file) != nil
            if row.structured ?? (!row.fields.isEmpty && !legacy) {
                GoQuote.append(row.message, to: &out)
                for (k, v) in row.fields {
                    out.append(0x20); out += Array(k.utf8); out.append(0x3D)
                    Self.appendKlogValue(v, &out)
                }
            } else {
                out += Array(row.message.utf8)
            }
            for c in row.continuation { out.append(0x0A); out += Array(c.utf8) }
            return (out, start, .klog)
        }
        if row.time != nil || !row.fields.isEmpty {
            // A JSON record: msg, then key=value with strings quoted, as JSONRecord renders it.
            out += Array(row.message.utf8)
            for (k, v) in row.fields {
                out.append(0x20); out += Array(k.utf8); out.append(0x3D)
                if Self.isBare(v) { out += Array(v.utf8) } else { GoQuote.append(v, to: &out) }
            }
            for c in row.continuation { out.append(0x0A); out += Array(c.utf8) }
            return (out, 0, .json)
        }
        out += Array(row.message.utf8)
        for c in row.continuation { out.append(0x0A); out += Array(c.utf8) }
        return (out, 0, .raw)
    }

    static func severityLetter(_ s: String) -> UInt8 {
        if let v = StoreRow.severity(s) { return Array(v.letter.utf8)[0] }
        return 0x49
    }

    static func appendKlogTime(_ t: Int64, _ out: inout [UInt8]) {
        // MMDD hh:mm:ss.uuuuuu from the RFC 3339 form.
        let s = Array(Timestamp.rfc3339(t).utf8)   // 2024-03-12T06:00:00.412118Z
        out += s[5..<7]; out += s[8..<10]; out.append(0x20); out += s[11..<26]
    }

    /// Numbers and booleans print bare in klog and JSON; everything else was a quoted string.
    static func isBare(_ v: String) -> Bool {
        guard !v.isEmpty else { return false }
        if v == "true" || v == "false" || v == "null" { return true }
        if (v.hasPrefix("{") && v.hasSuffix("}")) || (v.hasPrefix("[") && v.hasSuffix("]")) {
            // A JSON value was printed bare; `[x509: ...]` was a quoted string.
            return !v.contains("\n") && (try? JSONStream.parse(v)) != nil
        }
        var digits = 0
        for (i, c) in v.utf8.enumerated() {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { digits += 1; continue }
            if (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) && i == 0 { continue }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { continue }
            return false
        }
        return digits > 0
    }

    static func appendKlogValue(_ v: String, _ out: inout [UInt8]) {
        if v.contains("\n") {
            // klog's multi-line block: key=<, TAB-indented lines, " >".
            out.append(0x3C)
            for l in v.split(separator: "\n", omittingEmptySubsequences: false) { out.append(0x0A); out.append(0x09); out += Array(l.utf8) }
            out += [0x0A, 0x20, 0x3E]
        } else if isBare(v) {
            out += Array(v.utf8)
        } else {
            GoQuote.append(v, to: &out)
        }
    }

    /// Builds the view for `row` (input index `input`) and passes it to `body`; the view is
    /// valid only during the call, like a reader's.
    public func withView(_ row: StoreRow, input: Int, _ body: (RecordView) -> Void) {
        let built = text(of: row)
        bytes = built.bytes
        var kind = built.kind
        var textStart = built.textStart
        var severity = StoreRow.severity(row.severity)
        var pid = row.pid
        var sourceRange: Range<Int>?
        var sourceLine = row.line
        var time = row.time
        var json: JSONDetails?
        if raw {
            // The same parsers as for files: a klog header, else a JSON object, else raw text.
            bytes.withUnsafeBytes { b in
                guard let p = b.baseAddress, b.count > 0 else { return }
                if let h = KlogHeader.parse(p, b.count) {
                    kind = .klog
                    textStart = h.bodyStart
                    severity = h.severity
                    pid = h.pid
                    sourceRange = h.fileStart..<h.fileEnd
                    sourceLine = h.sourceLine
                } else if b[0] == UInt8(ascii: "{"), let j = JSONRecord.parse(p, b.count) {
                    kind = .json
                    details.message = j.message
                    details.fields = j.fields
                    details.sourceFileName = j.caller.map { c in String(c.split(separator: "/").last ?? Substring(c)) }
                    if time == nil { time = j.time }
                    severity = j.severity
                    json = details
                    jsonBytes = j.rendered
                }
            }
            if kind == .json, let r = jsonBytes { bytes = r; textStart = 0; jsonBytes = nil }
        } else if kind == .json {
            // Fields exactly as stored; klog rows are read back from their rebuilt text by the
            // same structured-body parser as a file's record.
            details.message = row.message
            details.fields = row.fields
            details.sourceFileName = row.file.isEmpty ? nil : row.file
            json = details
        } else if kind == .klog {
            let start = built.textStart
            sourceRange = row.file.isEmpty ? nil : (start - 2 - row.file.utf8.count - (row.line.map { String($0).utf8.count + 1 } ?? 0))..<(start - 2 - (row.line.map { String($0).utf8.count + 1 } ?? 0))
        }
        var mask = LiteralMask()
        bytes.withUnsafeBytes { b in
            for (i, n) in rules.literals.enumerated() where i < LiteralMask.capacity {
                // A JSON row's text is rendered (`key="value"`), its file line was raw JSON: a
                // literal in klog syntax (`="`) could not have been in that line.
                if kind == .json && klogSyntax.contains(i) { continue }
                if n.occurs(in: b) { mask.insert(i); continue }
                // A literal in JSON syntax (`"verb":"delete"`) is meant for the raw JSON line, which
                // the table no longer holds: for a JSON row it counts when each of its pieces is in
                // the text (the matcher's fields and regex still decide).
                if kind == .json, let pieces = jsonPieces[i], !pieces.isEmpty, pieces.allSatisfy({ $0.occurs(in: b) }) { mask.insert(i) }
            }
        }
        let comp = row.component.isEmpty ? nil : Name(row.component)
        let node = row.node.isEmpty ? nil : Name(row.node)
        let lineCount = 1 + bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        withExtendedLifetime(details) {
            bytes.withUnsafeBytes { b in
                var v = RecordView(kind: kind, bytes: b, textStart: textStart, time: time, severity: severity, pid: pid,
                                   sourceFileRange: sourceRange, sourceLine: sourceLine, componentName: comp, nodeName: node,
                                   inputIndex: input, line: row.sourceLine ?? 0, lineCount: lineCount, hits: mask, json: json)
                v.clockInBytes = false
                body(v)
            }
        }
    }
    private var jsonBytes: [UInt8]?
}
