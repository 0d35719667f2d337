import Foundation
import Testing
@testable import LogtraceCore

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
