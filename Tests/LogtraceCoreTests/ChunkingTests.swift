import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Large plain files are read in parallel chunks; the result must be byte-identical to reading
/// them whole: same records, same times (year rollover across chunks), same evidence lines.
@Suite struct ChunkingTests {
    @Test func chunkedAnalysisEqualsWholeFileAnalysis() throws {
        var lines = ["Log file created at: 2023/12/31 22:00:00", "Running on machine: master-1"]
        var t = 0
        for i in 0..<40_000 {
            t += 1
            let (mm, dd, base) = t < 20_000 ? ("12", "31", 22 * 3600) : ("01", "01", -2000)
            let secs = base + t / 10
            let clock = String(format: "%02d:%02d:%02d.%06d", secs / 3600 % 24, secs / 60 % 60, secs % 60, i)
            if i % 997 == 0 {
                lines.append("E\(mm)\(dd) \(clock)       1 namespace_controller.go:162] deletion of namespace demo failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request")
            } else {
                lines.append("I\(mm)\(dd) \(clock)       1 controller.go:\(i)] \"Successfully synced\" key=\"kube-system/x-\(i)\" padding=\"\(String(repeating: "p", count: i % 90))\"")
            }
            if i % 5000 == 1 { lines.append("goroutine \(i) [running]:"); lines.append("\tmain.main()") }
        }
        let dir = try tempDir(["kube-controller-manager.log": lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func run(split: Bool) -> String {
            var o = AnalysisOptions()
            o.splitLargeFiles = split
            o.minChunk = 256 << 10
            let r = Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: DiagnosticLog())
            return FindingJSON.document(r, redactor: nil)
        }
        let file = InputFile(path: dir + "/kube-controller-manager.log", displayPath: "x")
        let chunks = try #require(FileChunker.chunks(of: file, forcedYear: nil, minChunk: 256 << 10))
        #expect(chunks.count >= 4)
        #expect(chunks.dropFirst().contains { $0.seed?.year == 2024 })
        let whole = run(split: false), split = run(split: true)
        #expect(whole == split)
        #expect(whole.contains("\"first\":\"2023-12-31T22:"))
        #expect(whole.contains("\"last\":\"2024-01-01T"))
        #expect(whole.contains("namespace-stuck-terminating"))
    }

    /// Results merge as soon as every item before them has: a run over many chunks and files holds
    /// a few results at a time, not one per item (64 chunks of a 4 GiB input held 45 MiB before).
    @Test func readItemsMergeAsTheyComeNotAtTheEnd() throws {
        var files: [String: String] = [:]
        for f in 0..<6 {
            var lines: [String] = []
            for i in 0..<6_000 {
                lines.append("I0312 09:\(String(format: "%02d", i / 1000 % 60)):00.\(String(format: "%06d", i))       1 controller.go:\(i)] \"Successfully synced\" key=\"kube-system/x-\(f)-\(i)\" padding=\"\(String(repeating: "p", count: i % 90))\"")
            }
            files["f\(f)/kube-controller-manager.log"] = lines.joined(separator: "\n") + "\n"
        }
        // Files too big to split (CRI-wrapped) are read first, before and after the chunked ones
        // in input order: the wait for a permit must still end.
        for name in ["a0", "z9"] {
            files["\(name)/kube-apiserver.log"] = (0..<6_000).map {
                "2024-03-12T09:00:00.\(String(format: "%06d", $0))Z stderr F I0312 09:00:00.\(String(format: "%06d", $0))       1 a.go:1] request \($0)"
            }.joined(separator: "\n") + "\n"
        }
        let dir = try tempDir(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = AnalysisOptions()
        o.minChunk = 16 << 10
        let chunked = Analyzer(rules: builtinRules, options: o)
        let r = chunked.run(paths: [dir], log: DiagnosticLog())
        #expect(r.inputs.count == 8)
        let chunks = try #require(FileChunker.chunks(of: InputFile(path: dir + "/f0/kube-controller-manager.log", displayPath: "x"), forcedYear: nil, minChunk: 16 << 10))
        #expect(chunks.count >= 16)
        // At most 2 x workers items are read ahead of the merge, plus the two read first.
        #expect(chunked.heldPeak <= 2 * o.workers + 2, "held \(chunked.heldPeak) results of \(6 * chunks.count) items")
        o.splitLargeFiles = false
        let whole = Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: DiagnosticLog())
        #expect(FindingJSON.document(whole, redactor: nil) == FindingJSON.document(r, redactor: nil))
    }

    @Test func restartExactlyAtAChunkBoundaryIsCounted() throws {
        var lines = ["Log file created at: 2024/03/12 00:00:00"]
        for i in 0..<30_000 {
            lines.append(String(format: "I0312 %02d:%02d:%02d.%06d       1 controller.go:1] \"synced\" key=\"x-%d\"", i / 3600 % 24, i / 60 % 60, i % 60, i, i))
        }
        var text = lines.joined(separator: "\n") + "\n"
        let dir = try tempDir(["kube-controller-manager.log": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/kube-controller-manager.log"
        let chunks = try #require(FileChunker.chunks(of: InputFile(path: path, displayPath: "x"), forcedYear: nil, minChunk: 256 << 10))
        #expect(chunks.count >= 2)
        // The process restarts (pid 1 -> 2, same width) exactly where the second chunk starts.
        let cut = chunks[1].byteRange!.lowerBound
        var bytes = Array(text.utf8)
        var k = cut
        while k < bytes.count {
            bytes[k + 28] = UInt8(ascii: "2")   // the pid column of `I0312 hh:mm:ss.uuuuuu       1 `
            k = (bytes[k...].firstIndex(of: 0x0A) ?? bytes.count) + 1
        }
        text = String(decoding: bytes, as: UTF8.self)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        func restarts(split: Bool) -> Int {
            var o = AnalysisOptions()
            o.splitLargeFiles = split
            o.minChunk = 256 << 10
            return Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: DiagnosticLog()).inputs.reduce(0) { $0 + $1.restarts }
        }
        #expect(restarts(split: false) == 1)
        #expect(restarts(split: true) == 1)
    }
}
