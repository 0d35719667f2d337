/// `aws logs tail /aws/eks/CLUSTER/cluster` (the AWS CLI's default `detailed` format): every
/// event as `<ISO time with µs and +00:00> <log stream name> <message>`, the streams of the whole
/// log group interleaved in one file. The time is read by `KubectlTimestamps`; this prefix is the
/// stream name right after it. EKS names a control-plane stream `<log type>-<32 hex>`
/// (`kube-apiserver-…`, `kube-apiserver-audit-…`, `authenticator-…`, `kube-controller-manager-…`,
/// `kube-scheduler-…`, `cloud-controller-manager-…`): the name gives each line its component, and
/// no node (the managed control plane hides its hosts).
///
/// The CLI prints a multi-line message as it is, so its later lines come bare: they stay in the
/// stream of the line before them (`lastStream`), as they belong to the same event.
public struct CloudWatchStream: LinePrefixFormat {
    public static let id = "cloudwatch"
    /// A stream name (`kube-apiserver-<hash>`), after `KubectlTimestamps`' time.
    public static let firstBytes = Array(UInt8(ascii: "a")...UInt8(ascii: "z"))

    /// EKS log stream name prefixes and the component each one is (most specific first).
    static let streams: [(prefix: String, component: String)] = [
        ("kube-apiserver-audit", "kube-apiserver"),
        ("kube-apiserver", "kube-apiserver"),
        ("kube-controller-manager", "kube-controller-manager"),
        ("cloud-controller-manager", "cloud-controller-manager"),
        ("kube-scheduler", "kube-scheduler"),
        ("authenticator", "aws-iam-authenticator"),
    ]
    static let streamBytes: [([UInt8], String)] = streams.map { (Array($0.prefix.utf8), $0.component) }

    private var memo = ByteMemo()
    private var value: (component: String, key: Int) = ("", 0)
    private var lastStream: Int?

    public init() {}

    @inline(__always)
    public mutating func parse(_ p: UnsafeRawPointer, _ n: Int, _ s: inout PrefixState, _ years: YearResolver) -> Bool {
        let i = s.offset
        guard s.afterTimestamp == i, i < n else {
            // A bare line after an event: the rest of that event's message.
            if s.offset == 0, let k = lastStream { s.context.streamKey = k }
            return false
        }
        var e = i
        while e < n && p.load(fromByteOffset: e, as: UInt8.self) != UInt8(ascii: " ") { e += 1 }
        guard e < n, Self.component(p, i, e) != nil else { return false }
        if !memo.same(p, i..<e) {
            let name = String(decoding: UnsafeRawBufferPointer(start: p + i, count: e - i), as: UTF8.self)
            var h = Hasher(); h.combine(name)
            value = (Self.component(p, i, e)!, h.finalize() | 1)
        }
        s.context.component = value.component
        s.context.streamKey = value.key
        s.fromPod = true
        lastStream = value.key
        s.followsLines = true
        s.offset = e + 1
        return true
    }

    /// The component of the stream name `p[start..<end]`: a known prefix, `-`, then at least 8
    /// lower-case hex digits and nothing else; nil for any other word.
    static func component(_ p: UnsafeRawPointer, _ start: Int, _ end: Int) -> String? {
        @inline(__always) func b(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        for (prefix, component) in streamBytes where end - start >= prefix.count + 9 {
            var k = 0
            while k < prefix.count && b(start + k) == prefix[k] { k += 1 }
            guard k == prefix.count, b(start + k) == UInt8(ascii: "-") else { continue }
            var j = start + k + 1
            while j < end, (b(j) >= UInt8(ascii: "0") && b(j) <= UInt8(ascii: "9")) || (b(j) >= UInt8(ascii: "a") && b(j) <= UInt8(ascii: "f")) { j += 1 }
            if j == end && end - (start + k + 1) >= 8 { return component }
        }
        return nil
    }

    /// Whether `name` is an EKS log stream name (`kube-apiserver-audit-<hash>`).
    public static func isStreamName(_ name: String) -> Bool {
        var s = name
        return s.withUTF8 { b in b.baseAddress.map { Self.component(UnsafeRawPointer($0), 0, b.count) != nil } ?? false }
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "eks-cluster.log", lines: [
            "2024-03-12T09:21:04.341000+00:00 kube-apiserver-0b6c3ac9d3a0e91b4dd8d2d8e2c0f4e5 E0312 09:21:04.341767      10 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
            "2024-03-12T09:21:04.342000+00:00 kube-controller-manager-5d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a W0312 09:21:04.342001      11 garbagecollector.go:754] failed to discover some groups: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request]",
            "2024-03-12T09:21:05.000000+00:00 kube-apiserver-0b6c3ac9d3a0e91b4dd8d2d8e2c0f4e5 I0312 09:21:05.000001      10 trace.go:205] Trace[1]: \"List\" (12-Mar-2024 09:21:04.000) (total time: 1000ms):",
            "Trace[1]: [1.000s] [1.000s] END",
            "2024-03-12T09:21:06.000000+00:00 authenticator-8f7e6d5c4b3a29181716151413121110 time=\"2024-03-12T09:21:06Z\" level=info msg=\"access granted\" arn=\"arn:aws:iam::111122223333:role/node\"",
        ], records: [
            SampleRecord("E0312 09:21:04.341767      10 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response",
                         time: "2024-03-12T09:21:04.341767Z", component: "kube-apiserver", pid: 10, severity: "E"),
            SampleRecord("W0312 09:21:04.342001      11 garbagecollector.go:754] failed to discover some groups: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request]",
                         time: "2024-03-12T09:21:04.342001Z", component: "kube-controller-manager", pid: 11, severity: "W"),
            SampleRecord("I0312 09:21:05.000001      10 trace.go:205] Trace[1]: \"List\" (12-Mar-2024 09:21:04.000) (total time: 1000ms):\nTrace[1]: [1.000s] [1.000s] END",
                         time: "2024-03-12T09:21:05.000001Z", component: "kube-apiserver", pid: 10, severity: "I"),
            SampleRecord("time=\"2024-03-12T09:21:06Z\" level=info msg=\"access granted\" arn=\"arn:aws:iam::111122223333:role/node\"",
                         time: "2024-03-12T09:21:06.000000Z", component: "aws-iam-authenticator"),
        ], source: "aws logs tail, detailed format: `<isoformat(timespec=microseconds)> <logStreamName> <message>` (aws/aws-cli awscli/customizations/logs/tail.py, DetailedLogEventsFormatter); EKS stream names `<type>-<hash>` (docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html, awsdocs/amazon-eks-user-guide#56); klog lines of kubernetes-sigs/metrics-server#1084 shape"),
    ]
}
