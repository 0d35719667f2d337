import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The wrappers' fast paths against simple reference implementations (the decoders as they were
/// before they were made allocation-free: the general JSON scanner for docker, one prefix parser
/// building strings per line for journald and kubectl), on the real-lines corpus, on those lines
/// rewrapped by every registered writer, and on truncated and mutated copies.
@Suite struct WrapperReferenceTests {
    // MARK: - corpora

    /// Every physical line of the real-lines corpus.
    static let realLines: [String] = RealLines.entries.flatMap { $0.1.lines.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The real lines under every registered wrapper (what `logtrace-gen --rewrap` writes).
    static let rewrapped: [String: [String]] = {
        var out: [String: [String]] = [:]
        for w in FormatRegistry.rewrappers {
            var t: Int64 = 1_710_235_264_000_000_000
            out[w.name] = realLines.map { l in
                var b: [UInt8] = []
                Array(l.utf8).withUnsafeBytes { w.write($0, t, "kube-apiserver", &b) }
                t += 1_234_567
                return String(decoding: b, as: UTF8.self)
            }
        }
        return out
    }()

    /// Each line cut at every length, and with one byte changed at every position (to a quote, a
    /// backslash, a space, a colon, a digit or a high byte): for the first `limit` lines.
    static func damaged(_ lines: [String], limit: Int = 40) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for l in lines.prefix(limit) {
            let b = Array(l.utf8)
            for k in 0..<b.count { out.append(Array(b[..<k])) }
            for k in 0..<b.count {
                for r: UInt8 in [0x22, 0x5C, 0x20, 0x3A, 0x31, 0x5B, 0x5D, 0xC3] where b[k] != r {
                    var m = b; m[k] = r; out.append(m)
                }
            }
        }
        return out
    }

    // MARK: - docker json-file

    /// The docker decoder as it was: the general JSON scanner, new arrays per key and value.
    static func dockerReference(_ line: [UInt8]) -> (log: [UInt8], stream: Int, time: Int64?)? {
        line.withUnsafeBytes { buf -> (log: [UInt8], stream: Int, time: Int64?)? in
            guard let p = buf.baseAddress else { return nil }
            var log: [UInt8]?
            var stream = 0
            var time: Int64?
            let ok = JSONScanner.scan(p, buf.count) { key, value in
                guard case .string(let s) = value else { return }
                if key == Array("log".utf8) { log = s } else if key == Array("stream".utf8) { stream = s.first == 0x73 && s.count > 3 && s[3] == 0x65 ? 1 : 0 }
                else if key == Array("time".utf8) { time = s.withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time } }
            }
            guard ok, let log else { return nil }
            return (log, stream, time)
        }
    }

    /// The product's decoder: moby's layout in one pass, else the general scanner. `fast` says
    /// which one decoded the line.
    static func dockerProduct(_ line: [UInt8], _ scratch: inout [UInt8]) -> (log: [UInt8], stream: Int, time: Int64?, fast: Bool)? {
        line.withUnsafeBytes { buf in
            if let d = DockerJSON.decode(buf, into: &scratch) { return (scratch, d.stream, d.time, true) }
            if let d = DockerJSON.decodeGeneral(buf, into: &scratch) { return (scratch, d.stream, d.time, false) }
            return nil
        }
    }

    static let dockerHostile: [String] = [
        #"{"log":"x\n","stream":"stdout","time":"2024-03-12T09:00:00Z"}"#,
        #"{"stream":"stderr","log":"reordered\n","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"extra key\n","stream":"stderr","time":"2024-03-12T09:00:00Z","attrs":{"a":"b"}}"#,
        #"{"log":"spaces\n", "stream":"stderr", "time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"pair \ud83d\ude00 lone \ud83d and \udc00 end\n","stream":"stderr","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"bmp \u00e9\u20ac\u0000\u001b \/ \x \' \b\f\r\n","stream":"stderr","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"bad hex \u12G4","stream":"stderr","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"dup","log":"second\n","stream":"stderr","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":12,"stream":"stderr","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"trailing\n","stream":"stderr","time":"2024-03-12T09:00:00Z"} garbage"#,
        #"{"log":"stdin?\n","stream":"stdin","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"st\n","stream":"st","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"no time\n","stream":"stderr"}"#,
        #"{"log":"escaped time\n","stream":"stderr","time":"2024-03-12T09:00:00\u005a"}"#,
        #"{"log":"bad time\n","stream":"stderr","time":"yesterday"}"#,
        #"{"log":"","stream":"stderr","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"\"","stream":"stderr","time":"2024-03-12T09:00:00Z"}"#,
        #"{"log":"unterminated"#,
        #"{"log":""#,
        "{\"log\":\"raw tab\there\\n\",\"stream\":\"stderr\",\"time\":\"2024-03-12T09:00:00Z\"}",
    ]

    @Test func dockerDecoderMatchesTheReference() throws {
        let moby = try #require(Self.rewrapped["docker"])
        var scratch: [UInt8] = [0xFF, 0xFF]   // left over from a line before: must never leak
        var fast = 0
        for l in moby {
            let line = Array(l.utf8)
            let want = Self.dockerReference(line)
            let got = Self.dockerProduct(line, &scratch)
            #expect(got?.log == want?.log && got?.stream == want?.stream && got?.time == want?.time, "\(l)")
            if got?.fast == true { fast += 1 }
        }
        // moby's own layout never leaves the fast path.
        #expect(fast == moby.count, "\(moby.count - fast) of \(moby.count) rewrapped lines took the general scanner")
        let others = (Self.realLines + Self.dockerHostile).map { Array($0.utf8) } + Self.damaged(moby) + Self.damaged(Self.dockerHostile)
        var differ = 0
        for line in others {
            let want = Self.dockerReference(line)
            let got = Self.dockerProduct(line, &scratch)
            if !(got?.log == want?.log && got?.stream == want?.stream && got?.time == want?.time) {
                differ += 1
                if differ <= 5 { Issue.record("differs on \(String(decoding: line, as: UTF8.self)): \(String(describing: got)) vs \(String(describing: want))") }
            }
        }
        #expect(differ == 0)
    }

    // MARK: - CRI

    /// The CRI header as the reader parsed it inline.
    static func criReference(_ line: UnsafeRawBufferPointer) -> (time: Int64, stream: Int, partial: Bool, content: Int)? {
        guard let p = line.baseAddress, let ts = RFC3339.parse(p, line.count), ts.length + 9 <= line.count else { return nil }
        var i = ts.length + 1
        let stream = line[i + 3] == 0x65 ? 1 : 0
        i += 7
        var partialTag = false
        if i < line.count && line[i] == 0x50 { partialTag = true }
        while i < line.count && line[i] != 0x20 { i += 1 }
        return (ts.time, stream, partialTag, i < line.count ? i + 1 : line.count)
    }

    @Test func criHeaderMatchesTheReference() throws {
        let lines = (try #require(Self.rewrapped["cri"])) + (try #require(Self.rewrapped["crio"]))
        for line in lines.map({ Array($0.utf8) }) + Self.damaged(lines, limit: 20) {
            line.withUnsafeBytes { b in
                let (got, want) = (CRI.header(b), Self.criReference(b))
                #expect(got?.time == want?.time && got?.stream == want?.stream && got?.partial == want?.partial && got?.content == want?.content,
                        "\(String(decoding: b, as: UTF8.self))")
            }
        }
    }

    // MARK: - bare-line prefixes (journald, kubectl --timestamps and --prefix, capnslog)

    struct Context: Equatable {
        var offset: Int
        var time: Int64?
        var severity: Severity?
        var component: String?
        var fallback: String?
        var node: String?
        var pid: Int?
        var streamKey: Int
    }

    /// What the reader made of a line's prefixes before: `PrefixReference` and its mapping.
    static func prefixReference(_ line: UnsafeRawBufferPointer, _ years: YearResolver) -> Context {
        let pre = PrefixReference.parse(line.baseAddress!, line.count)
        var ctx = LineContext()
        if pre.length > 0 {
            ctx.wrapperTime = pre.time
            ctx.severity = pre.severity
            if pre.time == nil && pre.month > 0 {
                ctx.wrapperTime = years.resolve(month: pre.month, day: pre.day, hour: pre.secondsOfDay / 3600,
                                                minute: pre.secondsOfDay / 60 % 60, second: pre.secondsOfDay % 60,
                                                micro: pre.micro, wrapperTime: nil)
            }
            if let r = pre.ident {
                let ident = String(decoding: UnsafeRawBufferPointer(rebasing: line[r]), as: UTF8.self)
                ctx.component = ComponentNames.fromName(ident)
                ctx.fallbackComponent = ident
                ctx.pid = pre.pid
                var h = Hasher(); h.combine(ident); h.combine(pre.pid ?? 0)
                ctx.streamKey = h.finalize()
            }
            if let r = pre.host { ctx.node = String(decoding: UnsafeRawBufferPointer(rebasing: line[r]), as: UTF8.self) }
            if let r = pre.container {
                let container = String(decoding: UnsafeRawBufferPointer(rebasing: line[r]), as: UTF8.self)
                ctx.component = ComponentNames.fromName(container) ?? container
                if let pr = pre.pod {
                    let pod = String(decoding: UnsafeRawBufferPointer(rebasing: line[pr]), as: UTF8.self)
                    if let c = ctx.component, let n = ComponentNames.nodeOfPod(pod, component: c) { ctx.node = n }
                    var h = Hasher(); h.combine(pod); h.combine(container)
                    ctx.streamKey = h.finalize()
                }
            }
        }
        return Context(offset: pre.length, time: ctx.wrapperTime, severity: ctx.severity, component: ctx.component,
                       fallback: ctx.fallbackComponent, node: ctx.node, pid: ctx.pid, streamKey: ctx.streamKey)
    }

    @Test func prefixesMatchTheReference() throws {
        var lines: [[UInt8]] = []
        for name in ["journald", "kubectl", "cri"] { lines += try #require(Self.rewrapped[name]).map { Array($0.utf8) } }
        let pods = Self.realLines.prefix(200).enumerated().map { k, l in "[pod/\(["kube-apiserver-cp-1", "etcd-cp-2", "coredns-5d78c9869d-abcde", "x"][k % 4])/\(["kube-apiserver", "etcd", "coredns", ""][k % 4])] " + l }
        let podStamped = pods.enumerated().map { k, l in k % 2 == 0 ? l : l.replacingOccurrences(of: "] ", with: "] 2024-03-12T09:00:00.000000001Z ", options: [], range: l.range(of: "] ")) }
        let journal = ["Mar 12 09:00:00 {HIDDEN} kubelet[1]: x", "Mar  2 09:00:00.123 host k3s: y", "2024-03-12T09:00:00+0000 cp-1 kubelet[812]: z",
                       "2018-08-01 10:00:00.123456 W | etcdserver: slow", "2024-03-12T09:00:00Z , Header: map[]", "2024-03-12T09:00:00Z Trace[1]: x",
                       "[pod/a/b] Mar 12 09:00:00 nohost", "[pod/a/b] Mar 12 09:00:00 h i[2]: w", "Mar 12 09:00:00 h 123: digits ident",
                       "Mar 12 09:00:00 h i[123456789012345678901]: long pid", "[pod/a/b] 2024-03-12T09:00:00Z host ident[3]: both"]
        lines += (Self.realLines + pods + podStamped + journal).map { Array($0.utf8) }
        lines += Self.damaged(journal + Array(pods.prefix(10)) + Array(podStamped.prefix(10)) + Array(try #require(Self.rewrapped["journald"]).prefix(10)))
        let a = YearResolver(year: 2024, zone: .utc), b = YearResolver(year: 2024, zone: .utc)
        var bare = BareLines()
        var checked = 0, differ = 0
        for line in lines {
            line.withUnsafeBytes { buf in
                guard let p = buf.baseAddress, buf.count > 0, p.load(as: UInt8.self) != 0, !BareLines.startsKlog(p, buf.count) else { return }
                let want = Self.prefixReference(buf, a)
                let s = bare.prefixes(p, buf.count, b)
                let c = s.context
                let got = Context(offset: s.offset, time: c.wrapperTime, severity: c.severity, component: c.component,
                                  fallback: c.fallbackComponent, node: c.node, pid: c.pid, streamKey: c.streamKey)
                checked += 1
                if got != want {
                    differ += 1
                    if differ <= 5 { Issue.record("differs on \(String(decoding: buf, as: UTF8.self)):\n got \(got)\nwant \(want)") }
                }
            }
        }
        #expect(differ == 0)
        #expect(checked > 10_000)
    }
}

extension WrapperReferenceTests {
    /// `BareLines.prefixes` skips the loop for a line whose first byte starts no prefix, and stops
    /// once a prefix leaves the offset at a klog header. The reference is the plain loop: every
    /// registered prefix tried in turn on every line, in one stream (prefixes keep state across
    /// lines: CloudWatch's multi-line events, the memos).
    @Test func prefixSkipsMatchThePlainLoop() throws {
        var base: [String] = []
        for name in ["journald", "kubectl", "cri"] { base += Self.rewrapped[name] ?? [] }
        // CloudWatch's samples go last: once a stream name matched, every later line is tried.
        var last: [String] = []
        for f in FormatRegistry.prefixes { for sample in f.samples { if f.id == CloudWatchStream.id { last += sample.lines } else { base += sample.lines } } }
        let stamped = Self.realLines.prefix(300).map { "2024-03-12T09:00:00.000000001Z " + $0 }
        let edge = ["2024-03-12T09:00:00Z I0312 ident[1]: not a klog header", "2024-03-12T09:00:00Z W1 kubelet: x", "2024-03-12T09:00:00Z I0312 09:00:00.000000 x",
                    "2024-03-12T09:00:00Z E0312 09:21:04.341767       1 a.go:1] ok", "[pod/a/b] E0312 09:21:04.341767       1 a.go:1] ok",
                    "[pod/a/b] 2024-03-12T09:00:00Z I0312 09:21:04.341767       1 a.go:1] ok", "2024-03-12 10:00:00.123456 W | etcdserver: slow",
                    "{\"level\":\"info\"}", "\tcontinuation", " continuation", "goroutine 1 [running]:", "Mar 12 09:00:00 h i[2]: w",
                    "6月 25 22:29:55 host kubelet[1]: x", "", "2024-03-12T09:21:04.341000+00:00 kube-apiserver-0b6c3ac9d3a0e91b4dd8d2d8e2c0f4e5 E0312 09:21:04.341767      10 a.go:1] x",
                    "Trace[1]: [1.000s] END", "{\"after\":\"cloudwatch\"}", "x"]
        var lines = (base + stamped + edge + Self.realLines).map { Array($0.utf8) }
        lines += Self.damaged(edge + Array(stamped.prefix(10)) + Array((Self.rewrapped["kubectl"] ?? []).prefix(10)))
        lines += (last + edge).map { Array($0.utf8) }
        var plain: [any LinePrefixFormat] = FormatRegistry.prefixes.map { $0.init() }
        let a = YearResolver(year: 2024, zone: .utc), b = YearResolver(year: 2024, zone: .utc)
        var bare = BareLines()
        var differ = 0
        for line in lines {
            line.withUnsafeBytes { buf in
                let p = buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
                var want = PrefixState()
                for k in plain.indices { _ = plain[k].parse(p, buf.count, &want, a) }
                let got = bare.prefixes(p, buf.count, b)
                let w = want.context, g = got.context
                if (got.offset, got.afterTimestamp, got.fromPod) != (want.offset, want.afterTimestamp, want.fromPod)
                    || g.wrapperTime != w.wrapperTime || g.streamKey != w.streamKey || g.component != w.component || g.node != w.node
                    || g.pid != w.pid || g.fallbackComponent != w.fallbackComponent || g.severity != w.severity || g.isBare != w.isBare {
                    differ += 1
                    if differ <= 5 { Issue.record("differs on \(String(decoding: buf, as: UTF8.self)):\n got \(got)\nwant \(want)") }
                }
            }
        }
        #expect(differ == 0)
        #expect(lines.count > 10_000)
    }
}

/// The line-prefix parser as it was before each prefix became a file of its own (kept verbatim
/// as the reference): every prefix in one function, ranges out; `WrapperReferenceTests.prefixReference`
/// maps them to a context the way the reader did, building its strings on every line.
struct PrefixReference {
    var length = 0
    var time: Int64?
    var month = 0, day = 0, secondsOfDay = 0, micro = 0
    var host: Range<Int>?
    var ident: Range<Int>?
    var pid: Int?
    var pod: Range<Int>?
    var container: Range<Int>?
    var severity: Severity?

    static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    /// Parses the prefixes at the start of `p[0..<n]`; `length == 0` when there is none.
    static func parse(_ p: UnsafeRawPointer, _ n: Int) -> PrefixReference {
        var out = PrefixReference()
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
            } else if let s = syslogDate(p, n, i, &out), let t = syslogTail(p, n, s, &out) {
                // `6月 25 22:29:55 host ident[pid]: ` (a CJK locale's month)
                i = t
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

    private static func syslogDate(_ p: UnsafeRawPointer, _ n: Int, _ start: Int, _ out: inout PrefixReference) -> Int? {
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        guard start + 15 <= n else { return nil }
        let m: Int
        var i: Int
        let digits = (0..<2).prefix { k in start + k < n && b(start + k) >= 0x30 && b(start + k) <= 0x39 }.count
        if digits > 0, let num = Int(String(decoding: (start..<(start + digits)).map(b), as: UTF8.self)), (1...12).contains(num),
           ["月", "월"].contains(String(decoding: (0..<3).map { b(start + digits + $0) }, as: UTF8.self)) {
            m = num - 1
            i = start + digits + 3
        } else {
            let mon = [b(start), b(start + 1), b(start + 2)]
            guard let k = months.firstIndex(of: mon) else { return nil }
            m = k
            i = start + 3
        }
        guard b(i) == 0x20 else { return nil }
        i += 1
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
    private static func syslogTail(_ p: UnsafeRawPointer, _ n: Int, _ start: Int, _ out: inout PrefixReference, strictHost: Bool = false) -> Int? {
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

