import Testing
@testable import LogtraceCore

@Suite struct KlogHeaderTests {
    func header(_ s: String) -> KlogHeader? {
        var s = s
        return s.withUTF8 { KlogHeader.parse(UnsafeRawPointer($0.baseAddress!), $0.count) }
    }

    @Test("real header lines from the reference", arguments: [
        ("I1019 08:03:32.355043       1 controller.go:368] Creating route for node", 1, "controller.go", 368),
        ("E0926 06:47:03.328874       1 namespace_controller.go:148] unable to retrieve", 1, "namespace_controller.go", 148),
        ("I0102 15:04:05.067890    1234 klog_test.go:42] test", 1234, "klog_test.go", 42),
        ("E0517 15:04:22.619632 1952452992 logging_unittest.cc:253] glog", 1952452992, "logging_unittest.cc", 253),
        ("F0411 00:17:54.000001 4057612 controllermanager.go:294] leaderelection lost", 4057612, "controllermanager.go", 294),
    ])
    func parsesRealLines(line: String, pid: Int, file: String, sourceLine: Int) throws {
        let h = try #require(header(line))
        #expect(h.pid == pid)
        #expect(h.sourceLine == sourceLine)
        let bytes = Array(line.utf8)
        #expect(String(decoding: bytes[h.fileStart..<h.fileEnd], as: UTF8.self) == file)
    }

    @Test func fieldsAndBody() throws {
        let line = "W0312 09:40:01.118273       1 x.go:7] hello"
        let h = try #require(header(line))
        #expect(h.severity == .warning)
        #expect(h.month == 3 && h.day == 12 && h.hour == 9 && h.minute == 40 && h.second == 1 && h.micro == 118_273)
        #expect(String(line.utf8.dropFirst(h.bodyStart))! == "hello")
    }

    @Test("continuation lines never parse as headers", arguments: [
        "goroutine 1 [running]:", "Trace[1683455828]: ---\"Txn call completed\" 3314ms", "\tline", " >",
        "I0312 09:40:01 missing micros", "X0312 09:40:01.118273       1 x.go:7] bad severity",
        "I1312 09:40:01.118273       1 x.go:7] month 13", "I0312 25:40:01.118273       1 x.go:7] hour 25",
        "I0312 09:40:01.118273 x.go:7] no pid", "I0312 09:40:01.118273       1 x.go] no line",
    ])
    func rejects(line: String) { #expect(header(line) == nil) }

    @Test func emptyMessageAccepted() throws {
        let h = try #require(header("I0312 09:40:01.118273       1 x.go:7]"))
        #expect(h.bodyStart == 37)
    }
}
