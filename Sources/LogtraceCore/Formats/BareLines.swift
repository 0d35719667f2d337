import LogtraceKernels

/// Bare lines, as klog writes its own files and as pipes and copies keep them. The default
/// wrapper: it accepts any file the others do not. A line may still carry prefixes (journald,
/// `kubectl logs --timestamps` / `--prefix`, capnslog), tried in `FormatRegistry.prefixes` order.
/// A line that starts like a klog header skips them: that is the bare-file fast path.
public struct BareLines: FileWrapper {
    public static let id = "plain"
    public static func detect(_ line: UnsafeRawBufferPointer) -> Bool { true }
    public static var allowsLite: Bool { true }

    private var prefixList: [any LinePrefixFormat] = FormatRegistry.prefixes.map { $0.init() }

    public init() {}

    /// Whether a line starts like a bare klog header (`I0312`, `W`, `E`, `F` then a digit): the
    /// test the fast path makes before any prefix is tried.
    @inline(__always)
    public static func startsKlog(_ p: UnsafeRawPointer, _ n: Int) -> Bool {
        let c0 = p.load(as: UInt8.self)
        guard (c0 == UInt8(ascii: "I") || c0 == UInt8(ascii: "W") || c0 == UInt8(ascii: "E") || c0 == UInt8(ascii: "F")) && n > 1 else { return false }
        let c1 = p.load(fromByteOffset: 1, as: UInt8.self)
        return c1 >= UInt8(ascii: "0") && c1 <= UInt8(ascii: "9")
    }

    @inline(__always)
    public mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver) {
        var line = line
        guard var p = line.baseAddress, line.count > 0 else {
            out.emit(line, lineNumber, hits, LineContext()); return
        }
        if p.load(as: UInt8.self) == 0 {   // NUL padding left by a bad rotation
            var k = 0
            while k < line.count && line[k] == 0 { k += 1 }
            guard k < line.count else { return }
            line = UnsafeRawBufferPointer(rebasing: line[k...])
            p = line.baseAddress!
        }
        if Self.startsKlog(p, line.count) { out.emit(line, lineNumber, hits, .bare); return }
        let s = prefixes(p, line.count, out.years)
        if s.offset > 0 { line = UnsafeRawBufferPointer(rebasing: line[s.offset...]) }
        out.emit(line, lineNumber, hits, s.context)
    }

    /// Every registered prefix tried in turn at the start of `p[0..<n]`.
    @inline(__always)
    public mutating func prefixes(_ p: UnsafeRawPointer, _ n: Int, _ years: YearResolver) -> PrefixState {
        var s = PrefixState()
        for k in prefixList.indices { _ = prefixList[k].parse(p, n, &s, years) }
        return s
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "kube-apiserver.log", lines: [
            "Log file created at: 2024/03/12 09:00:00",
            "E0312 09:21:04.341767       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
            "\0\0\0I0312 09:21:05.000001       1 trace.go:205] Trace[1]: \"List\" (12-Mar-2024 09:21:04.000) (total time: 1000ms):",
            "Trace[1]: [1.000s] [1.000s] END",
        ], records: [
            SampleRecord("E0312 09:21:04.341767       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
                         time: "2024-03-12T09:21:04.341767Z", component: "kube-apiserver", pid: 1, severity: "E"),
            SampleRecord("I0312 09:21:05.000001       1 trace.go:205] Trace[1]: \"List\" (12-Mar-2024 09:21:04.000) (total time: 1000ms):\nTrace[1]: [1.000s] [1.000s] END",
                         time: "2024-03-12T09:21:05.000001Z", component: "kube-apiserver", pid: 1, severity: "I"),
        ], source: "klog file header and NUL padding after a copytruncate (docs/formats.md §4)"),
        FormatSample(file: "etcd.log", lines: [
            #"{"level":"warn","ts":"2024-03-12T09:21:04.341Z","caller":"etcdserver/util.go:166","msg":"apply request took too long","took":"1.2s"}"#,
        ], records: [
            // A JSON record's bytes are its message and fields, as klog would have written them.
            SampleRecord(#"apply request took too long took="1.2s""#,
                         time: "2024-03-12T09:21:04.341000Z", component: "etcd", severity: "W"),
        ], source: "etcd 3.4 zap JSON (etcd-io/etcd#11780)"),
    ]
}
