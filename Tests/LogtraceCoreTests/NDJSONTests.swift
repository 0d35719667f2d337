import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The byte-level NDJSON writer of `logtrace parse` must print exactly what the general path
/// (`Record` decoded to Strings, `RecordJSON.line`) prints, record for record.
@Suite struct NDJSONTests {
    final class Compare: RecordSink {
        var records = 0
        var mismatches: [String] = []
        let writer = RecordNDJSON()
        func consume(_ v: RecordView) {
            records += 1
            writer.reset()
            writer.paths = Array(repeating: "dir/file.log", count: v.inputIndex + 1)
            writer.write(v)
            let fast = String(decoding: writer.bytes, as: UTF8.self)
            let general = RecordJSON.line(Record(v, path: "dir/file.log")) + "\n"
            if fast != general && mismatches.count < 5 { mismatches.append("fast:    \(fast)general: \(general)") }
        }
    }

    static func compare(_ paths: [String], zoneOffset: Int64 = 0) -> Compare {
        let c = Compare()
        let log = DiagnosticLog()
        for g in InputDiscovery(componentOverrides: []).discover(paths, log: log) {
            var o = ReadOptions()
            o.year = 2024
            o.zoneOffset = zoneOffset
            _ = StreamDriver(group: g, options: o, prefilter: nil, sink: c, log: log).run()
        }
        return c
    }

    @Test func sameAsGeneralPathOnEverySample() {
        let c = Self.compare([repoRoot + "/SampleLogs"])
        #expect(c.records > 10_000)
        #expect(c.mismatches.isEmpty, "\(c.mismatches.joined(separator: "\n"))")
    }

    @Test func sameAsGeneralPathOnHostileBodies() throws {
        let text = """
        I0312 09:00:00.000000       1 a.go:1] "quoted \\"msg\\" with \\t tab" k="v \\u00e9" n=3 e="\\x01"
        I0312 09:00:00.000001       1 a.go:2] plain message with "quotes" and \\ backslash and \u{7F} del
        I0312 09:00:00.000002       1 a.go:3] "dup" k=1 k=2
        I0312 09:00:00.000003       1 a.go:4] "block" data=<
        \tline one
        \tline "two"
         >
        W0312 09:00:00.000004       1 a.go:5] "json value" obj={"a":1} list=[1 2]
        E0312 09:00:00.000005       1 httplog.go:132] "HTTP" verb="GET" URI="/api/v1/namespaces/x" latency="1.2ms" userAgent="kube-controller-manager/v1.28.3 (linux/amd64)" audit-ID="a" srcIP="10.0.0.1:4000" resp=200
        I0312 09:00:00.000006       1 a.go:6] "utf8 ü 日本" bad="\u{FFFD}"
        goroutine 1 [running]:
        raw line without header
        {"ts":1710234000.5,"caller":"x/y.go:12","msg":"json record","v":0,"key":"val"}
        I0312 09:00:00.000007       1 a.go:7] "trailing space" k=v 
        I0312 09:00:00.000008       1 a.go:8] "empty value" k= j=""
        I1231 23:59:60.500000       1 a.go:12] "leap second"
        I0312 09:00:00.000010       1 a.go:10] "keys to escape" a"b=1 c\\d=2 tab\tkey=3 long.key-name_1=12345678901234567
        """
        let dir = NSTemporaryDirectory() + "ndjson-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array(text.utf8)
        bytes += [0x0A] + Array("I0312 09:00:00.000009       1 a.go:9] \"invalid \u{1}\" k=".utf8) + [0xFF, 0xC3, 0x0A]
        // Escapes that grow six-fold right up to a clean last byte, in the fast and general paths.
        bytes += Array("I0312 09:00:00.000011       1 a.go:11] ".utf8) + [UInt8](repeating: 0x01, count: 41) + [0x78, 0x0A]
        bytes += [UInt8](repeating: 0x02, count: 23) + [0x79, 0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/kube-apiserver.log"))
        let c = Self.compare([dir])
        // The block, the goroutine line and the raw lines attach to records.
        #expect(c.records == 14)
        #expect(c.mismatches.isEmpty, "\(c.mismatches.joined(separator: "\n"))")
        // Clocks are copied from the header only when they are UTC already.
        let shifted = Self.compare([dir], zoneOffset: -5_400_000_000)
        #expect(shifted.records == 14)
        #expect(shifted.mismatches.isEmpty, "\(shifted.mismatches.joined(separator: "\n"))")
    }

    /// U+2028, U+2029 and the C1 control U+0085 come out escaped (`\u2028`) by both writers, raw
    /// in the message, in quoted values, Go-escaped in quoted values, in bare values, in a
    /// continuation line, in a JSON record and in a raw line.
    @Test func separatorsAndC1EscapedAlikeByBothWriters() throws {
        let text = """
        I0312 09:00:00.000000       1 a.go:1] "sep \u{2028} c1 \u{85} end" k="v\u{2029}"
        I0312 09:00:00.000001       1 a.go:2] plain \u{2028} message \u{85} \u{9F} \u{A0} kept
        I0312 09:00:00.000002       1 a.go:3] "go escaped" k="a\\u2028b" j="c\\u0085d" bare=x\u{2029}y
        I0312 09:00:00.000003       1 a.go:4] "multi line"
        continued \u{2028} here
        {"ts":1710234000.5,"caller":"x/y.go:12","msg":"json \u{2028} record","v":0,"key":"v\u{85}"}
        raw \u{2029} line
        """
        let dir = NSTemporaryDirectory() + "ndjson-sep-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array(text.utf8) + [0x0A]
        // A separator next to invalid UTF-8 (decoded with a replacement character).
        bytes += Array("I0312 09:00:00.000005       1 a.go:5] bad ".utf8) + [0xFF, 0xE2, 0x80, 0xA8, 0xC2, 0x85, 0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/kube-apiserver.log"))
        let c = Self.compare([dir])
        #expect(c.records == 6)
        #expect(c.mismatches.isEmpty, "\(c.mismatches.joined(separator: "\n"))")

        // What both print: escapes, never the raw characters.
        final class Collect: RecordSink {
            let writer = RecordNDJSON()
            func consume(_ v: RecordView) {
                writer.paths = Array(repeating: "f", count: v.inputIndex + 1)
                writer.write(v)
            }
        }
        let all = Collect()
        for g in InputDiscovery(componentOverrides: []).discover([dir], log: DiagnosticLog()) {
            var o = ReadOptions(); o.year = 2024
            _ = StreamDriver(group: g, options: o, prefilter: nil, sink: all, log: DiagnosticLog()).run()
        }
        let out = String(decoding: all.writer.bytes, as: UTF8.self)
        for raw in ["\u{2028}", "\u{2029}", "\u{85}", "\u{9F}"] { #expect(!out.unicodeScalars.contains(raw.unicodeScalars.first!), "raw \(raw.unicodeScalars.first!.value)") }
        #expect(out.contains("sep \\u2028 c1 \\u0085 end"))
        #expect(out.contains("\"k\":\"a\\u2028b\""))
        #expect(out.contains("\u{A0}"))   // U+00A0 is no control: kept raw
        #expect(JSONWriter.quote("a\u{2028}b\u{85}c\u{7F}\u{1}é") == "\"a\\u2028b\\u0085c\\u007f\\u0001é\"")
    }
}
