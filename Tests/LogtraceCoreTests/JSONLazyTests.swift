import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The lazy JSON reading (`JSONLazy.time`) against the full decode (`JSONRecord.parse`), its
/// reference: whenever the lazy reading answers, the full decode accepts the line and gives the
/// same time. And the lite JSON records it makes give the same analysis as full records.
@Suite struct JSONLazyTests {
    static let lines: [String] = [
        // etcd 3.5 (RFC 3339 ts) and 3.4 (epoch seconds); real line: agola-io/agola#107.
        #"{"level":"info","ts":"2024-03-12T00:00:01.043229Z","caller":"etcdserver/server.go:2394","msg":"saved snapshot","snapshot-index":58686219}"#,
        #"{"level":"warn","ts":1568166948.8119395,"caller":"etcdserver/util.go:144","msg":"apply request took too long","took":0.101501094,"expected-duration":0.1,"prefix":"","request":"header:<ID:7587840912673251462 > lease_grant:<ttl:5-second id:694d6d1ba410a085>","response":"size:42"}"#,
        // component-base JSON (epoch milliseconds), nested values, escapes in values.
        #"{"ts":1616398324656.771,"caller":"json/json.go:1","msg":"Log using Infof","v":0,"obj":{"a":[1,{"b":"}"}]},"s":"q\"x\\y\u00e9\ud83d\ude00"}"#,
        #"{ "ts" : "2024-03-12T00:00:01Z" , "msg" : "spaces" }"#,
        #"{"msg":"no time","level":"info"}"#,                       // full: a record without a time
        #"{"ts":null,"msg":"ts literal","level":"info"}"#,
        #"{"time":"2024-03-12T00:00:01Z","msg":"time key"}"#,
        #"{"time":17000,"msg":"time as a number is a field","level":"error"}"#,
        #"{"ts":"2024-03-12T00:00:01Z","ts":"bad","msg":"last ts wins"}"#,
        #"{"ts":"bad","ts":"2024-03-12T00:00:01Z","msg":"last ts wins"}"#,
        #"{"ts":"2024-03-12T00:00:01Z","msg":1,"level":"info"}"#,       // msg not a string
        #"{"ts":"2024-03-12T00:00:01Z","msg":"a","msg":2}"#,             // a string msg, then a number
        #"{"t\u0073":"2024-03-12T00:00:01Z","msg":"escaped key"}"#,
        #"{"ts":"2024-03-12T00:00:01\u005a","msg":"escaped ts"}"#,
        #"{"ts":"2024-03-12T00:00:01Z","msg":"trailing"} garbage"#,
        #"{"ts":"2024-03-12T00:00:01Z","msg":"x",}"#,
        #"{"ts":"2024-03-12T00:00:01Z","msg":"bad \u12 escape"}"#,
        #"{"ts":"2024-03-12T00:00:01Z","msg":"lone \ud800 surrogate"}"#,
        #"{}"#, #"{"#, #"{"ts""#, #"  {"ts":1616398324656,"msg":"lead space"}"#,
        #"{"ts":-1,"msg":"negative"}"#, #"{"ts":1.5681669488119395e+09,"msg":"exponent"}"#,
        #"{"ts":99999999999999999999,"msg":"overflow"}"#,
        #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"ResponseComplete"}"#,
    ]

    static func check(_ s: String) -> (lazy: Int64?, full: JSONRecord?) {
        Array(s.utf8).withUnsafeBytes { b in
            let p = b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            return (JSONLazy.time(p, b.count), JSONRecord.parse(p, b.count))
        }
    }

    @Test func lazyAgreesWithFullDecode() {
        var answered = 0
        for s in Self.lines {
            let (lazy, full) = Self.check(s)
            if let t = lazy {
                answered += 1
                #expect(full != nil && full!.time == t, "\(s)")
            }
        }
        // The common shapes are answered lazily (else the fast path would never run).
        #expect(Self.check(Self.lines[0]).lazy != nil && Self.check(Self.lines[1]).lazy != nil && Self.check(Self.lines[2]).lazy != nil)
        #expect(answered >= 10)
    }

    /// Every one-byte deletion and a set of one-byte substitutions of each line: the lazy reading
    /// never answers where the full decode refuses the line or dates it otherwise.
    @Test func mutationsNeverDisagree() {
        let subs: [UInt8] = Array("{}[]\",:\\ u0aZ-.9".utf8) + [0x0A, 0x09, 0xFF]
        var checked = 0
        for s in Self.lines {
            let b = Array(s.utf8)
            var variants: [[UInt8]] = []
            for i in b.indices {
                var d = b; d.remove(at: i); variants.append(d)
                for c in subs where c != b[i] { var m = b; m[i] = c; variants.append(m) }
            }
            for v in variants {
                v.withUnsafeBytes { r in
                    guard let p = r.baseAddress, r.count > 0 else { return }
                    if let t = JSONLazy.time(p, r.count) {
                        let full = JSONRecord.parse(p, r.count)
                        #expect(full != nil && full!.time == t, "\(String(decoding: v, as: UTF8.self))")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }

    /// JSON files (bare and CRI-wrapped) with continuation lines, malformed and hit lines, over
    /// blocks of 4 KiB: the lite JSON records give the same analysis as full ones.
    @Test func liteJSONEqualsFullPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-lazyjson-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var bare = "", cri = ""
        for i in 0..<400 {
            let s = String(format: "%02d", i % 60)
            var lines = [
                #"{"level":"info","ts":"2024-03-12T00:00:\#(s).000001Z","caller":"mvcc/index.go:214","msg":"compact tree index","revision":\#(i)}"#,
                #"{"level":"warn","ts":1710201600.\#(i),"caller":"etcdserver/util.go:166","msg":"apply request took too long","took":"1.2\#(i)s","expected-duration":"100ms"}"#,
            ]
            if i % 7 == 0 { lines.append("goroutine 1 [running]:"); lines.append("main.main()") }
            if i % 11 == 0 { lines.append(#"{"msg":"no time \#(i)","level":"error"}"#) }
            if i % 13 == 0 { lines.append(#"{"ts":"2024-03-12T00:00:\#(s)Z","msg":"broken""#) }
            if i % 17 == 0 { lines.append(#"{"level":"warn","ts":"2024-03-12T00:00:\#(s).5Z","msg":"lost leader","lead":"\u0041\#(i)"}"#) }
            for l in lines {
                bare += l + "\n"
                cri += "2024-03-12T00:00:\(s).000000000Z stderr F " + l + "\n"
            }
        }
        try bare.write(to: dir.appendingPathComponent("etcd.log"), atomically: true, encoding: .utf8)
        let pod = dir.appendingPathComponent("pods/kube-system_etcd-m1_0123/etcd")
        try FileManager.default.createDirectory(at: pod, withIntermediateDirectories: true)
        try cri.write(to: pod.appendingPathComponent("0.log"), atomically: true, encoding: .utf8)
        func run(full: Bool) -> String {
            var o = AnalysisOptions()
            o.read.blockSize = 4096
            o.read.maxLine = 4096
            let a = Analyzer(rules: builtinRules, options: o)
            a.collectTemplates = full   // an unmatched-record observer turns the lite path off
            var r = a.run(paths: [dir.path], log: DiagnosticLog())
            r.templates = nil
            return FindingJSON.document(r, redactor: nil)
        }
        let lite = run(full: false), full = run(full: true)
        #expect(lite == full)
        #expect(lite.contains("\"records\""))
    }
}
