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
    /// Whether prefix `k` can start with byte `b`: `mayStart[k * 256 + b]`; `mayStart[count * 256
    /// + b]`: whether any prefix can (the prefixes' `firstBytes`).
    private static let mayStart: [Bool] = {
        let list = FormatRegistry.prefixes
        var t = [Bool](repeating: false, count: 256 * (list.count + 1))
        for (k, f) in list.enumerated() { for b in f.firstBytes { t[k * 256 + Int(b)] = true; t[list.count * 256 + Int(b)] = true } }
        return t
    }()
    /// A prefix acts on lines it does not match (`PrefixState.followsLines`): try every line.
    private var everyLine = false
    private var headerMemo = KlogHeaderMemo()

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

    /// Every registered prefix tried in turn at the start of `p[0..<n]`, except where it cannot
    /// match (`LinePrefixFormat`'s promises): a prefix whose `firstBytes` lack the byte at the
    /// offset (a line whose first byte starts no prefix skips the loop), and the rest of the list
    /// once a prefix leaves the offset at a klog header (`kubectl --timestamps` lines). The plain
    /// loop is the reference (`WrapperReferenceTests.prefixSkipsMatchThePlainLoop`).
    @inline(__always)
    public mutating func prefixes(_ p: UnsafeRawPointer, _ n: Int, _ years: YearResolver) -> PrefixState {
        var s = PrefixState()
        if everyLine {
            for k in prefixList.indices { _ = prefixList[k].parse(p, n, &s, years) }
            return s
        }
        let count = prefixList.count
        guard n > 0, Self.mayStart[count &* 256 &+ Int(p.load(as: UInt8.self))] else { return s }
        for k in 0..<count {
            guard s.offset < n else { break }
            guard Self.mayStart[k &* 256 &+ Int(p.load(fromByteOffset: s.offset, as: UInt8.self))] else { continue }
            if prefixList[k].parse(p, n, &s, years), s.offset < n,
               Self.startsKlog(p + s.offset, n - s.offset), KlogHeader.parse(p + s.offset, n - s.offset, memo: &headerMemo) != nil { break }
        }
        if s.followsLines { everyLine = true }
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
