import Testing
@testable import LogtraceCore
@testable import LogtraceRender

@Suite struct BodyTests {
    @Test func structuredPairsAndMultilineBlock() throws {
        let text = """
        I0102 15:04:05.067890    1234 klog_test.go:1] "first message line\\nsecond message line" multiLine=<
        \tfirst value line
        \tsecond value line
         > after="x"
        """
        let (recs, _) = parseRecords(text)
        let r = try #require(recs.first)
        #expect(recs.count == 1)
        #expect(r.message == "first message line\nsecond message line")
        #expect(r.fields.map(\.0) == ["multiLine", "after"])
        #expect(r.fields[0].1 == "first value line\nsecond value line")
        #expect(r.continuation.isEmpty)
    }

    @Test func requestLogCurrentForm() throws {
        let line = #"I0923 11:07:57.876446       1 httplog.go:134] "HTTP" verb="GET" URI="/api" latency="1.534883ms" userAgent="kube-controller-manager/v1.31.0 (linux/amd64) kubernetes/9edcffc/system:serviceaccount:kube-system:generic-garbage-collector" audit-ID="10d2876d" srcIP="172.18.0.3:44714" apf_pl="workload-high" apf_iseats=1 resp=200"#
        let r = try #require(parseRecords(line).0.first)
        #expect(r.message == "HTTP")
        let f = Dictionary(r.fields, uniquingKeysWith: { $1 })
        #expect(f["verb"] == "GET" && f["URI"] == "/api" && f["resp"] == "200" && f["srcIP"] == "172.18.0.3:44714")
        #expect(f["userAgent"]?.hasSuffix("generic-garbage-collector") == true)
    }

    @Test func requestLog118Form() throws {
        let line = #"I0312 09:00:00.000000       1 httplog.go:90] verb="GET" URI="/api/v1/namespaces/x" latency=1.2ms resp=200 UserAgent="kubectl/v1.18.0" srcIP="10.0.0.1:1234": "#
        let r = try #require(parseRecords(line).0.first)
        let f = Dictionary(r.fields, uniquingKeysWith: { $1 })
        #expect(f["verb"] == "GET" && f["latency"] == "1.2ms" && f["userAgent"] == "kubectl/v1.18.0" && f["srcIP"] == "10.0.0.1:1234")
    }

    @Test func requestLogBracketForms() throws {
        let old = "I0908 05:42:24.550229       1 wrap.go:42] GET /api/v1/namespaces/kube-system/endpoints/kube-controller-manager: (2.149749ms) 200 [[hyperkube/v1.7.4 (linux/amd64) kubernetes/793658f/leader-election] 127.0.0.1:42258]"
        let r = try #require(parseRecords(old).0.first)
        let f = Dictionary(r.fields, uniquingKeysWith: { $1 })
        #expect(f["verb"] == "GET")
        #expect(f["URI"] == "/api/v1/namespaces/kube-system/endpoints/kube-controller-manager")
        #expect(f["latency"] == "2.149749ms" && f["resp"] == "200")
        #expect(f["userAgent"] == "hyperkube/v1.7.4 (linux/amd64) kubernetes/793658f/leader-election")
        #expect(f["srcIP"] == "127.0.0.1:42258")
    }

    @Test func jsonFormatAndEtcdZap() throws {
        let text = """
        {"ts":1616398324656.771,"caller":"json/json.go:1","msg":"Log using Infof\\n","v":0}
        {"ts":1602507889919.717,"msg":"Unable to register node with API server","err":"Post failed"}
        {"level":"warn","ts":"2024-03-12T09:30:01.123456Z","caller":"etcdserver/util.go:166","msg":"apply request took too long","took":"1.2s","expected-duration":"100ms"}
        """
        let (recs, _) = parseRecords(text, name: "etcd.log")
        #expect(recs.count == 3)
        #expect(recs[0].message == "Log using Infof" && recs[0].severity == .info)
        #expect(recs[1].severity == .error)
        #expect(recs[2].severity == .warning)
        #expect(recs[2].sourceFile == "util.go" && recs[2].sourceLine == 166)
        #expect(recs[2].time.map(Timestamp.rfc3339) == "2024-03-12T09:30:01.123456Z")
        #expect(recs[2].fields.contains { $0 == ("took", "1.2s") })
    }

    @Test func unknownLinesKeptAsRawRecords() throws {
        let (recs, _) = parseRecords("just some text\nmore text\n")
        #expect(recs.count == 2)   // free text is read line by line
        #expect(recs.allSatisfy { $0.kind == .raw && $0.continuation.isEmpty })
    }

    @Test func goPanicAttachedToRecord() throws {
        let text = "E0312 09:00:00.000000       1 runtime.go:76] Observed a panic: boom\ngoroutine 1 [running]:\nmain.main()\n\t/x.go:18 +0x27\nI0312 09:00:01.000000       1 a.go:1] next\n"
        let (recs, _) = parseRecords(text)
        #expect(recs.count == 2)
        #expect(recs[0].continuation.count == 3)
    }
}

@Suite struct TimeTests {
    @Test func yearRolloverInsideAStream() throws {
        let text = """
        Log file created at: 2023/12/31 23:00:00
        I1231 23:59:59.000000       1 a.go:1] old year
        I0101 00:00:01.000000       1 a.go:1] new year
        """
        var o = ReadOptions()
        o.year = nil
        final class C: RecordSink { var t: [Int64?] = []; func consume(_ r: RecordView) { t.append(r.time) } }
        let c = C()
        _ = StreamDriver(group: InputGroup(files: [InputFile(path: "x.log", displayPath: "x.log")]), options: o, prefilter: nil,
                         sink: c, log: DiagnosticLog(), source: MemorySource(text)).run()
        #expect(c.t.map { $0.map(Timestamp.rfc3339) } == ["2023-12-31T23:59:59.000000Z", "2024-01-01T00:00:01.000000Z"])
    }

    @Test func endDateFromRotatedName() throws {
        let r = YearResolver(year: nil, zoneOffset: 0)
        r.noteEnd(year: 2024, month: 1, day: 17, source: .filename)
        #expect(Timestamp.rfc3339(r.resolve(month: 12, day: 31, hour: 0, minute: 0, second: 0, micro: 0, wrapperTime: nil)).hasPrefix("2023-12-31"))
        #expect(Timestamp.rfc3339(r.resolve(month: 1, day: 16, hour: 0, minute: 0, second: 0, micro: 0, wrapperTime: nil)).hasPrefix("2024-01-16"))
        #expect(r.used == .filename)
    }

    @Test func fallbackDateActsAsTheEndOfTheStream() {
        let r = YearResolver(year: nil, zoneOffset: 0)
        r.fallbackDate = (2025, 1, 3)
        #expect(Timestamp.rfc3339(r.resolve(month: 12, day: 31, hour: 0, minute: 0, second: 0, micro: 0, wrapperTime: nil)).hasPrefix("2024-12-31"))
        #expect(Timestamp.rfc3339(r.resolve(month: 1, day: 2, hour: 0, minute: 0, second: 0, micro: 0, wrapperTime: nil)).hasPrefix("2025-01-02"))
        #expect(r.used == .fallback)
    }

    @Test func timezoneOffsetApplied() {
        let r = YearResolver(year: 2024, zoneOffset: 2 * 3_600_000_000)
        #expect(Timestamp.rfc3339(r.resolve(month: 3, day: 12, hour: 10, minute: 0, second: 0, micro: 0, wrapperTime: nil)) == "2024-03-12T08:00:00.000000Z")
    }

    @Test("rotated names group and order", arguments: [
        ("kube-apiserver.log.2.gz", "kube-apiserver.log"), ("kube-apiserver.log-20240117.gz", "kube-apiserver.log"),
        ("kube-apiserver.log-20240117-1705485600.gz", "kube-apiserver.log"), ("0.log.20240117-101010.gz", "0.log"),
        ("kube-apiserver-20240117-101010.log", "kube-apiserver.log"), ("kube-apiserver.log", "kube-apiserver.log"),
    ])
    func rotationBase(name: String, base: String) { #expect(RotationName.parse(name).base == base) }

    @Test func rotationOrderOldestFirst() {
        let names = ["x.log", "x.log.1", "x.log.2.gz", "x.log.10.gz"]
        let sorted = names.sorted { RotationName.parse($0).age < RotationName.parse($1).age }
        #expect(sorted == ["x.log.10.gz", "x.log.2.gz", "x.log.1", "x.log"])
    }

    @Test func durations() {
        #expect(DurationParser.parse("1h30m") == 5_400_000_000)
        #expect(DurationParser.parse("500ms") == 500_000)
        #expect(DurationParser.parse("abc") == nil)
    }
}
