/// Per-line prefixes that precede a record on plain files and pipes (docs/formats.md §7):
/// journald/syslog `Mon DD hh:mm:ss host ident[pid]: `, journalctl short-iso
/// `2024-03-12T09:12:00+0000 host ident[pid]: `, `kubectl logs --timestamps` `<RFC3339> `, and
/// `kubectl logs --prefix` `[pod/<pod>/<container>] `.
public struct LinePrefix {
    public var length = 0
    public var time: Int64?
    /// journald short time without a year: month/day/clock, resolved by the caller.
    public var month = 0, day = 0, secondsOfDay = 0, micro = 0
    public var host: Range<Int>?
    public var ident: Range<Int>?
    public var pid: Int?
    public var pod: Range<Int>?
    public var container: Range<Int>?
    /// etcd ≤ 3.3 (capnslog): `2018-08-01 10:00:00.123456 W | etcdserver: ...`.
    public var severity: Severity?

    static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    /// Parses the prefixes at the start of `p[0..<n]`; `length == 0` when there is none.
    public static func parse(_ p: UnsafeRawPointer, _ n: Int) -> LinePrefix {
        var out = LinePrefix()
        guard n > 0 else { return out }
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        var i = 0
        // kubectl --prefix
        if b(0) == 0x5B, n > 6, b(1) == 0x70, b(2) == 0x6F, b(3) == 0x64, b(4) == 0x2F {
            var j = 5
            while j < n, b(j) != 0x2F, b(j) != 0x5D { j += 1 }
            if j < n, b(j) == 0x2F {
                let podR = 5..<j
                var k = j + 1
                while k < n, b(k) != 0x5D { k += 1 }
                if k + 1 < n, b(k) == 0x5D, b(k + 1) == 0x20 {
                    out.pod = podR; out.container = (j + 1)..<k
                    i = k + 2
                }
            }
        }
        guard i < n else { out.length = i; return out }
        let c = b(i)
        if c >= 0x30 && c <= 0x39 {
            // RFC 3339 timestamp: kubectl --timestamps or journalctl short-iso
            if let ts = RFC3339.parse(p + i, n - i), i + ts.length < n, b(i + ts.length) == 0x20 {
                out.time = ts.time
                i += ts.length + 1
                if i + 4 <= n, b(i + 1) == 0x20, b(i + 2) == 0x7C, b(i + 3) == 0x20, let sev = capnslog(b(i)) {
                    out.severity = sev
                    i += 4
                } else if KlogHeader.parse(p + i, n - i) == nil, let s = syslogTail(p, n, i, &out, strictHost: true) { i = s }
            }
        } else if c >= 0x41 && c <= 0x5A && !(n > i + 1 && b(i + 1) >= 0x30 && b(i + 1) <= 0x39) {
            // `Mon DD hh:mm:ss[.uuuuuu] host ident[pid]: `
            if let s = syslogDate(p, n, i, &out), let t = syslogTail(p, n, s, &out) { i = t }
        }
        out.length = i
        return out
    }

    static func capnslog(_ c: UInt8) -> Severity? {
        switch c {
        case 0x44, 0x49, 0x4E: return .info      // D, I, N
        case 0x57: return .warning                // W
        case 0x45: return .error                  // E
        case 0x43: return .fatal                  // C
        default: return nil
        }
    }

    private static func syslogDate(_ p: UnsafeRawPointer, _ n: Int, _ start: Int, _ out: inout LinePrefix) -> Int? {
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        guard start + 15 <= n else { return nil }
        let mon = [b(start), b(start + 1), b(start + 2)]
        guard let m = months.firstIndex(of: mon), b(start + 3) == 0x20 else { return nil }
        var i = start + 4
        if b(i) == 0x20 { i += 1 }
        var day = 0, dd = 0
        while i < n, b(i) >= 0x30, b(i) <= 0x39, dd < 2 { day = day * 10 + Int(b(i) - 0x30); i += 1; dd += 1 }
        guard dd > 0, i + 9 <= n, b(i) == 0x20 else { return nil }
        i += 1
        func d2(_ k: Int) -> Int? {
            let a = Int(b(k)) - 48, c = Int(b(k + 1)) - 48
            return (0...9).contains(a) && (0...9).contains(c) ? a * 10 + c : nil
        }
        guard let hh = d2(i), b(i + 2) == 0x3A, let mm = d2(i + 3), b(i + 5) == 0x3A, let ss = d2(i + 6) else { return nil }
        i += 8
        var micro = 0
        if i < n, b(i) == 0x2E {
            i += 1
            var digits = 0
            while i < n, b(i) >= 0x30, b(i) <= 0x39 { if digits < 6 { micro = micro * 10 + Int(b(i) - 0x30) }; digits += 1; i += 1 }
            while digits < 6 { micro *= 10; digits += 1 }
        }
        guard i < n, b(i) == 0x20 else { return nil }
        out.month = m + 1; out.day = day; out.secondsOfDay = hh * 3600 + mm * 60 + ss; out.micro = micro
        return i + 1
    }

    @inline(__always)
    static func isAlnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) }

    /// `host ident[pid]: ` after a syslog or ISO date.
    private static func syslogTail(_ p: UnsafeRawPointer, _ n: Int, _ start: Int, _ out: inout LinePrefix, strictHost: Bool = false) -> Int? {
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        var i = start
        // After an ISO time (journalctl short-iso, but also every kubectl --timestamps line) the
        // host must be a host name: letters, digits, '.', '-', '_' from a letter or digit on, so a
        // continuation line (`, Header: map[...]`, `Trace[1]: ...`) is not read as `host ident:`.
        // After a syslog date anything goes (bug reports hide hosts as `{HIDDEN}`).
        if strictHost {
            guard i < n, isAlnum(b(i)) else { return nil }
            while i < n, b(i) != 0x20 {
                guard isAlnum(b(i)) || b(i) == 0x2E || b(i) == 0x2D || b(i) == 0x5F else { return nil }
                i += 1
            }
        } else {
            while i < n, b(i) != 0x20 { i += 1 }
        }
        guard i > start, i < n else { return nil }
        let host = start..<i
        i += 1
        let identStart = i
        while i < n, b(i) != 0x20, b(i) != 0x5B, b(i) != 0x3A { i += 1 }
        guard i > identStart, i < n else { return nil }
        let ident = identStart..<i
        var allDigits = true
        for k in ident where b(k) < 0x30 || b(k) > 0x39 { allDigits = false; break }
        if allDigits { return nil }
        var pid: Int?
        if b(i) == 0x5B {
            i += 1
            var v = 0, dd = 0
            while i < n, b(i) >= 0x30, b(i) <= 0x39 { if dd < 10 { v = v * 10 + Int(b(i) - 0x30) }; i += 1; dd += 1 }
            guard dd > 0, i < n, b(i) == 0x5D else { return nil }
            pid = dd <= 10 ? v : nil   // no process has a 20-digit id: no pid rather than a wrapped one
            i += 1
        }
        guard i + 1 < n || i + 1 == n, i < n, b(i) == 0x3A else { return nil }
        i += 1
        if i < n, b(i) == 0x20 { i += 1 }
        out.host = host; out.ident = ident; out.pid = pid
        return i
    }
}
