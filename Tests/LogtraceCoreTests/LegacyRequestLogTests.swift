import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The byte-level legacy request-log parser against the original Character-level one (kept here
/// as the reference, with Foundation's `range(of:)`), on real shapes, near misses and mutations.
@Suite struct LegacyRequestLogTests {
    /// The parser before #14 (Character level, Foundation's `range(of:)`), with the two rules the
    /// real lines of #12 added: trailing blanks of a paste are ignored, and the `[UA ip:port]`
    /// opens at the `[` that balances the final `]` (an e2e.test user agent holds the test name,
    /// `[sig-storage] ...`), or at the last ` [` when the brackets do not balance.
    static func reference(message: String, continuation: [String], sourceFile: String?) -> [(String, String)]? {
        guard let f = sourceFile, LegacyRequestLog.sourceFiles.contains(f) else { return nil }
        guard let sp = message.firstIndex(of: " ") else { return nil }
        let verb = String(message[..<sp])
        guard verb.count >= 3, verb.allSatisfy({ $0.isUppercase }) else { return nil }
        let rest = message[message.index(after: sp)...]
        guard let colon = rest.range(of: ": (") else { return nil }
        let uri = String(rest[..<colon.lowerBound])
        let afterLatency = rest[colon.upperBound...]
        guard let close = afterLatency.firstIndex(of: ")") else { return nil }
        let latency = String(afterLatency[..<close])
        let statusPart = afterLatency[afterLatency.index(after: close)...].drop { $0 == " " }
        let status = String(statusPart.prefix(3))
        guard status.count == 3, Int(status) != nil else { return nil }
        var out = [("verb", verb), ("URI", uri), ("latency", latency), ("resp", status)]
        func trim(_ s: String) -> String {
            var s = s
            while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
            return s
        }
        func opening(_ s: String) -> String.Index? {
            var depth = 0
            for k in s.indices.reversed() {
                if s[k] == "]" { depth += 1 }
                if s[k] == "[" {
                    depth -= 1
                    if depth == 0 {
                        if k > s.startIndex && s[s.index(before: k)] == " " { return s.index(after: k) }
                        break
                    }
                }
            }
            return s.range(of: " [", options: .backwards)?.upperBound
        }
        let tailLine = continuation.map(trim).last(where: { $0.hasSuffix("]") }) ?? trim(message)
        if tailLine.hasSuffix("]"), let open = opening(tailLine) {
            var inner = tailLine[open..<tailLine.index(before: tailLine.endIndex)]
            if let lastSpace = inner.lastIndex(of: " ") {
                let ip = String(inner[inner.index(after: lastSpace)...])
                inner = inner[..<lastSpace]
                if inner.hasPrefix("[") && inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
                out.append(("userAgent", String(inner)))
                out.append(("srcIP", ip))
            }
        }
        return out
    }

    static let shapes: [(String, [String])] = [
        ("GET /api/v1/namespaces/tobedeletedb: (1.247310ms) 200 [kube-controller-manager/v1.13.4 (linux/amd64) kubernetes/c27b913/system:serviceaccount:kube-system:namespace-controller 192.168.0.12:48312]", []),
        ("DELETE /api/v1/namespaces/x: (6.183521ms) 200 [kubectl/v1.13.4 (linux/amd64) kubernetes/c27b913 192.168.0.41:51712]", []),
        ("GET /apis/metrics.k8s.io/v1beta1: (2.9ms) 503", ["logging error output: \"service unavailable\\n\"", " [[kube-controller-manager/v1.15.0 (linux/amd64) kubernetes/e8462b5/controller-discovery] 10.0.0.3:52916]"]),
        ("PUT /api/v1/nodes/n1/status: (12.8ms) 200 [[kubelet/v1.12.1 (linux/amd64) kubernetes/4ed3216] 10.0.0.4:40000]", []),
        ("LIST /api/v1/pods: (1s) 200 []", []),
        ("GET /x: (1ms) 20", []), ("GET /x: (1ms)", []), ("GET /x: 1ms) 200", []), ("GE /x: (1ms) 200 [a b]", []),
        ("Get /x: (1ms) 200 [a b]", []), ("GET /x: (1ms)   404 [a 1.2.3.4:5]", []), ("GET /x: (1ms) +12 [a b]", []),
        ("GET /x: (1ms) -1a [a b]", []), ("GET /x: (1ms) 2000 [a [b] c]", ["]", "x [y z]"]), ("GET /a: (b: (1ms) 200 [u v]", []),
        ("GET /x: (1ms) 200 [nospace]", []), ("GET /x: (1ms) 200 [ ]", []), ("GET /x: (1ms) 200 []]", ["[] x]"]),
        ("GET  /x: (1ms) 200 [a b]", []), ("GET", []), ("", []), ("GET /ä: (1ms) 200 [ü 1.2.3.4:5]", []),
        ("GET /x: (1ms) 200 [a b]", ["é [c d]"]), ("ÄÖÜ /x: (1ms) 200 [a b]", []), ("GET /x\r: (1ms) 200 [a b]\r", []),
        ("GET /x: (1ms) 200 [[] 1.2.3.4:5]", []), ("GET /x: (1ms) 200 [[a] b]", [" [c", "d]"]),
        // kubernetes/kubernetes#86314: a user agent with brackets; #44790: a paste's trailing blanks.
        ("DELETE /api/v1/namespaces/pv-6190: (5.491637ms) 200 [e2e.test/v0.0.0 (linux/amd64) kubernetes/$Format -- [sig-storage] PersistentVolumes GCEPD should test 34.67.156.235:36974]", []),
        ("DELETE /api/v1/namespaces/e2e-tests-pv-cx3bh: (4.744775ms) 200 [[e2e.test/v1.7.0 (linux/amd64) kubernetes/477f2a2] 104.197.101.155:49513]  ", []),
        ("GET /x: (1ms) 200 [a] b 1.2.3.4:5]", []), ("GET /x: (1ms) 200 [a [b] [c] 1.2.3.4:5]\t", []), ("GET /x: (1ms) 200 x[a b]", []),
        ("GET /x: (1ms) 200 [a b] \r", [" [[c] d]  ", "e]"]),
    ]

    /// Go's durations below a millisecond: `(819.349µs)` with U+00B5 MICRO SIGN, the common case of
    /// a busy apiserver's request log (generated 1.15 -v=3 shape; the unit is Go's time.Duration
    /// String). Also `µ` next to a combining mark, and the Greek `μ` (U+03BC), which are other text.
    static let microShapes: [(String, [String])] = [
        ("PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1?timeout=10s: (819.349µs) 200 [kubelet/v1.15.3 (linux/amd64) kubernetes/2d3c76f 10.0.2.16:38618]", []),
        ("GET /api/v1/namespaces/ns-20: (869.33µs) 200 [kube-controller-manager/v1.15.3 (linux/amd64) kubernetes/2d3c76f/system:serviceaccount:kube-system:namespace-controller 10.0.1.11:51974]", []),
        ("GET /x: (1µ\u{301}s) 200 [a 1.2.3.4:5]", []), ("GET /x: (1μs) 200 [a 1.2.3.4:5]", []), ("GET /µ: (1ms) 200 [µ 1.2.3.4:5]", ["µ [c d]"]),
    ]

    /// A `µs` latency keeps the line on the byte path (it took the Character path, about 100 times
    /// slower, when any non-ASCII byte did); a combining mark still sends it to the Character path.
    @Test func microSignStaysOnTheBytePath() {
        func bytePath(_ s: String) -> Bool { var s = s; return s.withUTF8 { LegacyRequestLog.splitsLikeCharacters($0) } }
        #expect(bytePath(Self.microShapes[0].0))
        #expect(bytePath(Self.microShapes[1].0))
        #expect(!bytePath("GET /x: (1µ\u{301}s) 200 [a 1.2.3.4:5]"))
        #expect(!bytePath("GET /x: (1μs) 200 [a 1.2.3.4:5]"))
        #expect(!bytePath("GET /x: (1\u{C2}s) 200"))
        #expect(LegacyRequestLog.fields(message: Self.microShapes[0].0, continuation: [], sourceFile: "wrap.go")?.map(\.1) ==
            ["PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1?timeout=10s", "819.349µs", "200",
             "kubelet/v1.15.3 (linux/amd64) kubernetes/2d3c76f", "10.0.2.16:38618"])
        for (m, c) in Self.microShapes {
            for src in ["wrap.go", "other.go"] {
                let got = LegacyRequestLog.fields(message: m, continuation: c, sourceFile: src)
                let want = Self.reference(message: m, continuation: c, sourceFile: src)
                #expect(Self.same(got, want), "\(m) \(c): \(String(describing: got)) vs \(String(describing: want))")
            }
        }
    }

    static func same(_ a: [(String, String)]?, _ b: [(String, String)]?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The real lines of #12: the whole user agent, brackets included, and the source address.
    @Test func userAgentWithBracketsAndTrailingBlanks() {
        let ua = LegacyRequestLog.fields(message: Self.shapes[27].0, continuation: [], sourceFile: "httplog.go")?.filter { $0.0 == "userAgent" || $0.0 == "srcIP" }.map(\.1)
        #expect(ua == ["e2e.test/v0.0.0 (linux/amd64) kubernetes/$Format -- [sig-storage] PersistentVolumes GCEPD should test", "34.67.156.235:36974"])
        let old = LegacyRequestLog.fields(message: Self.shapes[28].0, continuation: [], sourceFile: "wrap.go")?.filter { $0.0 == "userAgent" || $0.0 == "srcIP" }.map(\.1)
        #expect(old == ["e2e.test/v1.7.0 (linux/amd64) kubernetes/477f2a2", "104.197.101.155:49513"])
    }

    @Test func matchesReferenceOnShapes() {
        for (m, c) in Self.shapes {
            for src in ["wrap.go", "httplog.go", "other.go"] as [String?] + [nil] {
                let got = LegacyRequestLog.fields(message: m, continuation: c, sourceFile: src)
                let want = Self.reference(message: m, continuation: c, sourceFile: src)
                #expect(Self.same(got, want), "\(m) \(c) \(String(describing: src)): \(String(describing: got)) vs \(String(describing: want))")
            }
        }
        #expect(LegacyRequestLog.fields(message: Self.shapes[0].0, continuation: [], sourceFile: "wrap.go")?.map(\.1) ==
            ["GET", "/api/v1/namespaces/tobedeletedb", "1.247310ms", "200",
             "kube-controller-manager/v1.13.4 (linux/amd64) kubernetes/c27b913/system:serviceaccount:kube-system:namespace-controller", "192.168.0.12:48312"])
    }

    /// Every one-byte deletion, and a replacement by each byte of an alphabet of the grammar's
    /// punctuation, of every shape: the same answer as the reference.
    @Test func matchesReferenceOnMutations() {
        let alphabet: [UInt8] = Array(" :()[]+-0123AZaéµ".utf8) + [0xCC, 0x81]   // µ's bytes and a combining acute's
        var checked = 0
        for (m, c) in Self.shapes.prefix(6) + Self.microShapes.prefix(2) {
            let bytes = Array(m.utf8)
            for i in bytes.indices {
                var variants: [[UInt8]] = [Array(bytes[..<i] + bytes[(i + 1)...])]
                for a in alphabet { var v = bytes; v[i] = a; variants.append(v) }
                for v in variants {
                    let s = String(decoding: v, as: UTF8.self)
                    let got = LegacyRequestLog.fields(message: s, continuation: c, sourceFile: "wrap.go")
                    let want = Self.reference(message: s, continuation: c, sourceFile: "wrap.go")
                    #expect(Self.same(got, want), "\(s)")
                    checked += 1
                }
            }
        }
        #expect(checked > 5000)
    }
}
