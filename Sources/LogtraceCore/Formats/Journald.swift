/// `journalctl` output, the syslog layout `Mar 12 09:12:00[.123456] host ident[pid]: ` and the
/// short-iso layout `2024-03-12T09:12:00+0000 host ident[pid]: ` (docs/formats.md §7). The ident
/// names the component (or is the fallback component) and, with the pid, the line's stream; the
/// host is the node. A syslog date has no year: the stream's `YearResolver` gives it.
///
/// After an ISO time (journalctl short-iso, but also every kubectl --timestamps line) the host
/// must be a host name: letters, digits, '.', '-', '_' from a letter or digit on, so a
/// continuation line (`, Header: map[...]`, `Trace[1]: ...`) is not read as `host ident:`; and a
/// klog header right after the time is a kubectl line, not a journal. After a syslog date anything
/// goes (bug reports hide hosts as `{HIDDEN}`).
public struct Journald: LinePrefixFormat {
    public static let id = "journald"
    /// A month's capital (`Mar`) or number (`6月`); after a short-iso time (`KubectlTimestamps`'),
    /// the host's first letter or digit.
    public static let firstBytes = Array(UInt8(ascii: "A")...UInt8(ascii: "Z")) + Array(UInt8(ascii: "a")...UInt8(ascii: "z"))
        + Array(UInt8(ascii: "0")...UInt8(ascii: "9"))

    // The last ident/pid and host, and what they gave (no String or hash per line).
    private var identMemo = ByteMemo()
    private var identPid: Int?
    private var identValue: (component: String?, fallback: String, key: Int) = (nil, "", 0)
    private var hostMemo = ByteMemo()
    private var hostValue = ""

    public init() {}

    public mutating func parse(_ p: UnsafeRawPointer, _ n: Int, _ s: inout PrefixState, _ years: YearResolver) -> Bool {
        let i = s.offset
        guard i < n else { return false }
        if s.afterTimestamp == i {
            // After an RFC 3339 time: short-iso, unless a klog header follows (kubectl --timestamps).
            guard KlogHeader.parse(p + i, n - i) == nil, let t = Self.tail(p, n, i, strictHost: true) else { return false }
            apply(p, t, &s)
            return true
        }
        guard s.afterTimestamp < 0 else { return false }
        let c = p.load(fromByteOffset: i, as: UInt8.self)
        if Self.numberedMonth(p, n, i) == nil {
            guard c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") else { return false }
            if n > i + 1 {
                let c1 = p.load(fromByteOffset: i + 1, as: UInt8.self)
                if c1 >= UInt8(ascii: "0") && c1 <= UInt8(ascii: "9") { return false }
            }
        }
        guard let d = Self.date(p, n, i) else { return false }
        let t = Self.tail(p, n, d.end, strictHost: false)
        // A date read after a kubectl prefix dates the line even when no `host ident:` follows.
        if t != nil || s.offset > 0, s.context.wrapperTime == nil {
            s.context.wrapperTime = years.resolve(month: d.month, day: d.day, hour: d.secondsOfDay / 3600,
                                                  minute: d.secondsOfDay / 60 % 60, second: d.secondsOfDay % 60,
                                                  micro: d.micro, wrapperTime: nil)
        }
        guard let t else { return false }
        apply(p, t, &s)
        return true
    }

    @inline(__always)
    private mutating func apply(_ p: UnsafeRawPointer, _ t: Tail, _ s: inout PrefixState) {
        if !identMemo.same(p, t.ident) || identPid != t.pid {
            identPid = t.pid
            let ident = String(decoding: UnsafeRawBufferPointer(start: p + t.ident.lowerBound, count: t.ident.count), as: UTF8.self)
            var h = Hasher(); h.combine(ident); h.combine(t.pid ?? 0)
            identValue = (ComponentNames.fromName(ident), ident, h.finalize())
        }
        if !hostMemo.same(p, t.host) {
            hostValue = String(decoding: UnsafeRawBufferPointer(start: p + t.host.lowerBound, count: t.host.count), as: UTF8.self)
        }
        if !s.fromPod {
            s.context.component = identValue.component
            s.context.streamKey = identValue.key
        }
        s.context.fallbackComponent = identValue.fallback
        s.context.pid = t.pid
        if s.context.node == nil { s.context.node = hostValue }
        s.offset = t.end
    }

    /// A month written as its number and 月 (Chinese and Japanese locales) or 월 (Korean), as
    /// journalctl and syslog write `%b` there: `6月 25 22:29:55` (kubernetes/kubernetes#110787).
    /// The month and the offset after it.
    static func numberedMonth(_ p: UnsafeRawPointer, _ n: Int, _ start: Int) -> (month: Int, end: Int)? {
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        var i = start, month = 0
        while i < n, i - start < 2, b(i) >= UInt8(ascii: "0"), b(i) <= UInt8(ascii: "9") { month = month * 10 + Int(b(i) - 0x30); i += 1 }
        guard i > start, (1...12).contains(month), i + 3 <= n else { return nil }
        let isMonth = (b(i) == 0xE6 && b(i + 1) == 0x9C && b(i + 2) == 0x88)   // 月 U+6708
            || (b(i) == 0xEC && b(i + 1) == 0x9B && b(i + 2) == 0x94)           // 월 U+C6D4
        return isMonth ? (month, i + 3) : nil
    }

    /// `Mon DD hh:mm:ss[.uuuuuu] ` at `start` (the month also as `6月`, see `numberedMonth`).
    static func date(_ p: UnsafeRawPointer, _ n: Int, _ start: Int) -> (month: Int, day: Int, secondsOfDay: Int, micro: Int, end: Int)? {
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        guard start + 15 <= n else { return nil }
        var month = 0
        var i = start + 3
        if let m = numberedMonth(p, n, start) {
            month = m.month
            i = m.end
        } else {
            for (k, m) in WireText.months.enumerated() where b(start) == m[0] && b(start + 1) == m[1] && b(start + 2) == m[2] {
                month = k + 1; break
            }
        }
        guard month > 0, i < n, b(i) == UInt8(ascii: " ") else { return nil }
        i += 1
        if b(i) == UInt8(ascii: " ") { i += 1 }
        var day = 0, dd = 0
        while i < n, b(i) >= UInt8(ascii: "0"), b(i) <= UInt8(ascii: "9"), dd < 2 { day = day * 10 + Int(b(i) - 0x30); i += 1; dd += 1 }
        guard dd > 0, i + 9 <= n, b(i) == UInt8(ascii: " ") else { return nil }
        i += 1
        func d2(_ k: Int) -> Int? {
            let a = Int(b(k)) - 48, c = Int(b(k + 1)) - 48
            return (0...9).contains(a) && (0...9).contains(c) ? a * 10 + c : nil
        }
        guard let hh = d2(i), b(i + 2) == UInt8(ascii: ":"), let mm = d2(i + 3), b(i + 5) == UInt8(ascii: ":"), let ss = d2(i + 6) else { return nil }
        i += 8
        var micro = 0
        if i < n, b(i) == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < n, b(i) >= UInt8(ascii: "0"), b(i) <= UInt8(ascii: "9") { if digits < 6 { micro = micro * 10 + Int(b(i) - 0x30) }; digits += 1; i += 1 }
            while digits < 6 { micro *= 10; digits += 1 }
        }
        guard i < n, b(i) == UInt8(ascii: " ") else { return nil }
        return (month, day, hh * 3600 + mm * 60 + ss, micro, i + 1)
    }

    @inline(__always)
    static func isAlnum(_ c: UInt8) -> Bool { (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) }

    struct Tail { var host: Range<Int>; var ident: Range<Int>; var pid: Int?; var end: Int }

    /// `host ident[pid]: ` at `start`.
    static func tail(_ p: UnsafeRawPointer, _ n: Int, _ start: Int, strictHost: Bool) -> Tail? {
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        var i = start
        if strictHost {
            guard i < n, isAlnum(b(i)) else { return nil }
            while i < n, b(i) != UInt8(ascii: " ") {
                guard isAlnum(b(i)) || b(i) == UInt8(ascii: ".") || b(i) == UInt8(ascii: "-") || b(i) == UInt8(ascii: "_") else { return nil }
                i += 1
            }
        } else {
            while i < n, b(i) != UInt8(ascii: " ") { i += 1 }
        }
        guard i > start, i < n else { return nil }
        let host = start..<i
        i += 1
        let identStart = i
        while i < n, b(i) != UInt8(ascii: " "), b(i) != UInt8(ascii: "["), b(i) != UInt8(ascii: ":") { i += 1 }
        guard i > identStart, i < n else { return nil }
        let ident = identStart..<i
        var allDigits = true
        for k in ident where b(k) < UInt8(ascii: "0") || b(k) > UInt8(ascii: "9") { allDigits = false; break }
        if allDigits { return nil }
        var pid: Int?
        if b(i) == UInt8(ascii: "[") {
            i += 1
            var v = 0, dd = 0
            while i < n, b(i) >= UInt8(ascii: "0"), b(i) <= UInt8(ascii: "9") { if dd < 10 { v = v * 10 + Int(b(i) - 0x30) }; i += 1; dd += 1 }
            guard dd > 0, i < n, b(i) == UInt8(ascii: "]") else { return nil }
            pid = dd <= 10 ? v : nil   // no process has a 20-digit id: no pid rather than a wrapped one
            i += 1
        }
        guard i < n, b(i) == UInt8(ascii: ":") else { return nil }
        i += 1
        if i < n, b(i) == UInt8(ascii: " ") { i += 1 }
        return Tail(host: host, ident: ident, pid: pid, end: i)
    }

    public static let rewrappers = [
        Rewrapper("journald", "journalctl short output: `Mar 12 09:12:00 master-1 kube-apiserver[1]: `") { line, nanos, ident, out in
            let seconds = nanos / 1_000_000_000
            let (_, mo, d) = Timestamp.civil(days: seconds / 86_400)
            out.append(contentsOf: WireText.months[mo - 1]); out.append(0x20)
            WireText.digits(d, 2, &out); out.append(0x20)
            WireText.clock(Int(seconds % 86_400), &out)
            WireText.append(" master-1 \(ident)[1]: ", &out)
            out.append(contentsOf: line)
        },
    ]

    public static let samples: [FormatSample] = [
        FormatSample(file: "journal.txt", lines: [
            "-- Logs begin at Tue 2022-08-02 06:00:00 UTC, end at Wed 2022-08-03 12:00:00 UTC. --",
            "Aug 03 10:51:55 susetest k3s[1878]: E0803 10:51:55.509313    1878 namespace_controller.go:162] deletion of namespace helm-ns-413 failed",
            "Aug 03 10:51:56 susetest systemd[1]: kubelet.service: Main process exited",
        ], records: [   // journalctl's `-- Logs begin at ... --` line dates the stream and is no record
            SampleRecord("E0803 10:51:55.509313    1878 namespace_controller.go:162] deletion of namespace helm-ns-413 failed",
                         time: "2022-08-03T10:51:55.509313Z", component: "kube-controller-manager", node: "susetest", pid: 1878, severity: "E"),
            SampleRecord("kubelet.service: Main process exited", time: "2022-08-03T10:51:56.000000Z", component: "systemd", node: "susetest", pid: 1),
        ], source: "k3s-io/k3s#5983 (journalctl -u k3s)"),
        FormatSample(file: "kubelet.log", lines: [
            "2024-03-12T09:21:04.341767+00:00 cp-1 kubelet[812]: E0312 09:21:04.341767     812 kubelet.go:2419] \"Error getting node\" err=\"node \\\"cp-1\\\" not found\"",
        ], records: [
            SampleRecord("E0312 09:21:04.341767     812 kubelet.go:2419] \"Error getting node\" err=\"node \\\"cp-1\\\" not found\"",
                         time: "2024-03-12T09:21:04.341767Z", component: "kubelet", node: "cp-1", pid: 812, severity: "E"),
        ], source: "journalctl -o short-iso (docs/collecting-logs.md, kubeadm layout)"),
    ]
}
