/// `logtrace parse` NDJSON written straight from a record's bytes: the klog body is tokenised
/// (quoted message, `key=value` pairs, `key=<` blocks) and re-escaped as JSON in one pass, with no
/// `String` per field. Produces the same objects as `RecordJSON.line(Record(view))`.
public struct RecordNDJSON {
    public var out: [UInt8] = []

    public init() { out.reserveCapacity(512) }
    static let severityLetters: [UInt8] = [0x49, 0x57, 0x45, 0x46]

    // MARK: primitives

    @inline(__always) mutating func raw(_ s: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func string(_ s: String) {
        out.append(0x22)
        var s = s
        s.withUTF8 { escape(UnsafeRawBufferPointer($0)) }
        out.append(0x22)
    }

    /// JSON-escapes raw bytes (invalid UTF-8 is replaced, control bytes become \u00XX).
    mutating func escape(_ b: UnsafeRawBufferPointer) {
        var runStart = 0
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C && c < 0x7F { i += 1; continue }
            if c >= 0x80 {
                let len = Self.utf8Length(b, i)
                if len > 0 { i += len; continue }
                out.append(contentsOf: b[runStart..<i]); out += [0xEF, 0xBF, 0xBD]   // U+FFFD
                i += 1; runStart = i; continue
            }
            out.append(contentsOf: b[runStart..<i])
            escapeByte(c)
            i += 1
            runStart = i
        }
        out.append(contentsOf: b[runStart..<n])
    }

    @inline(__always) mutating func escapeByte(_ c: UInt8) {
        switch c {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out += [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
        }
    }

    /// Length of a valid UTF-8 sequence at `i`, or 0.
    static func utf8Length(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int {
        let c = b[i]
        let len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0
        guard len > 0, i + len <= b.count else { return 0 }
        for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return 0 }
        return len
    }

    mutating func number(_ v: Int) {
        if v < 0 { out.append(0x2D); number(-v); return }
        if v >= 10 { number(v / 10) }
        out.append(UInt8(0x30 + v % 10))
    }

    @inline(__always) mutating func digits(_ v: Int, _ width: Int) {
        var d = 1
        for _ in 1..<width { d *= 10 }
        var v = v
        while d > 0 { out.append(UInt8(0x30 + v / d % 10)); v %= d; d /= 10 }
    }

    /// `"2019-10-17T08:31:02.123456Z"` written digit by digit.
    mutating func time(_ t: Int64) {
        var days = t / Timestamp.microsPerDay
        var rem = t % Timestamp.microsPerDay
        if rem < 0 { rem += Timestamp.microsPerDay; days -= 1 }
        let (y, mo, d) = Timestamp.civil(days: days)
        let secs = Int(rem / Timestamp.microsPerSecond), us = Int(rem % Timestamp.microsPerSecond)
        out.append(0x22)
        digits(y, 4); out.append(0x2D); digits(mo, 2); out.append(0x2D); digits(d, 2); out.append(0x54)
        digits(secs / 3600, 2); out.append(0x3A); digits(secs / 60 % 60, 2); out.append(0x3A); digits(secs % 60, 2)
        out.append(0x2E); digits(us, 6); out.append(0x5A)
        out.append(0x22)
    }

    // MARK: records

    /// Appends one NDJSON line for the record.
    public mutating func write(_ v: RecordView, path: String) {
        out.append(0x7B)
        var first = true
        func key(_ k: StaticString, _ w: inout RecordNDJSON) {
            if !first { w.out.append(0x2C) }
            first = false
            w.out.append(0x22); w.raw(k); w.out.append(0x22); w.out.append(0x3A)
        }
        if let t = v.time { key("time", &self); time(t) }
        if let s = v.severity { key("severity", &self); out.append(0x22); out.append(Self.severityLetters[s.rawValue]); out.append(0x22) }
        if let c = v.component { key("component", &self); string(c) }
        if let n = v.node { key("node", &self); string(n) }
        if let p = v.pid { key("pid", &self); number(p) }
        if let r = v.sourceFileRange {
            key("file", &self); out.append(0x22); escape(UnsafeRawBufferPointer(rebasing: v.bytes[r])); out.append(0x22)
        } else if let f = v.sourceFileName { key("file", &self); string(f) }
        if let l = v.sourceLine { key("line", &self); number(l) }
        switch v.kind {
        case .klog where v.text.first == 0x22:   // structured (legacy request-log lines never start with a quote)
            writeStructured(v.text, key: { k, w in key(k, &w) })
        default:
            // Unstructured, JSON and raw records: decode once through the general path.
            let d = RecordDetails(v)
            key("message", &self); string(d.message)
            writeFields(d.fields, key: { k, w in key(k, &w) })
            if !d.continuation.isEmpty {
                key("continuation", &self); out.append(0x5B)
                for (i, c) in d.continuation.enumerated() { if i > 0 { out.append(0x2C) }; string(c) }
                out.append(0x5D)
            }
        }
        key("source", &self)
        raw("{\"path\":"); string(path); raw(",\"line\":"); number(v.line); raw("}}\n")
    }

    /// Writes `"message-text"` and `,"fields":{...}` for a one-line structured body; false (with
    /// partial output the caller discards) when the body needs the general decoder.
    private mutating func writeFast(_ t: UnsafeRawBufferPointer) -> Bool {
        let n = t.count
        var i = 0
        guard quoted(t, &i) else { return false }
        var keys: [Range<Int>] = []
        while i < n {
            guard t[i] == 0x20 else { return false }
            i += 1
            if i == n { break }
            let ks = i
            while i < n {
                let c = t[i]
                let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D || c == 0x2E
                if !ok { break }
                i += 1
            }
            guard i < n, t[i] == 0x3D, i > ks, i + 1 < n else { return false }
            let kr = ks..<i
            let key = UnsafeRawBufferPointer(rebasing: t[kr])
            if key.elementsEqual("UserAgent".utf8) { return false }
            for k in keys where UnsafeRawBufferPointer(rebasing: t[k]).elementsEqual(key) { return false }
            if keys.isEmpty { raw(",\"fields\":{\"") } else { out.append(0x2C); out.append(0x22) }
            keys.append(kr)
            escape(key)
            out.append(0x22); out.append(0x3A)
            i += 1
            let c = t[i]
            if c == 0x22 {
                guard quoted(t, &i) else { return false }
            } else if c == 0x3C || c == 0x7B || c == 0x5B {
                return false
            } else {
                let vs = i
                while i < n, t[i] != 0x20, t[i] != 0x0A { i += 1 }
                if i < n && t[i] == 0x0A { return false }
                out.append(0x22); escape(UnsafeRawBufferPointer(rebasing: t[vs..<i])); out.append(0x22)
            }
        }
        if !keys.isEmpty { out.append(0x7D) }
        return true
    }

    /// Decodes a Go-quoted string at `i` into a JSON string; false on anything unusual.
    private mutating func quoted(_ t: UnsafeRawBufferPointer, _ i: inout Int) -> Bool {
        let n = t.count
        guard i < n, t[i] == 0x22 else { return false }
        i += 1
        out.append(0x22)
        var run = i
        while i < n {
            let c = t[i]
            if c == 0x22 {
                out.append(contentsOf: t[run..<i]); out.append(0x22); i += 1
                return true
            }
            if c == 0x5C {
                guard i + 1 < n else { return false }
                out.append(contentsOf: t[run..<i])
                let e = t[i + 1]
                switch e {
                case 0x6E, 0x74, 0x72, 0x22, 0x5C: out.append(0x5C); out.append(e)
                case 0x27: out.append(0x27)
                case 0x75:
                    guard i + 6 <= n else { return false }
                    out.append(contentsOf: t[i..<(i + 6)]); i += 4
                default: return false
                }
                i += 2
                run = i
                continue
            }
            if c < 0x20 || c == 0x7F { return false }
            i += 1
        }
        return false
    }

    private mutating func writeFields(_ fields: [(String, String)], key: (StaticString, inout RecordNDJSON) -> Void) {
        guard !fields.isEmpty else { return }
        key("fields", &self)
        out.append(0x7B)
        // Duplicate keys: the first position, the last value (fields are few, so a linear scan).
        var wrote = 0
        for (i, (k, _)) in fields.enumerated() where !fields[..<i].contains(where: { $0.0 == k }) {
            let v = fields.last { $0.0 == k }!.1
            if wrote > 0 { out.append(0x2C) }
            wrote += 1
            string(k); out.append(0x3A); string(v)
        }
        out.append(0x7D)
    }

    /// Structured klog body: the common one-line case is written straight from the bytes; anything
    /// unusual (blocks, JSON values, duplicate keys, continuation lines) goes through `StructuredBody`.
    private mutating func writeStructured(_ text: UnsafeRawBufferPointer, key: (StaticString, inout RecordNDJSON) -> Void) {
        let mark = out.count
        key("message", &self)
        if writeFast(text) { return }
        out.removeSubrange(mark...)
        let body = StructuredBody(text: text)
        key("message", &self); string(body.message)
        writeFields(body.fields, key: key)
        if !body.continuation.isEmpty {
            key("continuation", &self); out.append(0x5B)
            for (i, c) in body.continuation.enumerated() { if i > 0 { out.append(0x2C) }; string(c) }
            out.append(0x5D)
        }
    }
}
