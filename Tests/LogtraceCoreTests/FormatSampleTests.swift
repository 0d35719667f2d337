import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Replays the samples every wrapper in `FormatRegistry` carries: each sample's lines go through
/// the real reader as one input, and must give exactly the records the sample lists.
@Suite struct FormatSampleTests {
    /// The records a reader gives for `lines` in an input named `file`, as sample records.
    static func read(_ lines: [String], file: String, year: Int? = nil) -> ([SampleRecord], DiagnosticLog) {
        final class Collect: RecordSink {
            var out: [SampleRecord] = []
            func consume(_ r: RecordView) {
                out.append(SampleRecord(String(decoding: r.bytes, as: UTF8.self), time: r.time.map(Timestamp.rfc3339),
                                        component: r.component, node: r.node, pid: r.pid, severity: r.severity?.letter))
            }
        }
        let c = Collect()
        var g = InputGroup(files: [InputFile(path: file, displayPath: file)])
        g.component = ComponentNames.fromName(file)
        var o = ReadOptions()
        o.year = year
        let log = DiagnosticLog()
        _ = StreamDriver(group: g, options: o, prefilter: nil, sink: c, log: log,
                         source: MemorySource(lines.joined(separator: "\n") + "\n")).run()
        return (c.out, log)
    }

    @Test("samples of each wrapper", arguments: FormatRegistry.all.map { $0.id })
    func samples(_ id: String) throws {
        let format = try #require(FormatRegistry.all.first { $0.id == id })
        #expect(!format.samples.isEmpty, "\(id) has no samples")
        for (k, s) in format.samples.enumerated() {
            #expect(!s.source.isEmpty)
            let (got, log) = Self.read(s.lines, file: s.file)
            #expect(got == s.records, "\(id) sample \(k + 1) (\(s.source)):\n got \(got)\nwant \(s.records)")
            #expect(!log.hasErrors, "\(id) sample \(k + 1): \(log.all.map(\.message))")
        }
    }

    /// A file wrapper's samples are detected as that wrapper (and the registry's order makes it so).
    @Test func fileWrappersDetectTheirOwnSamples() throws {
        for f in FormatRegistry.files {
            for s in f.samples {
                let first = try #require(s.lines.first { !$0.isEmpty })
                let detected = Array(first.utf8).withUnsafeBytes { FormatRegistry.detect($0) }
                #expect(detected.id == f.id, "\(f.id): first sample line detected as \(detected.id)")
            }
        }
    }

    @Test func namesAreUnique() {
        let ids = FormatRegistry.all.map { $0.id }
        #expect(Set(ids).count == ids.count, "\(ids)")
        let names = FormatRegistry.rewrappers.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(FormatRegistry.files.last.map { $0.id } == BareLines.id, "bare lines accept anything: they come last")
    }

    /// Every writer's output reads back as the bare lines it wrapped: same records, same bytes.
    @Test("rewrapped lines read back", arguments: FormatRegistry.rewrappers.map(\.name))
    func rewrapReadsBack(_ name: String) throws {
        let w = try #require(FormatRegistry.rewrappers.first { $0.name == name })
        let bare = [
            "I0312 09:21:04.000001       1 controller.go:1] \"Starting\" name=<",
            "\tline \"quoted\" & <angles> \\ back",
            " >",
            "E0312 09:21:05.123456       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
            "W0312 09:21:06.999999       1 reflector.go:324] watch of *v1.Pod ended with: very short watch: café",
        ]
        var start: Int64 = 1_710_235_264_000_001_000   // 2024-03-12T09:21:04.000001Z in ns
        var wrapped: [String] = []
        for l in bare {
            var out: [UInt8] = []
            Array(l.utf8).withUnsafeBytes { w.write($0, start, "kube-apiserver", &out) }
            wrapped.append(String(decoding: out, as: UTF8.self))
            start += 250_000
        }
        let (want, _) = Self.read(bare, file: "kube-apiserver.log", year: 2024)
        let (got, log) = Self.read(wrapped, file: "kube-apiserver.log", year: 2024)
        #expect(got.map(\.text) == want.map(\.text), "\(name): \(wrapped)")
        #expect(got.map(\.time) == want.map(\.time), "\(name)")
        #expect(got.map(\.severity) == want.map(\.severity), "\(name)")
        #expect(!log.hasErrors)
    }
}
