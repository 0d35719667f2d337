import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// A founding-incident stream as `kubectl logs --prefix` writes several components into one pipe.
let prefixedIncident: String = {
    var lines: [String] = []
    func add(_ pod: String, _ c: String, _ l: String) { lines.append("[pod/\(pod)/\(c)] \(l)") }
    for i in 0..<6 {
        let s = String(format: "%02d", i * 10)
        add("cloud-controller-manager-master-2", "cloud-controller-manager",
            "E0312 09:10:\(s).412223       1 route_controller.go:133] Couldn't reconcile node routes: RouteTables: Aliyun API Error: RequestId: 7A5B-\(i) Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource, or this API doesn't support RAM.")
    }
    for i in 0..<6 {
        let s = String(format: "%02d", i * 5)
        add("kube-apiserver-master-1", "kube-apiserver",
            "E0312 09:21:\(s).000000       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1: Get \"https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1\": context deadline exceeded")
    }
    for i in 0..<8 {
        let s = String(format: "%02d", i * 7)
        add("kube-controller-manager-master-1", "kube-controller-manager",
            "E0312 09:40:\(s).118273       1 namespace_controller.go:162] deletion of namespace demo-app failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request")
    }
    return lines.joined(separator: "\n") + "\n"
}()

@Suite struct LiveTests {
    func batch(_ text: String) -> [Finding] {
        var g = InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")])
        g.component = nil
        var o = AnalysisOptions(); o.read.year = 2024
        return Analyzer(rules: builtinRules, options: o).run(groups: [g], sources: [MemorySource(text)], log: DiagnosticLog()).findings
    }

    func signature(_ f: [Finding]) -> [String] {
        f.map { "\($0.id) root=\($0.rootCause.signal) chain=\($0.chain.map(\.signal).joined(separator: ">")) missing=\($0.missing.map(\.signal).sorted())" }
    }

    @Test func tailFindsWhatAnalyzeFinds() {
        let expected = batch(prefixedIncident)
        #expect(expected.first?.id == "namespace-stuck-terminating")
        #expect(expected.first?.rootCause.signal == "cloud-api-permission-denied")
        let live = LiveAnalyzer(rules: builtinRules)
        var o = ReadOptions(); o.year = 2024
        _ = live.run(group: InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")]), source: MemorySource(prefixedIncident, chunk: 7),
                     options: o, log: DiagnosticLog())
        #expect(signature(live.findings) == signature(expected))
    }

    @Test func tailReportsBeforeTheInputEnds() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let lines = prefixedIncident.split(separator: "\n").map { $0 + "\n" }
        let writerDone = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        writerDone.initialize(to: 0)
        defer { writerDone.deallocate() }
        let writeFD = fds[1]
        let writer = Thread {
            for l in lines {
                var s = String(l)
                _ = s.withUTF8 { Platform.write(writeFD, $0.baseAddress, $0.count) }
                usleep(20_000)
            }
            usleep(300_000)   // keep the pipe open after the last line: the finding must come first
            writerDone.pointee = 1
            close(writeFD)
        }
        writer.start()
        let live = LiveAnalyzer(rules: builtinRules)
        var firstEventBeforeEnd: Bool?
        live.onFinding = { f, _ in
            if f.id == "namespace-stuck-terminating" && firstEventBeforeEnd == nil { firstEventBeforeEnd = writerDone.pointee == 0 }
        }
        var o = ReadOptions(); o.year = 2024
        _ = live.run(group: InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")]), source: FDSource(fd: fds[0], owns: true),
                     options: o, log: DiagnosticLog())
        #expect(firstEventBeforeEnd == true)
    }
}

@Suite struct FollowTests {
    /// `tail PATH` follows the file across a rename-and-recreate rotation and a copytruncate.
    @Test func followsRotationAndTruncation() throws {
        let dir = try tempDir(["kube-apiserver.log": ""])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/kube-apiserver.log"
        let source = try FollowSource(path: path, fromEnd: false)
        source.pollInterval = 20_000
        source.stopAfterIdlePolls = 40
        final class C: RecordSink { var messages: [String] = []; let lock = Lock()
            func consume(_ r: RecordView) { let m = Record(r, path: "").message; lock.withLock { messages.append(m) } } }
        let c = C()
        func append(_ s: String) {
            let h = FileHandle(forWritingAtPath: path)!
            h.seekToEndOfFile(); h.write(s.data(using: .utf8)!); try? h.close()
        }
        let writer = Thread {
            usleep(100_000)
            append("I0312 09:00:00.000000       1 a.go:1] one\n")
            usleep(150_000)
            try? FileManager.default.moveItem(atPath: path, toPath: path + ".1")      // rotation
            FileManager.default.createFile(atPath: path, contents: "I0312 09:00:01.000000       1 a.go:2] two\n".data(using: .utf8))
            usleep(150_000)
            truncate(path, 0)                                                        // copytruncate
            usleep(150_000)
            append("I0312 09:00:02.000000       1 a.go:3] three\nI0312 09:00:03.000000       1 a.go:4] four\n")
        }
        writer.start()
        var o = ReadOptions(); o.year = 2024
        _ = StreamDriver(group: InputGroup(files: [InputFile(path: path, displayPath: "x")]), options: o, prefilter: nil, sink: c,
                         log: DiagnosticLog(), source: source).run()
        #expect(c.messages == ["one", "two", "three", "four"])
    }

    /// `tail` reads Kubernetes object documents as `analyze` does: a file of them, a pipe, and a
    /// followed file that a watch (`kubectl get events -w -o json > FILE`) keeps appending
    /// pretty-printed Events to, one after another; all give batch's findings.
    @Test func tailReadsObjectDocumentsLikeAnalyze() throws {
        func signature(_ f: [Finding]) -> [String] {
            f.map { "\($0.id) root=\($0.rootCause.signal) chain=\($0.chain.map(\.signal).joined(separator: ">")) count=\($0.chain.last!.count)" }
        }
        // As kubectl writes a watch: each object pretty-printed, one after another.
        let watch = ["16:40:51", "16:41:51", "16:42:51"].map { t in
            """
            {
                "apiVersion": "v1",
                "count": 1,
                "firstTimestamp": "2024-03-12T\(t)Z",
                "involvedObject": {
                    "kind": "ReplicaSet",
                    "name": "web-7d4b9c8f6d",
                    "namespace": "demo"
                },
                "kind": "Event",
                "lastTimestamp": "2024-03-12T\(t)Z",
                "message": "Error creating: Internal error occurred: failed calling webhook \\"validate.kyverno.svc-fail\\": failed to call webhook: Post \\"https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s\\": context deadline exceeded",
                "metadata": {
                    "name": "web-7d4b9c8f6d.17bc2c1e3f0a\(t.prefix(5).replacingOccurrences(of: ":", with: ""))",
                    "namespace": "demo"
                },
                "reason": "FailedCreate",
                "source": {
                    "component": "replicaset-controller"
                },
                "type": "Warning"
            }
            """
        }.joined(separator: "\n") + "\n"
        let batch = try analyzeFiles([("events-watch.json", watch)])
        let expected = signature(batch.findings)
        #expect(expected.first?.hasPrefix("admission-webhook-unreachable root=webhook-call-failed") == true, "\(expected)")
        #expect(batch.findings.first?.chain.last?.count == 3)
        // Piped (read in 7-byte pieces).
        let piped = LiveAnalyzer(rules: builtinRules)
        _ = piped.run(group: InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")]), source: MemorySource(watch, chunk: 7),
                      options: ReadOptions(), log: DiagnosticLog())
        #expect(signature(piped.findings) == expected)
        // Followed while the watch writes it.
        let dir = try tempDir(["events-watch.json": ""])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/events-watch.json"
        try watch.write(toFile: path, atomically: false, encoding: .utf8)
        let source = try FollowSource(path: path, fromEnd: false)
        source.pollInterval = 20_000
        source.stopAfterIdlePolls = 5
        let followed = LiveAnalyzer(rules: builtinRules)
        _ = followed.run(group: InputGroup(files: [InputFile(path: path, displayPath: "events-watch.json")]), source: source,
                         options: ReadOptions(), log: DiagnosticLog())
        #expect(signature(followed.findings) == expected)
    }
}

@Suite struct IdleFlushTests {
    /// The line that completes a finding is the last one for a while: the finding must still be
    /// printed within moments (the held record is handed out when the pipe goes idle).
    @Test func findingOnTheLastLineIsReportedWhileThePipeIsOpen() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = (0..<6).map { i in
            "E0312 09:40:0\(i).118273       1 namespace_controller.go:162] deletion of namespace demo-app failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request\n"
        }.joined()
        let writeFD = fds[1]
        let closedAt = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        closedAt.initialize(to: 0)
        defer { closedAt.deallocate() }
        // The writer's time is read after it signals (ThreadSanitizer does not see the order
        // the pipe's close gives, and reported the read of `closedAt` as a race).
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            var s = text
            _ = s.withUTF8 { Platform.write(writeFD, $0.baseAddress, $0.count) }
            usleep(1_000_000)
            closedAt.pointee = Date().timeIntervalSince1970
            written.signal()
            close(writeFD)
        }
        let source = FDSource(fd: fds[0], owns: true)
        source.idleAfterMilliseconds = 100
        let live = LiveAnalyzer(rules: builtinRules)
        var reportedAt: Double?
        live.onFinding = { f, _ in if f.id == "namespace-stuck-terminating" && reportedAt == nil { reportedAt = Date().timeIntervalSince1970 } }
        writer.start()
        var o = ReadOptions(); o.year = 2024
        var g = InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")])
        g.component = "kube-controller-manager"
        _ = live.run(group: g, source: source, options: o, log: DiagnosticLog())
        let r = try #require(reportedAt)
        written.wait()
        #expect(r < closedAt.pointee - 0.5, "finding printed only when the pipe closed")
    }
}
