import Glibc

/// `logtrace parse` NDJSON written straight from a record's bytes into one reused buffer: the
/// klog body is tokenised (quoted message, `key=value` pairs) and re-escaped as JSON in one pass,
/// with no `String` and no allocation per record. One-line structured and unstructured klog
/// records take that path; the rest (blocks, JSON values, duplicate keys, continuation lines,
/// JSON and raw records) are decoded through `RecordDetails`. Either way the bytes are exactly
/// `RecordJSON.line(Record(view))` (tested).
public final class RecordNDJSON {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    public private(set) var count = 0
    /// The input paths records refer to by index (`source.path`).
    public var paths: [String] = []
    /// The last component, node and path written, already escaped (they rarely change).
    private var componentCache = Cached(), nodeCache = Cached(), pathCache = Cached()
    /// The date part of the last time written (`YYYY-MM-DD`), by day number.
    private var lastDay = Int64.min
    private var dateBytes: (UInt64, UInt16) = (0, 0)

    public init(capacity: Int = 64 << 10) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate(); componentCache.free(); nodeCache.free(); pathCache.free() }

    /// One escaped JSON string kept by the id it was made from.
    struct Cached {
        var id = -1
        var bytes = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 8)
        var count = 0
        func free() { bytes.deallocate() }
    }

    /// Writes the escaped string for `id` from `cache`, or makes it with `make` and keeps it.
    @inline(__always)
    private func cached(_ cache: inout Cached, _ id: Int, _ make: () -> String) {
        if cache.id == id { put(cache.bytes, cache.count); return }
        let mark = count
        string(make())
        if count - mark <= 256 {
            memcpy(cache.bytes, base + mark, count - mark)
            cache.count = count - mark
            cache.id = id
        } else {
            cache.id = -1
        }
    }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
    public func reset() { count = 0 }

    // MARK: primitives (each reserves what it writes, plus slack for the few bytes around it)

    static let slack = 32

    @inline(__always) func reserve(_ n: Int) {
        if count &+ n &+ Self.slack > capacity { grow(count + n + Self.slack) }
    }

    private func grow(_ need: Int) {
        var c = capacity * 2
        while c < need { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    @inline(__always) func put(_ c: UInt8) { base[count] = c; count &+= 1 }

    @inline(__always) func put(_ p: UnsafeRawPointer, _ n: Int) {
        reserve(n)
        memcpy(base + count, p, n)
        count &+= n
    }

    @inline(__always) func raw(_ s: StaticString) { put(s.utf8Start, s.utf8CodeUnitCount) }

    public func put(_ b: UnsafeRawBufferPointer) { if let p = b.baseAddress { put(p, b.count) } }

    func string(_ s: String) {
        var s = s
        put(0x22)
        s.withUTF8 { escape(UnsafeRawBufferPointer($0)) }
        put(0x22)
    }

    /// Bytes that need more than a copy: `"`, `\`, control bytes, DEL and non-ASCII.
    static let special: UnsafeMutablePointer<Bool> = {
        let t = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        for c in 0..<256 { t[c] = c < 0x20 || c == 0x22 || c == 0x5C || c >= 0x7F }
        return t
    }()

    /// JSON-escapes raw bytes: control bytes become `\n`, `\u00XX`...; invalid UTF-8 becomes
    /// U+FFFD exactly as `String(decoding:as:)` does it.
    func escape(_ b: UnsafeRawBufferPointer) {
        let n = b.count
        reserve(n * 6)
        guard n > 0, let p = b.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let special = Self.special
        var run = 0
        var i = 0
        while i < n {
            let c = p[i]
            if !special[Int(c)] { i &+= 1; continue }
            if i > run { memcpy(base + count, p + run, i - run); count &+= i - run }
            if c >= 0x80 {
                var e = i + 1
                while e < n && p[e] >= 0x80 { e += 1 }
                let seq = UnsafeRawBufferPointer(start: p + i, count: e - i)
                if Self.validUTF8(seq) {
                    memcpy(base + count, p + i, e - i); count &+= e - i
                } else {
                    var s = String(decoding: seq, as: UTF8.self)   // rare: replacement characters
                    s.withUTF8 { u in memcpy(base + count, u.baseAddress!, u.count); count &+= u.count }
                }
                i = e
            } else {
                escapeByte(c)
                i &+= 1
            }
            run = i
        }
        if n > run { memcpy(base + count, p + run, n - run); count &+= n - run }
    }

    @inline(__always) func escapeByte(_ c: UInt8) {
        switch c {
        case 0x22: put(0x5C); put(0x22)
        case 0x5C: put(0x5C); put(0x5C)
        case 0x0A: put(0x5C); put(0x6E)
        case 0x0D: put(0x5C); put(0x72)
        case 0x09: put(0x5C); put(0x74)
        default:
            @inline(__always) func hex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
            put(0x5C); put(0x75); put(0x30); put(0x30); put(hex(c >> 4)); put(hex(c & 15))
        }
    }

    /// Whether a run of non-ASCII bytes is well-formed UTF-8 (no overlongs, no surrogates).
    static func validUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            let len: Int, lo: UInt8, hi: UInt8
            switch c {
            case 0xC2...0xDF: len = 2; lo = 0x80; hi = 0xBF
            case 0xE0: len = 3; lo = 0xA0; hi = 0xBF
            case 0xED: len = 3; lo = 0x80; hi = 0x9F
            case 0xE1...0xEF: len = 3; lo = 0x80; hi = 0xBF
            case 0xF0: len = 4; lo = 0x90; hi = 0xBF
            case 0xF4: len = 4; lo = 0x80; hi = 0x8F
            case 0xF1...0xF3: len = 4; lo = 0x80; hi = 0xBF
            default: return false
            }
            guard i + len <= n, b[i + 1] >= lo, b[i + 1] <= hi else { return false }
            for k in 2..<max(2, len) where b[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
    }

    func number(_ v: Int) {
        reserve(24)
        var v = v
        if v < 0 { put(0x2D); v = -v }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var k = 0
        withUnsafeMutableBytes(of: &tmp) { d in
            repeat { d[23 - k] = UInt8(0x30 + v % 10); v /= 10; k += 1 } while v > 0
            memcpy(base + count, d.baseAddress! + 24 - k, k)
        }
        count &+= k
    }

    @inline(__always) func two(_ v: Int) { put(UInt8(0x30 + v / 10)); put(UInt8(0x30 + v % 10)) }

    /// `"2019-10-17T08:31:02.123456Z"`; the date part is computed once per day.
    func time(_ t: Int64) {
        reserve(32)
        var days = t / Timestamp.microsPerDay
        var rem = t % Timestamp.microsPerDay
        if rem < 0 { rem += Timestamp.microsPerDay; days -= 1 }
        if days != lastDay {
            lastDay = days
            let (y, mo, d) = Timestamp.civil(days: days)
            var date: [UInt8] = []
            var yy = y
            var ys: [UInt8] = []
            for _ in 0..<4 { ys.insert(UInt8(0x30 + yy % 10), at: 0); yy /= 10 }
            date = ys + [0x2D, UInt8(0x30 + mo / 10), UInt8(0x30 + mo % 10), 0x2D, UInt8(0x30 + d / 10), UInt8(0x30 + d % 10)]
            withUnsafeMutableBytes(of: &dateBytes) { $0.copyBytes(from: date) }
        }
        put(0x22)
        withUnsafeBytes(of: &dateBytes) { _ = memcpy(base + count, $0.baseAddress!, 10) }
        count &+= 10
        put(0x54)
        let secs = Int(rem / Timestamp.microsPerSecond)
        var us = Int(rem % Timestamp.microsPerSecond)
        two(secs / 3600); put(0x3A); two(secs / 60 % 60); put(0x3A); two(secs % 60); put(0x2E)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            for k in (0..<6).reversed() { d[k] = UInt8(0x30 + us % 10); us /= 10 }
            memcpy(base + count, d.baseAddress!, 6)
        }
        count &+= 6
        put(0x5A); put(0x22)
    }

    // MARK: records

    private var first = true
    @inline(__always) private func key(_ k: StaticString) {
        reserve(k.utf8CodeUnitCount + 4)
        if !first { put(0x2C) }
        first = false
        put(0x22); raw(k); put(0x22); put(0x3A)
    }

    /// The input path of a record.
    public func path(of v: RecordView) -> String { v.inputIndex < paths.count ? paths[v.inputIndex] : "-" }

    /// Appends one NDJSON line for the record.
    public func write(_ v: RecordView) {
        reserve(16)
        put(0x7B)
        first = true
        if let t = v.time { key("time"); time(t) }
        if let s = v.severity { key("severity"); put(0x22); put(Self.severityLetters[s.rawValue]); put(0x22) }
        if let c = v.componentName { key("component"); cached(&componentCache, Int(c.id)) { c.string } }
        if let n = v.nodeName { key("node"); cached(&nodeCache, Int(n.id)) { n.string } }
        if let p = v.pid { key("pid"); number(p) }
        if let r = v.sourceFileRange {
            key("file"); put(0x22); escape(UnsafeRawBufferPointer(rebasing: v.bytes[r])); put(0x22)
        } else if let f = v.sourceFileName { key("file"); string(f) }
        if let l = v.sourceLine { key("line"); number(l) }
        let text = v.text
        let mark = count
        let firstBefore = first
        var done = false
        if v.kind == .klog && v.lineCount == 1 {
            if text.first == 0x22 {
                key("message")
                done = writeFast(text)
            } else if !Self.startsWithVerb(text) && !Self.isLegacyRequestSource(v) {
                key("message"); put(0x22); escape(text); put(0x22)
                done = true
            }
        }
        if !done {
            count = mark
            first = firstBefore
            writeGeneral(v)
        }
        key("source")
        raw("{\"path\":"); cached(&pathCache, v.inputIndex) { path(of: v) }; raw(",\"line\":"); number(v.line); raw("}}\n")
    }

    static let severityLetters: [UInt8] = [0x49, 0x57, 0x45, 0x46]

    static func startsWithVerb(_ t: UnsafeRawBufferPointer) -> Bool {
        t.count > 5 && t[0] == 0x76 && t[1] == 0x65 && t[2] == 0x72 && t[3] == 0x62 && t[4] == 0x3D
    }

    /// Unstructured lines from these files may be the legacy request log, which has fields.
    static func isLegacyRequestSource(_ v: RecordView) -> Bool {
        guard let r = v.sourceFileRange else { return v.sourceFileName.map(LegacyRequestLog.sourceFiles.contains) ?? false }
        let f = UnsafeRawBufferPointer(rebasing: v.bytes[r])
        return LegacyRequestLog.sourceFiles.contains { $0.utf8.elementsEqual(f) }
    }

    private func writeGeneral(_ v: RecordView) {
        let d = RecordDetails(v)
        key("message"); string(d.message)
        writeFields(d.fields)
        if !d.continuation.isEmpty {
            key("continuation"); put(0x5B)
            for (i, c) in d.continuation.enumerated() { if i > 0 { put(0x2C) }; string(c) }
            put(0x5D)
        }
    }

    /// Writes `"message-text"` and `,"fields":{...}` for a one-line structured body; false (with
    /// partial output the caller discards) when the body needs the general decoder.
    private func writeFast(_ t: UnsafeRawBufferPointer) -> Bool {
        let n = t.count
        var i = 0
        guard quoted(t, &i) else { return false }
        var keys: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>)
            = (0..<0, 0..<0, 0..<0, 0..<0, 0..<0, 0..<0, 0..<0, 0..<0)
        var keyCount = 0
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
            if key.count == 9 && key.elementsEqual("UserAgent".utf8) { return false }
            // Duplicate keys need the general path (first position, last value); more than 8 keys too.
            guard keyCount < 8 else { return false }
            let seen = withUnsafeBytes(of: &keys) { kb -> Bool in
                let ranges = kb.bindMemory(to: Range<Int>.self)
                for k in 0..<keyCount where ranges[k].count == kr.count && memcmp(t.baseAddress! + ranges[k].lowerBound, t.baseAddress! + ks, kr.count) == 0 { return true }
                return false
            }
            if seen { return false }
            withUnsafeMutableBytes(of: &keys) { $0.bindMemory(to: Range<Int>.self)[keyCount] = kr }
            reserve(16)
            if keyCount == 0 { raw(",\"fields\":{\"") } else { put(0x2C); put(0x22) }
            keyCount += 1
            put(t.baseAddress! + ks, kr.count)   // key bytes are [A-Za-z0-9_.-]: nothing to escape
            put(0x22); put(0x3A)
            i += 1
            let c = t[i]
            if c == 0x22 {
                guard quoted(t, &i) else { return false }
                if i < n && t[i] == 0x3A { return false }   // 1.18 httplog `srcIP="...": `
            } else if c == 0x3C || c == 0x7B || c == 0x5B {
                return false
            } else {
                let vs = i
                while i < n, t[i] != 0x20 { i += 1 }
                put(0x22); escape(UnsafeRawBufferPointer(rebasing: t[vs..<i])); put(0x22)
            }
        }
        if keyCount > 0 { put(0x7D) }
        return true
    }

    /// Decodes a Go-quoted string at `i` into a JSON string; false on anything unusual (escapes
    /// other than \n \t \r \" \\ \', control bytes, invalid UTF-8), which the general path handles.
    private func quoted(_ t: UnsafeRawBufferPointer, _ i: inout Int) -> Bool {
        let n = t.count
        guard i < n, t[i] == 0x22, let p = t.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        i += 1
        reserve(n - i + 2)
        put(0x22)
        let special = Self.special
        var run = i
        while i < n {
            let c = p[i]
            if !special[Int(c)] { i &+= 1; continue }
            if c == 0x22 {
                memcpy(base + count, p + run, i - run); count &+= i - run
                put(0x22); i += 1
                return true
            }
            if c == 0x5C {
                guard i + 1 < n else { return false }
                memcpy(base + count, p + run, i - run); count &+= i - run
                let e = p[i + 1]
                switch e {
                case 0x6E, 0x74, 0x72, 0x22, 0x5C: put(0x5C); put(e)
                case 0x27: put(0x27)
                default: return false
                }
                i += 2
                run = i
                continue
            }
            if c >= 0x80 {
                var e = i + 1
                while e < n && p[e] >= 0x80 { e += 1 }
                guard Self.validUTF8(UnsafeRawBufferPointer(start: p + i, count: e - i)) else { return false }
                i = e
                continue
            }
            return false   // control byte or DEL
        }
        return false
    }

    private func writeFields(_ fields: [(String, String)]) {
        guard !fields.isEmpty else { return }
        key("fields")
        put(0x7B)
        // Duplicate keys: the first position, the last value (fields are few, so a linear scan).
        var wrote = 0
        for (i, (k, _)) in fields.enumerated() where !fields[..<i].contains(where: { $0.0 == k }) {
            let v = fields.last { $0.0 == k }!.1
            if wrote > 0 { put(0x2C) }
            wrote += 1
            string(k); put(0x3A); string(v)
        }
        put(0x7D)
    }
}
