import Testing
@testable import LogtraceCore
@testable import LogtraceRender

@Suite struct InputLimitTests {
    @Test func hugeLineTruncatedAndReported() throws {
        let huge = "I0312 09:00:00.000000       1 a.go:1] " + String(repeating: "y", count: 3 << 20)
        let text = "I0312 08:59:59.000000       1 a.go:1] before\n" + huge + "\nI0312 09:00:01.000000       1 a.go:2] after\n"
        final class C: RecordSink { var m: [Int] = []; func consume(_ r: RecordView) { m.append(r.bytes.count) } }
        let c = C()
        var o = ReadOptions(); o.year = 2024; o.maxLine = 1 << 20
        let log = DiagnosticLog()
        _ = StreamDriver(group: InputGroup(files: [InputFile(path: "a.log", displayPath: "a.log")]), options: o, prefilter: nil, sink: c, log: log,
                         source: MemorySource(text, chunk: 64 << 10)).run()
        #expect(c.m.count == 3)
        #expect(c.m[1] == 1 << 20)
        #expect(log.all.contains { $0.line == 2 && $0.message.contains("truncated") })
    }

    @Test func invalidUTF8AndNULsDoNotCrash() throws {
        var bytes = Array("E0312 09:00:00.000000       1 a.go:1] bad \u{00}".utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        bytes += Array("I0312 09:00:01.000000       1 a.go:1] ok\n".utf8)
        final class C: RecordSink { var n = 0; func consume(_ r: RecordView) { n += 1 } }
        let c = C()
        var o = ReadOptions(); o.year = 2024
        _ = StreamDriver(group: InputGroup(files: [InputFile(path: "a.log", displayPath: "a.log")]), options: o, prefilter: nil,
                         sink: c, log: DiagnosticLog(), source: MemorySource(bytes: bytes)).run()
        #expect(c.n == 2)
    }

    @Test func terminalTextIsSanitised() {
        #expect(TerminalText.sanitize("a\u{1B}]0;pwned\u{07}b") == "a\u{FFFD}]0;pwned\u{FFFD}b")
    }

    @Test func markdownEscaping() {
        #expect(MarkdownReport.inline("<script>|x") == "&lt;script&gt;\\|x")
        let block = MarkdownReport.fenced(["```", "ok"])
        #expect(block.hasPrefix("````text\n"))
    }
}

@Suite struct TemplateTests {
    func mask(_ s: String) -> String {
        var s = s
        return s.withUTF8 { TemplateCounter.mask(UnsafeRawBufferPointer($0)) }
    }

    @Test func masksNumbersNamesAndValuesButKeepsTheMessage() {
        #expect(mask(#""Error syncing deployment" deployment="shop/cart" err="boom 42""#) == #""Error syncing deployment" deployment="<*>" err="<*>""#)
        #expect(mask(#"Error syncing endpoint slices for service "shop/cart", retrying"#) == #"Error syncing endpoint slices for service "<*>", retrying"#)
        #expect(mask("dial tcp 10.0.0.1:443: i/o timeout after 5s") == "dial tcp <*> i/o timeout after <*>")
    }
}
