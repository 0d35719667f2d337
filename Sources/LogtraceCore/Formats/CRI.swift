import LogtraceKernels

/// The CRI container log (containerd, CRI-O): `<RFC3339Nano> <stdout|stderr> <P|F> <content>`
/// (docs/formats.md §5). `P` fragments are joined up to the next `F` line of the same stream
/// (`PartialLines`); the wrapper time dates lines that have no time of their own.
public struct CRI: FileWrapper {
    public static let id = "cri"
    private var partial = PartialLines()

    public init() {}

    public static func detect(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let p = line.baseAddress, let ts = RFC3339.parse(p, line.count), ts.length + 10 < line.count,
              line[ts.length] == UInt8(ascii: " ") else { return false }
        let s = ts.length + 1
        return line[s] == UInt8(ascii: "s") && line[s + 1] == UInt8(ascii: "t") && line[s + 2] == UInt8(ascii: "d")
            && ((line[s + 3] == UInt8(ascii: "o") && line[s + 4] == UInt8(ascii: "u") && line[s + 5] == UInt8(ascii: "t"))
                || (line[s + 3] == UInt8(ascii: "e") && line[s + 4] == UInt8(ascii: "r") && line[s + 5] == UInt8(ascii: "r")))
            && line[s + 6] == UInt8(ascii: " ")
    }

    /// The fields of one CRI line: its time, stream (0 stdout, 1 stderr), whether it is a `P`
    /// fragment, and where its content starts; nil when the line is not a CRI line.
    @inline(__always)
    static func header(_ line: UnsafeRawBufferPointer) -> (time: Int64, stream: Int, partial: Bool, content: Int)? {
        guard let p = line.baseAddress, let ts = RFC3339.parse(p, line.count), ts.length + 9 <= line.count else { return nil }
        var i = ts.length + 1
        let stream = line[i + 3] == UInt8(ascii: "e") ? 1 : 0   // std(e)rr vs std(o)ut
        i += 7
        let partial = i < line.count && line[i] == UInt8(ascii: "P")
        while i < line.count && line[i] != UInt8(ascii: " ") { i += 1 }
        return (ts.time, stream, partial, i < line.count ? i + 1 : line.count)
    }

    @inline(__always)
    public mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver) {
        guard let h = Self.header(line) else { out.emit(line, lineNumber, hits, LineContext()); return }
        let content = UnsafeRawBufferPointer(rebasing: line[h.content...])
        if h.partial {
            partial.add(h.stream, content, lineNumber, h.time, out)
            return
        }
        if partial.endsSkipped(h.stream) { return }
        if !partial.isEmpty(h.stream) {
            partial.add(h.stream, content, lineNumber, h.time, out)
            partial.complete(h.stream, out)
            return
        }
        var ctx = LineContext()
        ctx.streamKey = h.stream
        ctx.wrapperTime = h.time
        out.emit(content, lineNumber, hits, ctx)
    }

    public mutating func finish(_ out: StreamDriver) { partial.finish(out) }

    public static let rewrappers = [
        Rewrapper("cri", "containerd: `2024-03-12T09:12:00.123456789Z stderr F ` (RFC3339Nano, trailing zeros trimmed)") { line, nanos, _, out in
            WireText.rfc3339(nanos: nanos, trimmed: true, &out)
            WireText.append(" stderr F ", &out)
            out.append(contentsOf: line)
        },
        Rewrapper("crio", "CRI-O (conmon): `2024-03-12T09:12:00.123456789+00:00 stderr F ` (nine digits, numeric offset)") { line, nanos, _, out in
            WireText.rfc3339(nanos: nanos, trimmed: false, zone: "+00:00", &out)
            WireText.append(" stderr F ", &out)
            out.append(contentsOf: line)
        },
    ]

    public static let samples: [FormatSample] = [
        FormatSample(file: "0.log", lines: [
            "2022-05-21T22:00:46.835887817+00:00 stderr F I0521 22:00:46.835800       1 server.go:1] started",
            "2020-10-28T11:42:12.495772766Z stderr F E1028 11:42:12.495441       1 route_controller.go:118] Couldn't reconcile node routes: error listing routes",
            "2020-10-28T11:42:12.6Z stdout F plain stdout line",
        ], records: [
            SampleRecord("I0521 22:00:46.835800       1 server.go:1] started", time: "2022-05-21T22:00:46.835800Z", pid: 1, severity: "I"),
            SampleRecord("E1028 11:42:12.495441       1 route_controller.go:118] Couldn't reconcile node routes: error listing routes",
                         time: "2020-10-28T11:42:12.495441Z", component: "cloud-controller-manager", pid: 1, severity: "E"),
            SampleRecord("plain stdout line", time: "2020-10-28T11:42:12.600000Z"),
        ], source: "CRI-O and containerd container logs (kubernetes/cloud-provider-openstack#1245 shape)"),
        FormatSample(file: "0.log", lines: [
            "2024-03-12T09:00:00.1Z stderr P E0312 09:00:00.100000       1 a.go:1] first half ",
            "2024-03-12T09:00:00.2Z stdout F plain stdout line",
            "2024-03-12T09:00:00.3Z stderr F second half",
        ], records: [
            SampleRecord("plain stdout line", time: "2024-03-12T09:00:00.200000Z"),
            SampleRecord("E0312 09:00:00.100000       1 a.go:1] first half second half", time: "2024-03-12T09:00:00.100000Z", pid: 1, severity: "E"),
        ], source: "CRI partial lines, P up to F per stream (kubernetes/kubernetes#44976)"),
    ]
}
