import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules

@Suite struct HostileInputTests {
    @Test func cutHeadersAndCutJSONBecomeTextNotCrashes() {
        let text = """
        I0312 09:00:00.000000       1 a.go:1] whole
        E0312 09:00:0
        {"ts":1616398324656.771,"caller":"x.go:1","msg":"cut
        I0312 09:00:01.000000       1 a.go:2] next
        """
        let (recs, _) = parseRecords(text)
        #expect(recs.count == 2)
        #expect(recs[0].continuation == ["E0312 09:00:0", #"{"ts":1616398324656.771,"caller":"x.go:1","msg":"cut"#])
    }

    @Test func mixedLineEndings() {
        let (recs, _) = parseRecords("I0312 09:00:00.000000       1 a.go:1] one\r\nI0312 09:00:01.000000       1 a.go:2] two\nI0312 09:00:02.000000       1 a.go:3] three\r\n")
        #expect(recs.map(\.message) == ["one", "two", "three"])
    }

    @Test func outOfOrderTimesKeepAStableMerge() throws {
        let (recs, _) = parseRecords("I1014 12:24:03.449859       1 a.go:1] later\nI1014 12:24:03.449819       1 a.go:2] earlier\n")
        #expect(recs.count == 2)
        #expect(recs[0].time! > recs[1].time!)
    }

    @Test func symlinkLoopsFIFOsAndManyFiles() throws {
        let dir = try tempDir(["a/kube-apiserver.log": "I0312 09:00:00.000000       1 a.go:1] x\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/loop", withDestinationPath: dir + "/a")
        mkfifo(dir + "/a/pipe", 0o644)
        for i in 0..<2_000 { FileManager.default.createFile(atPath: dir + "/a/empty-\(i).log", contents: nil) }
        let log = DiagnosticLog()
        let groups = InputDiscovery().discover([dir], log: log)
        #expect(groups.count == 2_001)
        #expect(log.all.contains { $0.message.contains("symlink loop") })
        #expect(log.all.contains { $0.message.contains("FIFO") })
        let (result, _) = analyzeDir(dir)
        #expect(result.inputs.count == 2_001)
    }

    @Test func uniqueKeyPerLineIsCappedAndReported() {
        let lines = (0..<(SignalEngine.maxGroupsPerSignal + 500)).map { i in
            "E0312 09:\(String(format: "%02d", i / 600 % 60)):\(String(format: "%02d", i / 10 % 60)).\(String(format: "%06d", i))       1 namespace_controller.go:162] deletion of namespace ns-\(i) failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request"
        }.joined(separator: "\n")
        let ex = RuleExample(name: "t", fire: true, rootCause: nil, missing: nil, keys: [:], year: 2024,
                             files: [("kube-controller-manager.log", lines)], line: 1)
        let (result, log) = ExampleRunner(rules: builtinRules).analyse(ex)
        let perSignal = Dictionary(grouping: result.groups, by: \.signal).mapValues(\.count)
        #expect(perSignal.values.allSatisfy { $0 <= SignalEngine.maxGroupsPerSignal })
        #expect(log.all.contains { $0.message.contains("distinct keys") })
    }

    @Test func redactorCoversSecrets() {
        let r = Redactor(hostnames: ["master-1"])
        let line = "GET https://admin:s3cret@10.0.0.1:6443/x Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.abc.def AKIAIOSFODNN7EXAMPLE vpc-uf6qs8z95hm5zm3m46a6l i-0abcd1234efgh5678 on master-1 arn:aws:sts::123456789012:assumed-role/x"
        let out = r.redact(line)
        for secret in ["s3cret", "admin", "10.0.0.1", "eyJhbGciOiJSUzI1NiJ9", "AKIAIOSFODNN7EXAMPLE", "vpc-uf6qs8z95hm5zm3m46a6l", "i-0abcd1234efgh5678", "master-1", "123456789012"] {
            #expect(!out.contains(secret), "\(secret) leaked: \(out)")
        }
        #expect(r.redact("10.0.0.1") == r.redact("10.0.0.1"))   // consistent pseudonyms
        #expect(r.redact("10.0.0.2") != r.redact("10.0.0.1"))
    }
}

@Suite struct RotationSeamTests {
    /// copytruncate copies the file, then truncates it: lines written in between appear at the end
    /// of `x.log.1` and again at the start of `x.log`. They are counted once.
    @Test func copytruncateDuplicatesAtTheSeamAreCountedOnce() throws {
        func line(_ i: Int) -> String { "E0312 09:40:0\(i).118273       1 a.go:\(i)] record \(i)\n" }
        let dir = try tempDir(["kube-apiserver.log.1": "Log file created at: 2024/03/12 09:00:00\n" + (0..<6).map(line).joined(),
                               "kube-apiserver.log": (4..<9).map(line).joined()])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        final class C: RecordSink { var lines: [String] = []; func consume(_ r: RecordView) { lines.append(Record(r, path: "").message) } }
        let c = C()
        let log = DiagnosticLog()
        let groups = InputDiscovery().discover([dir], log: log)
        try #require(groups.count == 1 && groups[0].files.count == 2)
        _ = StreamDriver(group: groups[0], options: ReadOptions(), prefilter: nil, sink: c, log: log).run()
        #expect(c.lines == (0..<9).map { "record \($0)" })
        #expect(log.all.contains { $0.message.contains("2 records at the start repeat the end of kube-apiserver.log.1") })
    }
}

/// Which headerless lines continue a record (#15 item 3).
@Suite struct ContinuationTests {
    /// Free text after a raw record is read line by line: a marker after 15,000 lines is a record.
    @Test func markerAfterManyFreeTextLinesIsSeen() throws {
        var text = ""
        for i in 0..<15_000 { text += "plugin/errors: 2 example.org. A: read udp 10.0.0.\(i % 200):5353: i/o timeout\n" }
        text += "E0312 09:00:00.000000       1 a.go:1] marker\n"
        let (recs, log) = parseRecords(text, name: "coredns.log")
        #expect(recs.count == 15_001)
        #expect(recs.last?.message == "marker")
        #expect(!log.all.contains { $0.message.contains("more than") })
    }

    /// Six journal lines of one unit are six records, so a threshold of three is reached.
    @Test func journalLinesOfOneUnitAreRecordsOfTheirOwn() throws {
        let text = (0..<6).map { i in
            "Mar 12 09:00:0\(i) node-1 kubelet[812]: x509: certificate has expired or is not yet valid: current time 2024-03-12T09:00:0\(i)Z is after 2024-03-11T00:00:00Z"
        }.joined(separator: "\n") + "\n"
        let (recs, _) = parseRecords(text, name: "journal.txt")
        #expect(recs.count == 6)
        #expect(recs.map { $0.time.map(Timestamp.rfc3339) } == (0..<6).map { "2024-03-12T09:00:0\($0).000000Z" })
        let dir = try tempDir(["journal.txt": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = AnalysisOptions(); o.read.year = 2024
        let result = Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: DiagnosticLog())
        #expect(result.findings.contains { $0.id == "certificate-expired" && $0.chain.last?.count == 6 })
    }

    /// In a CRI stream a headerless line continues a klog record it came with, and is a record
    /// of its own (with its own time) when it came minutes later or after a raw record.
    @Test func criContinuationNeedsAKlogRecordAndTheSameSecond() throws {
        let text = """
        2024-03-12T09:00:00.100000000Z stderr F E0312 09:00:00.100000       1 wrap.go:54] timeout or abort while handling: GET "/api" audit-ID="1"
        2024-03-12T09:00:00.100100000Z stderr F goroutine 1023 [running]:
        2024-03-12T09:00:00.100200000Z stderr F k8s.io/apiserver/pkg/server/filters.(*timeoutHandler).ServeHTTP(0xc00041a000)
        2024-03-12T09:05:00.000000000Z stderr F late free text
        2024-03-12T09:05:00.000100000Z stderr F more free text
        2024-03-12T09:05:01.000000000Z stdout F I0312 09:05:01.000000       1 a.go:1] on stdout
        2024-03-12T09:05:01.000100000Z stderr F stderr line after a stdout record
        """
        let (recs, _) = parseRecords(text, name: "0.log")
        #expect(recs.map(\.message) == [#"timeout or abort while handling: GET "/api" audit-ID="1""#, "late free text", "more free text", "on stdout", "stderr line after a stdout record"])
        #expect(recs[0].continuation.count == 2)
        #expect(recs[1].kind == .raw && recs[1].time.map(Timestamp.rfc3339) == "2024-03-12T09:05:00.000000Z")
        #expect(recs[2].time.map(Timestamp.rfc3339) == "2024-03-12T09:05:00.000100Z")
    }

    /// A klog record's raw multi-line message in a plain file still attaches (no wrapper time).
    @Test func klogMultiLineMessagesStillAttach() throws {
        let text = "E0312 09:00:00.000000       1 proxy.go:1] Error: 'dial tcp 10.0.0.1:443: i/o timeout'\nTrying to reach: 'https://10.0.0.1:443/apis'\nI0312 09:00:01.000000       1 a.go:1] next\n"
        let (recs, _) = parseRecords(text)
        #expect(recs.count == 2)
        #expect(recs[0].continuation == ["Trying to reach: 'https://10.0.0.1:443/apis'"])
    }

    /// Past the continuation cap the lines become records and the cut is counted.
    @Test func cutContinuationLinesBecomeRecordsAndAreCounted() throws {
        var text = "E0312 09:00:00.000000       1 a.go:1] dump\n"
        for i in 0..<(RecordLimits.maxLines + 4) { text += "\tframe \(i)\n" }
        text += "I0312 09:00:01.000000       1 a.go:2] next\n"
        let (recs, log) = parseRecords(text)
        #expect(recs.count == 1 + 5 + 1)
        #expect(recs[0].continuation.count == RecordLimits.maxLines - 1)
        #expect(recs.last?.message == "next")
        #expect(log.all.contains { $0.line == 1 && $0.message.contains("the 5 lines after it were read as records of their own") })
    }
}

/// A record from a wrong clock (#15 item 10).
@Suite struct TimeOutlierTests {
    static func dump() -> String {
        var lines: [String] = []
        for i in 0..<120 {   // 10:00 to 11:59, one line a minute
            let hh = 10 + i / 60, mm = i % 60
            let t = String(format: "2024-03-12T%02d:%02d:00.000000000Z", hh, mm)
            let k = String(format: "0312 %02d:%02d:00.000000", hh, mm)
            if i == 40 {   // a node with a broken clock
                lines.append("2035-01-01T00:00:00.000000000Z stderr F I\(k)       1 a.go:1] from the future")
            } else if i >= 110 {
                lines.append("\(t) stderr F E\(k)       1 authentication.go:53] Unable to authenticate the request due to an error: x509: certificate has expired or is not yet valid")
            } else {
                lines.append("\(t) stderr F I\(k)       1 a.go:1] fine")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func outlierIsWarnedAndRelativeWindowsCountFromTheBulk() throws {
        let dir = try tempDir(["kube-apiserver.log": Self.dump()])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = AnalysisOptions()
        o.sinceBack = 6 * 3_600_000_000
        let log = DiagnosticLog()
        let result = Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: log)
        #expect(result.findings.contains { $0.id == "certificate-expired" }, "\(result.findings.map(\.id))")
        let w = log.all.first { $0.kind == .timeOutlier }
        #expect(w?.line == 41 && w?.path?.hasSuffix("kube-apiserver.log") == true, "\(log.all)")
        #expect(w?.message.contains("1 record dated 2035-") == true, "\(w?.message ?? "")")
        // Without a window the outlier is still named.
        let log2 = DiagnosticLog()
        _ = Analyzer(rules: builtinRules, options: AnalysisOptions()).run(paths: [dir], log: log2)
        #expect(log2.all.contains { $0.kind == .timeOutlier && $0.line == 41 })
    }

    @Test func spreadOutDataIsNoOutlier() throws {
        // Two weeks of records, one a day: no cluster is small and far.
        let text = (1...14).map { String(format: "2024-03-%02dT09:00:00.000000000Z stderr F I0301 09:00:00.000000       1 a.go:1] x", $0) }.joined(separator: "\n") + "\n"
        let dir = try tempDir(["kube-apiserver.log": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = DiagnosticLog()
        _ = Analyzer(rules: builtinRules, options: AnalysisOptions()).run(paths: [dir], log: log)
        #expect(!log.all.contains { $0.kind == .timeOutlier })
    }
}

/// Smaller cases of #15 item 11.
@Suite struct SmallerHostileTests {
    @Test func sameFileThroughALinkIsReadOnce() throws {
        let dir = try tempDir(["a/kube-apiserver.log": "I0312 09:00:00.000000       1 a.go:1] x\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/kube-apiserver-link.log", withDestinationPath: dir + "/a/kube-apiserver.log")
        #expect(link(dir + "/a/kube-apiserver.log", dir + "/a/hard.log") == 0)
        let log = DiagnosticLog()
        let groups = InputDiscovery().discover([dir, dir + "/a/kube-apiserver.log"], log: log)
        #expect(groups.flatMap(\.files).count == 1)
        #expect(log.all.filter { $0.message.contains("read once") }.count == 3)
    }

    @Test func zeroPaddingAfterTheLastGzipMemberIsAccepted() throws {
        let text = "I0312 09:00:00.000000       1 a.go:1] one\nI0312 09:00:01.000000       1 a.go:2] two\n"
        let dir = try tempDir(["x.log": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c \(dir)/x.log > \(dir)/a.log.gz && head -c 5000 /dev/zero >> \(dir)/a.log.gz && cp \(dir)/a.log.gz \(dir)/b.log.gz && printf x >> \(dir)/b.log.gz && gzip -t \(dir)/a.log.gz"]
        try p.run(); p.waitUntilExit()
        #expect(p.terminationStatus == 0)   // gzip -t accepts the padding
        for (name, garbage) in [("a.log.gz", false), ("b.log.gz", true)] {
            let log = DiagnosticLog()
            var g = InputGroup(files: [InputFile(path: dir + "/" + name, displayPath: name)])
            g.component = "kube-apiserver"
            final class C: RecordSink { var n = 0; func consume(_ r: RecordView) { n += 1 } }
            let c = C()
            var o = ReadOptions(); o.year = 2024
            _ = StreamDriver(group: g, options: o, prefilter: nil, sink: c, log: log).run()
            #expect(c.n == 2, "\(name)")
            #expect(log.all.contains { $0.message.contains("trailing garbage") } == garbage, "\(name): \(log.all)")
        }
    }

    @Test func fileTruncatedWhileReadIsReported() throws {
        let line = "I0312 09:00:00.000000       1 a.go:1] " + String(repeating: "x", count: 200) + "\n"
        let dir = try tempDir(["kube-apiserver.log": String(repeating: line, count: 200)])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/kube-apiserver.log"
        // The first record truncates the file, as a log rotation with copytruncate would.
        final class Truncating: RecordSink {
            let path: String; var n = 0
            init(_ p: String) { path = p }
            func consume(_ r: RecordView) { if n == 0 { truncate(path, 0) }; n += 1 }
        }
        let sink = Truncating(path)
        let log = DiagnosticLog()
        var o = ReadOptions(); o.year = 2024; o.blockSize = 4096
        _ = StreamDriver(group: InputGroup(files: [InputFile(path: path, displayPath: "kube-apiserver.log")]), options: o, prefilter: nil, sink: sink, log: log).run()
        #expect(sink.n < 200)
        #expect(log.all.contains { $0.message.hasPrefix("file changed while reading") }, "\(log.all)")
        // An untouched file: no such warning.
        let dir2 = try tempDir(["kube-apiserver.log": String(repeating: line, count: 200)])
        defer { try? FileManager.default.removeItem(atPath: dir2) }
        let log2 = DiagnosticLog()
        _ = StreamDriver(group: InputGroup(files: [InputFile(path: dir2 + "/kube-apiserver.log", displayPath: "k")]), options: o, prefilter: nil, sink: Truncating("/nonexistent"), log: log2).run()
        #expect(!log2.all.contains { $0.message.hasPrefix("file changed") })
    }

    /// FIFOs named on the command line (`mkfifo`, `<(zcat x.gz)`) are streams, read once like
    /// stdin: the same findings as the files they carry. In a directory walk they stay skipped.
    @Test func fifosAreReadAsStreams() throws {
        let plain = try CLITests.files()
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let names = ["cloud-controller-manager.log", "kube-apiserver.log", "kube-controller-manager.log"]
        let dir = try tempDir([:])
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for n in names { #expect(mkfifo(dir + "/" + n, 0o600) == 0) }
        // Writers block in open(2) until the reader opens each FIFO, then write and close.
        var writers: [Thread] = []
        for n in names {
            let text = try String(contentsOfFile: plain + "/" + n, encoding: .utf8)
            let path = dir + "/" + n
            writers.append(Thread {
                let fd = open(path, O_WRONLY)
                var s = text
                _ = s.withUTF8 { Platform.write(fd, $0.baseAddress, $0.count) }
                close(fd)
            })
        }
        for w in writers { w.start() }
        var o = AnalysisOptions(); o.read.year = 2024
        let log = DiagnosticLog()
        let fromFIFOs = Analyzer(rules: builtinRules, options: o).run(paths: names.map { dir + "/" + $0 }, log: log)
        let fromFiles = Analyzer(rules: builtinRules, options: o).run(paths: names.map { plain + "/" + $0 }, log: DiagnosticLog())
        #expect(log.all.isEmpty, "\(log.all)")
        #expect(fromFIFOs.inputs.map(\.records) == fromFiles.inputs.map(\.records))
        #expect(fromFIFOs.inputs.map(\.component) == fromFiles.inputs.map(\.component))
        #expect(fromFIFOs.findings.map(\.id) == ["namespace-stuck-terminating"])
        #expect(fromFIFOs.findings.map { $0.chain.map(\.signal) } == fromFiles.findings.map { $0.chain.map(\.signal) })
    }

    @Test func february30IsNoDate() throws {
        #expect(RFC3339.parse("2023-02-30T09:00:00Z") == nil)
        #expect(RFC3339.parse("2024-02-29T09:00:00Z") != nil)
        #expect(RFC3339.parse("2023-04-31T09:00:00Z") == nil)
        let (recs, _) = parseRecords("E0230 09:00:00.000000       1 a.go:1] feb 30\nE0229 09:00:00.000000       1 a.go:1] feb 29\n", year: 2024)
        #expect(!recs.contains { $0.time.map(Timestamp.rfc3339)?.hasPrefix("2024-03-01") ?? false })
        #expect(recs.contains { $0.time.map(Timestamp.rfc3339) == "2024-02-29T09:00:00.000000Z" })
        #expect(recs.first?.kind == .raw)   // not a klog header: no date
    }
}
