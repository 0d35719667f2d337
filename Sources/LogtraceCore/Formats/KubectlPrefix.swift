/// `kubectl logs --prefix`: `[pod/<pod>/<container>] ` before each line (docs/formats.md §7). The
/// container names the component and, with the pod, the line's stream; a static pod's name
/// (`kube-apiserver-cp-1`) gives the node.
public struct KubectlPrefix: LinePrefixFormat {
    public static let id = "kubectl-prefix"
    public static let firstBytes = [UInt8(ascii: "[")]

    private var memo = ByteMemo()
    private var value: (component: String, node: String?, key: Int) = ("", nil, 0)

    public init() {}

    public mutating func parse(_ p: UnsafeRawPointer, _ n: Int, _ s: inout PrefixState, _ years: YearResolver) -> Bool {
        guard s.offset == 0, let m = Self.match(p, n) else { return false }
        let (pod, container, end) = m
        // One memo over `pod/container`: the bytes between `[pod/` and `]`.
        if !memo.same(p, pod.lowerBound..<container.upperBound) {
            let podName = String(decoding: UnsafeRawBufferPointer(start: p + pod.lowerBound, count: pod.count), as: UTF8.self)
            let c = String(decoding: UnsafeRawBufferPointer(start: p + container.lowerBound, count: container.count), as: UTF8.self)
            let component = ComponentNames.fromName(c) ?? c
            var h = Hasher(); h.combine(podName); h.combine(c)
            value = (component, ComponentNames.nodeOfPod(podName, component: component), h.finalize())
        }
        s.context.component = value.component
        s.context.node = value.node
        s.context.streamKey = value.key
        s.fromPod = true
        s.offset = end
        return true
    }

    /// `[pod/<pod>/<container>] ` at the start of the line: the pod and container ranges and the
    /// offset after the space.
    static func match(_ p: UnsafeRawPointer, _ n: Int) -> (Range<Int>, Range<Int>, Int)? {
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        guard n > 6, b(0) == UInt8(ascii: "["), b(1) == UInt8(ascii: "p"), b(2) == UInt8(ascii: "o"),
              b(3) == UInt8(ascii: "d"), b(4) == UInt8(ascii: "/") else { return nil }
        var j = 5
        while j < n, b(j) != UInt8(ascii: "/"), b(j) != UInt8(ascii: "]") { j += 1 }
        guard j < n, b(j) == UInt8(ascii: "/") else { return nil }
        var k = j + 1
        while k < n, b(k) != UInt8(ascii: "]") { k += 1 }
        guard k + 1 < n, b(k) == UInt8(ascii: "]"), b(k + 1) == UInt8(ascii: " ") else { return nil }
        return (5..<j, (j + 1)..<k, k + 2)
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "logs.txt", lines: [
            "[pod/kube-apiserver-cp-1/kube-apiserver] 2024-03-12T09:21:04.000000000Z I0312 09:21:04.000000       1 controller.go:1] first",
            "[pod/kube-apiserver-cp-1/kube-apiserver] E0312 09:21:04.341767       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
        ], records: [
            SampleRecord("I0312 09:21:04.000000       1 controller.go:1] first",
                         time: "2024-03-12T09:21:04.000000Z", component: "kube-apiserver", node: "cp-1", pid: 1, severity: "I"),
            SampleRecord("E0312 09:21:04.341767       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
                         time: "2024-03-12T09:21:04.341767Z", component: "kube-apiserver", node: "cp-1", pid: 1, severity: "E"),
        ], source: "kubectl logs --prefix --timestamps (kubernetes/kubernetes#87355, kubectl 1.17+)"),
    ]
}
