/// A JSON log record: Kubernetes component-base `--logging-format=json` (`ts` in epoch ms, `v`,
/// `msg`, `caller`, `err`) or etcd's zap JSON (`level`, `ts` RFC 3339 since etcd 3.5, epoch
/// seconds in etcd 3.4, `caller`, `msg`).
/// Rendered into klog-like text, `msg key="value" ...`, so one rule matches both formats.
struct JSONRecord {
    var time: Int64?
    var severity: Severity
    var message: String
    var fields: [(String, String)]
    var caller: String?
    var rendered: [UInt8]

    static func parse(_ p: UnsafeRawPointer, _ n: Int) -> JSONRecord? {
        var ts: Int64?
        var msg: String?
        var level: String?
        var hasV = false, hasErr = false
        var caller: String?
        var fields: [(String, String)] = []
        var renderedPairs: [UInt8] = []
        let ok = JSONScanner.scan(p, n) { key, value in
            // The keys read here are short ASCII words: told apart by their bytes, and only the
            // other keys (which become fields) get a String.
            let known = key.count <= 6 ? Self.knownKey(key) : nil
            let k = known ?? String(decoding: key, as: UTF8.self)
            switch (k, value) {
            case ("ts", .number(let r)):
                ts = epochMicros(UnsafeRawBufferPointer(start: p + r.lowerBound, count: r.count))
                return
            case ("ts", .string(let b)), ("time", .string(let b)):
                ts = b.withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time }
                return
            case ("msg", .string(let b)):
                var m = String(decoding: b, as: UTF8.self)
                if m.hasSuffix("\n") { m.removeLast() }
                msg = m
                return
            case ("level", .string(let b)):
                level = String(decoding: b, as: UTF8.self); return
            case ("caller", .string(let b)):
                caller = String(decoding: b, as: UTF8.self); return
            case ("v", _):
                hasV = true; return
            default: break
            }
            if k == "err" { hasErr = true }
            let v: String
            var quoted = false
            switch value {
            case .string(let b): v = String(decoding: b, as: UTF8.self); quoted = true
            case .number(let r), .literal(let r), .raw(let r):
                v = String(decoding: UnsafeRawBufferPointer(start: p + r.lowerBound, count: r.count), as: UTF8.self)
            }
            fields.append((k, v))
            renderedPairs.append(0x20)
            renderedPairs.append(contentsOf: key)
            renderedPairs.append(0x3D)
            if quoted { GoQuote.append(v, to: &renderedPairs) } else { renderedPairs.append(contentsOf: v.utf8) }
        }
        guard ok, let message = msg, ts != nil || level != nil else { return nil }
        let sev: Severity
        if let level {
            switch level.lowercased() {
            case "warn", "warning": sev = .warning
            case "error", "dpanic": sev = .error
            case "panic", "fatal": sev = .fatal
            default: sev = .info
            }
        } else {
            sev = (hasErr || !hasV) ? .error : .info
        }
        var rendered = Array(message.utf8)
        rendered.append(contentsOf: renderedPairs)
        return JSONRecord(time: ts, severity: sev, message: message, fields: fields, caller: caller, rendered: rendered)
    }

    /// The key as one of the constant strings the parse switches on, or nil for any other key.
    @inline(__always) static func knownKey(_ k: [UInt8]) -> String? {
        @inline(__always) func eq(_ w: StaticString) -> Bool {
            guard w.utf8CodeUnitCount == k.count else { return false }
            let p = w.utf8Start
            for j in 0..<k.count where k[j] != p[j] { return false }
            return true
        }
        switch k.count {
        case 1: return eq("v") ? "v" : nil
        case 2: return eq("ts") ? "ts" : nil
        case 3: return eq("msg") ? "msg" : eq("err") ? "err" : nil
        case 4: return eq("time") ? "time" : nil
        case 5: return eq("level") ? "level" : nil
        case 6: return eq("caller") ? "caller" : nil
        default: return nil
        }
    }
}

/// A numeric epoch time stamp in microseconds, its unit told by its size: seconds (zap's default
/// `EpochTimeEncoder`, etcd 3.4: `1568166948.8119395`), milliseconds (Kubernetes component-base
/// JSON: `1624215312227.2852`), microseconds or nanoseconds. Digits are read exactly, not through
/// a Double; an exponent form falls back to Double.
func epochMicros(_ b: UnsafeRawBufferPointer) -> Int64? {
    var whole: Int64 = 0, frac: Int64 = 0, fracDigits = 0, i = 0, digits = 0
    while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
        // Nanoseconds take 19 digits; past Int64 the number is no time (never a wrapped one).
        let (m, o1) = whole.multipliedReportingOverflow(by: 10)
        let (v, o2) = m.addingReportingOverflow(Int64(b[i] - 0x30))
        guard !o1, !o2 else { return nil }
        whole = v; i += 1; digits += 1
    }
    guard digits > 0 else { return nil }
    if i < b.count && b[i] == UInt8(ascii: ".") {
        i += 1
        while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
            if fracDigits < 9 { frac = frac * 10 + Int64(b[i] - 0x30); fracDigits += 1 }
            i += 1
        }
    }
    if i < b.count {   // 1.5681669488119395e+09
        guard let d = Double(String(decoding: b, as: UTF8.self)), d.isFinite, d >= 0, d < 9e18 else { return nil }
        let v = d < 1e11 ? d * 1e6 : d < 1e14 ? d * 1e3 : d < 1e17 ? d : d / 1e3
        return Int64(v.rounded())
    }
    while fracDigits < 9 { frac *= 10; fracDigits += 1 }   // nanoseconds of one unit
    if whole < 100_000_000_000 { return whole * 1_000_000 + frac / 1000 }            // seconds
    if whole < 100_000_000_000_000 { return whole * 1000 + frac / 1_000_000 }         // milliseconds
    if whole < 100_000_000_000_000_000 { return whole + frac / 1_000_000_000 }        // microseconds
    return whole / 1000                                                              // nanoseconds
}

/// Go `strconv.Quote`-style quoting, enough to render values the way klog prints them.
enum GoQuote {
    static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { append(bytes: $0, to: &out) }
    }

    /// The same on UTF-8 bytes: runs without a byte to escape are copied whole.
    static func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        var run = bytes.startIndex
        var k = run
        while k < bytes.endIndex {
            let b = bytes[k]
            if b == 0x22 || b == 0x5C || b == 0x0A || b == 0x09 || b == 0x0D {
                out.append(contentsOf: bytes[run..<k])
                out.append(0x5C)
                out.append(b == 0x0A ? 0x6E : b == 0x09 ? 0x74 : b == 0x0D ? 0x72 : b)
                run = k + 1
            }
            k += 1
        }
        out.append(contentsOf: bytes[run..<k])
        out.append(0x22)
    }

}

/// The lazy reading of a JSON line: what a record no prefilter literal hit needs (its time),
/// without decoding any string or building the rendered text. `time(_:_:)` answers only when the
/// answer is certain: the line is a record `JSONRecord.parse` accepts (a well-formed flat object
/// with a string `msg`), and its `ts`/`time` gives a time. Any doubt (an escape in a key or in the
/// time, no time) returns nil, and the caller takes the full parse, which stays the reference
/// (JSONLazyTests hold the two to the same answers).
enum JSONLazy {
    static func time(_ p: UnsafeRawPointer, _ n: Int) -> Int64? {
        @inline(__always) func b(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        var i = 0
        @inline(__always) func skipWS() { while i < n, b(i) == UInt8(ascii: " ") || b(i) == UInt8(ascii: "\t") || b(i) == UInt8(ascii: "\r") || b(i) == UInt8(ascii: "\n") { i += 1 } }
        skipWS()
        guard i < n, b(i) == UInt8(ascii: "{") else { return nil }
        i += 1
        skipWS()
        if i < n && b(i) == UInt8(ascii: "}") { return nil }   // {}: no msg
        var hasMsg = false
        var ts: Int64?
        while i < n {
            skipWS()
            guard i < n, b(i) == UInt8(ascii: "\"") else { return nil }
            let keyStart = i + 1
            guard let keyEscaped = skipString(p, n, &i), !keyEscaped else { return nil }
            let keyLen = i - 1 - keyStart
            // 0: other, 1: ts, 2: time, 3: msg
            var key = 0
            if keyLen == 2 && b(keyStart) == UInt8(ascii: "t") && b(keyStart + 1) == UInt8(ascii: "s") { key = 1 }
            else if keyLen == 4 && b(keyStart) == UInt8(ascii: "t") && b(keyStart + 1) == UInt8(ascii: "i") && b(keyStart + 2) == UInt8(ascii: "m") && b(keyStart + 3) == UInt8(ascii: "e") { key = 2 }
            else if keyLen == 3 && b(keyStart) == UInt8(ascii: "m") && b(keyStart + 1) == UInt8(ascii: "s") && b(keyStart + 2) == UInt8(ascii: "g") { key = 3 }
            skipWS()
            guard i < n, b(i) == UInt8(ascii: ":") else { return nil }
            i += 1
            skipWS()
            guard i < n else { return nil }
            let c = b(i)
            if c == UInt8(ascii: "\"") {
                let start = i + 1
                guard let escaped = skipString(p, n, &i) else { return nil }
                if key == 3 { hasMsg = true }
                if key == 1 || key == 2 {
                    guard !escaped else { return nil }
                    ts = RFC3339.parse(p + start, i - 1 - start)?.time
                }
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                guard JSONScanner.skipNested(p, n, &i) else { return nil }
            } else {
                let start = i
                while i < n, b(i) != UInt8(ascii: ","), b(i) != UInt8(ascii: "}"), b(i) != UInt8(ascii: " ") { i += 1 }
                guard i > start else { return nil }
                let isNum = (b(start) >= UInt8(ascii: "0") && b(start) <= UInt8(ascii: "9")) || b(start) == UInt8(ascii: "-")
                if key == 1 && isNum { ts = epochMicros(UnsafeRawBufferPointer(start: p + start, count: i - start)) }
            }
            skipWS()
            guard i < n else { return nil }
            if b(i) == UInt8(ascii: ",") { i += 1; continue }
            if b(i) == UInt8(ascii: "}") { return hasMsg ? ts : nil }
            return nil
        }
        return nil
    }

    /// Skips a JSON string from its opening quote past its closing one, accepting exactly what
    /// `JSONScanner.readString` accepts. Returns whether it held an escape, nil when malformed.
    @inline(__always)
    static func skipString(_ p: UnsafeRawPointer, _ n: Int, _ i: inout Int) -> Bool? {
        @inline(__always) func b(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        i += 1
        var escaped = false
        while i < n {
            let c = b(i)
            if c == UInt8(ascii: "\"") { i += 1; return escaped }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < n else { return nil }
                let e = b(i + 1)
                i += 2
                if e == UInt8(ascii: "u") {
                    guard i + 4 <= n, let cp = JSONScanner.hex4(p, i) else { return nil }
                    i += 4
                    if cp >= 0xD800 && cp < 0xDC00, i + 6 <= n, b(i) == UInt8(ascii: "\\"), b(i + 1) == UInt8(ascii: "u"), let lo = JSONScanner.hex4(p, i + 2),
                       lo >= 0xDC00 && lo < 0xE000 {
                        i += 6
                    }
                }
                continue
            }
            i += 1
        }
        return nil
    }
}
