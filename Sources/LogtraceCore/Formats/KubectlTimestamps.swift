/// `kubectl logs --timestamps`: `<RFC3339Nano> ` before each line, the kubelet's receive time
/// (docs/formats.md §7). The same time starts journalctl short-iso lines and capnslog lines:
/// those prefixes come after this one in the registry and look at what follows it.
public struct KubectlTimestamps: LinePrefixFormat {
    public static let id = "kubectl-timestamps"
    public static let firstBytes = Array(UInt8(ascii: "0")...UInt8(ascii: "9"))

    public init() {}

    @inline(__always)
    public mutating func parse(_ p: UnsafeRawPointer, _ n: Int, _ s: inout PrefixState, _ years: YearResolver) -> Bool {
        let i = s.offset
        guard i < n else { return false }
        let c = p.load(fromByteOffset: i, as: UInt8.self)
        guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"), let ts = RFC3339.parse(p + i, n - i), i + ts.length < n,
              p.load(fromByteOffset: i + ts.length, as: UInt8.self) == UInt8(ascii: " ") else { return false }
        s.context.wrapperTime = ts.time
        s.offset = i + ts.length + 1
        s.afterTimestamp = s.offset
        return true
    }

    public static let rewrappers = [
        Rewrapper("kubectl", "`kubectl logs --timestamps`: `2024-03-12T09:12:00.123456789Z ` (nine digits)") { line, nanos, _, out in
            WireText.rfc3339(nanos: nanos, trimmed: false, &out)
            out.append(0x20)
            out.append(contentsOf: line)
        },
    ]

    public static let samples: [FormatSample] = [
        FormatSample(file: "kube-apiserver-cp-1.log", lines: [
            "2024-03-12T09:21:04.341767000Z E0312 09:21:04.341767       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
            "2024-03-12T09:21:04.341800000Z , Header: map[Content-Type:[text/plain; charset=utf-8]]",
        ], records: [
            SampleRecord("E0312 09:21:04.341767       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response\n, Header: map[Content-Type:[text/plain; charset=utf-8]]",
                         time: "2024-03-12T09:21:04.341767Z", component: "kube-apiserver", pid: 1, severity: "E"),
        ], source: "kubectl logs --timestamps of a static pod (kubernetes-sigs/metrics-server#1084 shape)"),
    ]
}
