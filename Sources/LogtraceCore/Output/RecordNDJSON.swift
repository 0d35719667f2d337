#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceKernels

/// `logtrace parse` NDJSON written straight from a record's bytes into one reused buffer: the
/// klog body is tokenised (quoted message, `key=value` pairs) and re-escaped as JSON in one pass,
/// with no `String` and no allocation per record. One-line structured and unstructured klog
/// records take that path, through a cursor after one capacity check per record; the rest
/// (blocks, JSON values, duplicate keys, continuation lines, JSON and raw records) are decoded
/// through `RecordDetails`. Either way the bytes are exactly `RecordJSON.line(Record(view))` (tested).
public final class RecordNDJSON {
    typealias Cursor = JSONBytes.Cursor
    private var base: Cursor
    private var capacity: Int
    public private(set) var count = 0
    /// The input paths records refer to by index (`source.path`).
    public var paths: [String] = []
    /// The last component, node and path written, already escaped (they rarely change).
    private var componentCache = Cached(), nodeCache = Cached(), pathCache = Cached()
    /// The decimal digits of the last input line number written (records come in line order).
    private var lineNumber = -1
    private var lineWord: UInt64 = 0
    private var lineDigitCount = 0
    /// The date part of the last time written (`YYYY-MM-DD`), by day number.
    private var lastDay = Int64.min
    private var dateBytes: (UInt64, UInt16) = (0, 0)

    public init(capacity: Int = 64 << 10) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate(); componentCache.free(); nodeCache.free(); pathCache.free() }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
    public func reset() { count = 0 }

    /// Makes room for `n` more bytes, plus `slack` for the word-sized stores that run past the
    /// last byte written (`JSONBytes.copyClean`, line numbers).
    @inline(__always) func reserve(_ n: Int) {
        if count &+ n &+ Self.slack > capacity { grow(count + n + Self.slack) }
    }
    static let slack = 16

    private func grow(_ need: Int) {
        var c = capacity * 2
        while c < need { c *= 2 }
        let bigger = Cursor.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    public func put(_ b: UnsafeRawBufferPointer) {
        guard let p = b.baseAddress else { return }
        reserve(b.count)
        JSONBytes.copy(base + count, p, b.count)
        count += b.count
    }

    /// A quoted, escaped JSON string.
    func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            reserve(u.count * 6 + 2)
            var o = base + count
            JSONBytes.string(&o, u)
            count = base.distance(to: o)
        }
    }

    private func raw(_ s: StaticString) {
        reserve(s.utf8CodeUnitCount)
        var o = base + count
        JSONBytes.put(&o, s)
        count = base.distance(to: o)
    }

    /// One escaped JSON string (with its quotes) kept by the id it was made from.
    struct Cached {
        var id = -1
        var bytes = Cursor.allocate(capacity: 256)
        var capacity = 256
        var count = 0
        func free() { bytes.deallocate() }

        mutating func load(_ id: Int, _ make: () -> String) {
            guard id != self.id else { return }
            var s = make()
            s.withUTF8 { u in
                if u.count * 6 + 2 + RecordNDJSON.slack > capacity {
                    bytes.deallocate()
                    capacity = u.count * 6 + 2 + RecordNDJSON.slack
                    bytes = .allocate(capacity: capacity)
                }
                var o = bytes
                JSONBytes.string(&o, u)
                count = bytes.distance(to: o)
            }
            self.id = id
        }
    }

    /// `"2019-10-17T08:31:02.123456Z"`; the date part is computed once per day.
    @inline(__always)
    private func time(_ o: inout Cursor, _ t: Int64) {
        let rem = date(&o, t)
        let secs = Int(rem / Timestamp.microsPerSecond)
        var us = Int(rem % Timestamp.microsPerSecond)
        JSONBytes.two(&o, secs / 3600); JSONBytes.put(&o, 0x3A)
        JSONBytes.two(&o, secs / 60 % 60); JSONBytes.put(&o, 0x3A)
        JSONBytes.two(&o, secs % 60); JSONBytes.put(&o, 0x2E)
        var k = 6
        while k > 0 { k -= 1; o[k] = UInt8(truncatingIfNeeded: 0x30 &+ us % 10); us /= 10 }
        o += 6
        JSONBytes.put(&o, "Z\"")
    }

    /// An input line number: usually the last one plus one, so its digits (kept in a register-sized
    /// word, first digit in the lowest byte) are incremented in place and stored with one write.
    @inline(__always)
    private func lineNumber(_ o: inout Cursor, _ line: Int) {
        var w = lineWord
        var ok = false
        if line == lineNumber + 1 && lineDigitCount > 0 {
            var k = lineDigitCount - 1
            while k >= 0 {
                let shift = UInt64(8 * k)
                if (w >> shift) & 0xFF == UInt8(ascii: "9") { w = w & ~(0xFF << shift) | (0x30 << shift); k -= 1; continue }
                w &+= 1 << shift
                ok = true
                break
            }
        }
        if !ok {   // not the next line, or 99 -> 100: write it out in full
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
            let count = withUnsafeMutableBytes(of: &digits) { d -> Int in
                var c = d.baseAddress!.assumingMemoryBound(to: UInt8.self)
                let start = c
                JSONBytes.number(&c, line)
                return start.distance(to: c)
            }
            guard count <= 8 else {
                lineDigitCount = 0
                JSONBytes.number(&o, line)
                lineNumber = line
                return
            }
            w = digits.0
            lineDigitCount = count
        }
        lineWord = w
        lineNumber = line
        UnsafeMutableRawPointer(o).storeBytes(of: w, as: UInt64.self)   // the reserve leaves room for 8
        o += lineDigitCount
    }

    /// The same string when the clock part is the klog header's own bytes 6..<21.
    @inline(__always)
    private func clockFromHeader(_ o: inout Cursor, _ t: Int64, _ header: UnsafeRawPointer) {
        _ = date(&o, t)
        JSONBytes.copy(o, header + 6, 15)
        o += 15
        JSONBytes.put(&o, "Z\"")
    }

    /// Writes `"YYYY-MM-DDT` (the date computed once per day); returns the microseconds into the day.
    @inline(__always)
    private func date(_ o: inout Cursor, _ t: Int64) -> Int64 {
        var days = t / Timestamp.microsPerDay
        var rem = t % Timestamp.microsPerDay
        if rem < 0 { rem += Timestamp.microsPerDay; days -= 1 }
        if days != lastDay { setDate(days) }
        JSONBytes.put(&o, 0x22)
        withUnsafeBytes(of: &dateBytes) { JSONBytes.copy(o, $0.baseAddress!, 10) }
        o[10] = 0x54
        o += 11
        return rem
    }

    private func setDate(_ days: Int64) {
        lastDay = days
        let (y, mo, d) = Timestamp.civil(days: days)
        var date = [UInt8](repeating: 0x30, count: 10)
        var yy = y
        for k in (0..<4).reversed() { date[k] = UInt8(0x30 + yy % 10); yy /= 10 }
        date[4] = 0x2D; date[5] = UInt8(0x30 + mo / 10); date[6] = UInt8(0x30 + mo % 10)
        date[7] = 0x2D; date[8] = UInt8(0x30 + d / 10); date[9] = UInt8(0x30 + d % 10)
        withUnsafeMutableBytes(of: &dateBytes) { $0.copyBytes(from: date) }
    }

    // MARK: records

    /// The input path of a record.
    public func path(of v: RecordView) -> String { v.inputIndex < paths.count ? paths[v.inputIndex] : "-" }

    @inline(__always)
    private static func key(_ o: inout Cursor, _ first: inout Bool, _ k: StaticString) {
        if !first { JSONBytes.put(&o, 0x2C) }
        first = false
        JSONBytes.put(&o, k)
    }

    /// Appends one NDJSON line for the record.
    public func write(_ v: RecordView) {
        if let c = v.componentName { componentCache.load(Int(c.id)) { c.string } }
        if let n = v.nodeName { nodeCache.load(Int(n.id)) { n.string } }
        pathCache.load(v.inputIndex) { path(of: v) }
        // The worst case: every byte escaped as \u00XX, plus the keys and numbers.
        reserve(v.bytes.count * 6 + 512 + componentCache.count + nodeCache.count + pathCache.count)
        var o = base + count
        var first = true
        JSONBytes.put(&o, 0x7B)
        if let t = v.time {
            Self.key(&o, &first, "\"time\":")
            if v.clockInBytes { clockFromHeader(&o, t, v.bytes.baseAddress!) } else { time(&o, t) }
        }
        if let s = v.severity {
            Self.key(&o, &first, "\"severity\":\"")
            JSONBytes.put(&o, Self.severityLetters[s.rawValue]); JSONBytes.put(&o, 0x22)
        }
        if v.componentName != nil { Self.key(&o, &first, "\"component\":"); JSONBytes.put(&o, componentCache.bytes, componentCache.count) }
        if v.nodeName != nil { Self.key(&o, &first, "\"node\":"); JSONBytes.put(&o, nodeCache.bytes, nodeCache.count) }
        if let p = v.pid { Self.key(&o, &first, "\"pid\":"); JSONBytes.number(&o, p) }
        if let r = v.sourceFileRange {
            Self.key(&o, &first, "\"file\":\"")
            JSONBytes.escape(&o, v.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + r.lowerBound, r.count)
            JSONBytes.put(&o, 0x22)
        } else if v.sourceFileName != nil {
            count = base.distance(to: o)
            let f = v.sourceFileName!
            reserve(f.utf8.count * 6 + 16)
            o = base + count
            Self.key(&o, &first, "\"file\":")
            count = base.distance(to: o)
            string(f)
            reserve(v.bytes.count * 6 + 512)
            o = base + count
        }
        if let l = v.sourceLine { Self.key(&o, &first, "\"line\":"); JSONBytes.number(&o, l) }
        let text = v.text
        let mark = o
        let firstBefore = first
        var done = false
        if v.kind == .klog && v.lineCount == 1, let p = text.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(base) {
            if text.first == UInt8(ascii: "\"") {
                Self.key(&o, &first, "\"message\":")
                done = Self.writeFast(&o, p, text.count)
            } else if !Self.startsWithVerb(text) && !Self.isLegacyRequestSource(v) {
                Self.key(&o, &first, "\"message\":\"")
                JSONBytes.escape(&o, p, text.count)
                JSONBytes.put(&o, 0x22)
                done = true
            }
        }
        if !done {
            count = base.distance(to: mark)
            first = firstBefore
            writeGeneral(v, &first)
            reserve(pathCache.count + 64)
            o = base + count
        }
        Self.key(&o, &first, "\"source\":{\"path\":")
        JSONBytes.put(&o, pathCache.bytes, pathCache.count)
        JSONBytes.put(&o, ",\"line\":")
        lineNumber(&o, v.line)
        JSONBytes.put(&o, "}}\n")
        count = base.distance(to: o)
    }

    static let legacySources: [[UInt8]] = LegacyRequestLog.sourceFiles.map { Array($0.utf8) }
    static let severityLetters: [UInt8] = [0x49, 0x57, 0x45, 0x46]

    static func startsWithVerb(_ t: UnsafeRawBufferPointer) -> Bool {
        t.count > 5 && t[0] == UInt8(ascii: "v") && t[1] == UInt8(ascii: "e") && t[2] == UInt8(ascii: "r") && t[3] == UInt8(ascii: "b") && t[4] == UInt8(ascii: "=")
    }

    /// Unstructured lines from these files may be the legacy request log, which has fields.
    static func isLegacyRequestSource(_ v: RecordView) -> Bool {
        guard let r = v.sourceFileRange else { return v.sourceFileName.map(LegacyRequestLog.sourceFiles.contains) ?? false }
        guard r.count >= 7 && r.count <= 11 else { return false }   // wrap.go ... handlers.go
        let f = UnsafeRawBufferPointer(rebasing: v.bytes[r])
        return legacySources.contains { $0.count == f.count && $0.elementsEqual(f) }
    }

    /// Message, fields and continuation decoded to Strings (the uncommon records).
    private func writeGeneral(_ v: RecordView, _ first: inout Bool) {
        let d = RecordDetails(v)
        func key(_ k: StaticString) {
            reserve(k.utf8CodeUnitCount + 1)
            var o = base + count
            Self.key(&o, &first, k)
            count = base.distance(to: o)
        }
        key("\"message\":"); string(d.message)
        if !d.fields.isEmpty {
            key("\"fields\":{")
            // Duplicate keys: the first position, the last value (fields are few, so a linear scan).
            var wrote = 0
            for (i, (k, _)) in d.fields.enumerated() where !d.fields[..<i].contains(where: { $0.0 == k }) {
                let value = d.fields.last { $0.0 == k }!.1
                if wrote > 0 { raw(",") }
                wrote += 1
                string(k); raw(":"); string(value)
            }
            raw("}")
        }
        if !d.continuation.isEmpty {
            key("\"continuation\":[")
            for (i, c) in d.continuation.enumerated() { if i > 0 { raw(",") }; string(c) }
            raw("]")
        }
    }

    /// Writes `"message-text"` and `,"fields":{...}` for a one-line structured body; false (with
    /// partial output the caller discards) when the body needs the general decoder.
    private static func writeFast(_ o: inout Cursor, _ t: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        guard quoted(&o, t, n, &i) else { return false }
        // Keys seen so far: length and first eight bytes (a fingerprint), and where they start.
        var seenKeys: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                       UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var seenStarts: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32,
                         Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var keyCount = 0
        while i < n {
            guard t[i] == UInt8(ascii: " ") else { return false }
            i += 1
            if i == n { break }
            // The key: up to `=` (a space first means no pair); a byte to escape sends the record
            // the general way. One SWAR pass finds the end and checks the bytes.
            let ks = i
            var found = false
            while i &+ 8 <= n {
                let x = UnsafeRawPointer(t + i).loadUnaligned(as: UInt64.self)
                let stop = SWAR.equalFlags(x, 0x3D) | SWAR.equalFlags(x, 0x20)
                let bad = JSONBytes.specialFlags(x)
                if stop != 0 {
                    let k = stop.trailingZeroBitCount >> 3
                    if k > 0 && bad & ((1 << UInt64(8 * k)) &- 1) != 0 { return false }
                    i &+= k
                    found = true
                    break
                }
                if bad != 0 { return false }
                i &+= 8
            }
            if !found {
                let special = JSONBytes.special
                while i < n && t[i] != UInt8(ascii: "=") && t[i] != UInt8(ascii: " ") {
                    if special[Int(t[i])] { return false }
                    i += 1
                }
            }
            guard i < n, t[i] == UInt8(ascii: "="), i > ks, i + 1 < n else { return false }
            let klen = i - ks
            if klen == 9 && memcmp(t + ks, "UserAgent", 9) == 0 { return false }
            // Duplicate keys need the general path (first position, last value); more than 16 keys too.
            guard keyCount < 16 else { return false }
            var head: UInt64 = 0
            if klen >= 8 {
                head = UnsafeRawPointer(t + ks).loadUnaligned(as: UInt64.self)
            } else if i >= 8 {   // the eight bytes that end with the key, shifted down to it
                head = UnsafeRawPointer(t + i - 8).loadUnaligned(as: UInt64.self) >> UInt64(64 - 8 * klen)
            } else {
                for k in 0..<klen { head |= UInt64(t[ks + k]) << UInt64(8 * k) }
            }
            let print = head &+ UInt64(klen) &* 0x9E37_79B9_7F4A_7C15
            let seen = withUnsafeMutableBytes(of: &seenKeys) { kb -> Bool in
                withUnsafeMutableBytes(of: &seenStarts) { sb -> Bool in
                    let prints = kb.bindMemory(to: UInt64.self), starts = sb.bindMemory(to: Int32.self)
                    for k in 0..<keyCount where prints[k] == print {
                        if klen <= 8 || memcmp(t + Int(starts[k]), t + ks, klen) == 0 { return true }
                    }
                    prints[keyCount] = print
                    starts[keyCount] = Int32(truncatingIfNeeded: ks)
                    return false
                }
            }
            if seen { return false }
            if keyCount == 0 { JSONBytes.put(&o, ",\"fields\":{\"") } else { JSONBytes.put(&o, ",\"") }
            keyCount += 1
            JSONBytes.put(&o, t + ks, klen)   // nothing to escape (checked above)
            JSONBytes.put(&o, "\":")
            i += 1
            let c = t[i]
            if c == UInt8(ascii: "\"") {
                guard quoted(&o, t, n, &i) else { return false }
            } else if c == UInt8(ascii: "<") || c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                return false
            } else {
                let vs = i
                while i < n, t[i] != UInt8(ascii: " ") { i += 1 }
                JSONBytes.put(&o, 0x22); JSONBytes.escape(&o, t + vs, i - vs); JSONBytes.put(&o, 0x22)
            }
        }
        if keyCount > 0 { JSONBytes.put(&o, 0x7D) }
        return true
    }

    /// Decodes a Go-quoted string at `i` into a JSON string; false on anything unusual (escapes
    /// other than \n \t \r \" \\ \', control bytes, invalid UTF-8), which the general path handles.
    @inline(__always)
    private static func quoted(_ o: inout Cursor, _ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Bool {
        guard i < n, p[i] == UInt8(ascii: "\"") else { return false }
        i += 1
        JSONBytes.put(&o, 0x22)
        while true {
            JSONBytes.copyClean(&o, p, &i, n)
            if i >= n { return false }
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                JSONBytes.put(&o, 0x22); i += 1
                return true
            }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < n else { return false }
                let e = p[i + 1]
                switch e {
                case 0x6E, 0x74, 0x72, 0x22, 0x5C: JSONBytes.put(&o, 0x5C); JSONBytes.put(&o, e)
                case 0x27: JSONBytes.put(&o, 0x27)
                default: return false
                }
                i += 2
                continue
            }
            if c >= 0x80 {
                var e = i + 1
                while e < n && p[e] >= 0x80 { e += 1 }
                guard JSONBytes.validUTF8(UnsafeRawBufferPointer(start: p + i, count: e - i)) else { return false }
                JSONBytes.putUTF8(&o, p + i, e - i)
                i = e
                continue
            }
            return false   // control byte or DEL
        }
        return false
    }
}
