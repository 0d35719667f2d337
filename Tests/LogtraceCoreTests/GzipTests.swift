import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Gzip edge cases: every record before the damage is read, and the damage is reported once.
@Suite struct GzipTests {
    static let plain = (1...2000).map { "I0312 09:00:00.\(String(format: "%06d", $0))       1 a.go:\($0)] line \($0) " + String(repeating: "x", count: $0 % 50) }.joined(separator: "\n") + "\n"

    static func gzip(_ text: String) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("x")
        try text.write(to: f, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-n", "-6", f.path]
        try p.run(); p.waitUntilExit()
        return Array(try Data(contentsOf: dir.appendingPathComponent("x.gz")))
    }

    func read(_ bytes: [UInt8], _ decoder: GzipDecoder) -> (lines: Int, log: DiagnosticLog) {
        final class C: RecordSink { var n = 0; func consume(_ r: RecordView) { n += 1 } }
        let c = C()
        let log = DiagnosticLog()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-gzr-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("kube-apiserver.log.2.gz").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        var o = ReadOptions(); o.year = 2024; o.gzipDecoder = decoder
        _ = StreamDriver(group: InputGroup(files: [InputFile(path: path, displayPath: "x.gz")]), options: o, prefilter: nil, sink: c, log: log).run()
        return (c.n, log)
    }

    @Test(arguments: GzipDecoder.available) func wholeFile(decoder: GzipDecoder) throws {
        let r = read(try Self.gzip(Self.plain), decoder)
        #expect(r.lines == 2000)
        #expect(!r.log.hasErrors)
    }

    @Test(arguments: GzipDecoder.available) func multiMember(decoder: GzipDecoder) throws {
        let a = try Self.gzip(Self.plain), b = try Self.gzip(Self.plain)
        let r = read(a + b, decoder)
        #expect(r.lines == 4000)
        #expect(!r.log.hasErrors)
    }

    @Test(arguments: GzipDecoder.available) func truncatedKeepsEverythingBeforeTheCut(decoder: GzipDecoder) throws {
        let a = try Self.gzip(Self.plain)
        let r = read(Array(a.prefix(a.count * 2 / 3)), decoder)
        #expect(r.lines > 100 && r.lines < 2000)
        #expect(r.log.all.contains { $0.level == .error && $0.message.contains("truncated gzip") })
    }

    @Test(arguments: GzipDecoder.available) func corruptDataReported(decoder: GzipDecoder) throws {
        var a = try Self.gzip(Self.plain)
        for i in stride(from: a.count / 2, to: a.count / 2 + 40, by: 1) { a[i] ^= 0x5A }
        let r = read(a, decoder)
        #expect(r.log.all.contains { $0.level == .error && $0.message.contains("corrupt gzip") })
    }

    @Test(arguments: GzipDecoder.available) func badCRCReported(decoder: GzipDecoder) throws {
        var a = try Self.gzip(Self.plain)
        a[a.count - 6] ^= 0xFF   // CRC32 trailer
        let r = read(a, decoder)
        #expect(r.lines == 2000)
        #expect(r.log.all.contains { $0.level == .error && $0.message.contains("corrupt gzip") })
    }

    @Test(arguments: GzipDecoder.available) func trailingGarbageReported(decoder: GzipDecoder) throws {
        let a = try Self.gzip(Self.plain)
        let r = read(a + Array("garbage after the member".utf8), decoder)
        #expect(r.lines == 2000)
        #expect(r.log.all.contains { $0.message.contains("trailing garbage") })
    }

    @Test(arguments: GzipDecoder.available) func plainFileNamedGz(decoder: GzipDecoder) throws {
        let r = read(Array(Self.plain.utf8), decoder)
        #expect(r.lines == 2000)
        #expect(r.log.all.contains { $0.level == .warning && $0.message.contains("not gzip") })
    }

    @Test(arguments: GzipDecoder.available) func emptyFile(decoder: GzipDecoder) throws {
        let r = read([], decoder)
        #expect(r.lines == 0)
        #expect(!r.log.hasErrors)
    }

    @Test(arguments: GzipDecoder.available) func binaryFileSkipped(decoder: GzipDecoder) throws {
        let r = read((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, decoder)
        #expect(r.lines == 0 || r.log.all.contains { $0.message.contains("binary") })
    }

    /// The decoded bytes are the original ones, across members and small input and output chunks.
    @Test(arguments: GzipDecoder.available) func byteExactAcrossChunks(decoder: GzipDecoder) throws {
        let a = try Self.gzip(Self.plain), b = try Self.gzip("second member\n")
        let g = try GzipSource(MemorySource(bytes: a + b, chunk: 997), decoder: decoder, inputChunk: 4096)
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4093)
        while true {
            let n = try buf.withUnsafeMutableBytes { try g.read(into: $0) }
            if n == 0 { break }
            out += buf[0..<n]
        }
        #expect(out == Array((Self.plain + "second member\n").utf8))
    }

    /// zlib is in every build; the igzip trait adds igzip and prefers it.
    @Test func decodersOfThisBuild() {
        #expect(GzipDecoder.available.first == .zlib)
        #expect(GzipDecoder.available.contains(ReadOptions().gzipDecoder))
    }
}
