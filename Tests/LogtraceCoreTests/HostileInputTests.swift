import Foundation
import Glibc
import Testing
@testable import LogtraceCore

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
        _ = StreamReader(group: groups[0], options: ReadOptions(), prefilter: nil, sink: c, log: log).run()
        #expect(c.lines == (0..<9).map { "record \($0)" })
        #expect(log.all.contains { $0.message.contains("2 records at the start repeat the end of kube-apiserver.log.1") })
    }
}
