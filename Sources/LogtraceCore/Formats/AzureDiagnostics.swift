/// AKS resource logs archived by a diagnostic setting to a storage account: one JSON record per
/// line in `insights-logs-<category>/resourceId=/SUBSCRIPTIONS/…/MANAGEDCLUSTERS/<name>/y=…/m=…/d=…/h=…/m=00/PT1H.json`,
/// `{"category":"kube-apiserver","operationName":"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read",
/// "properties":{"log":"<line>","stream":"stderr","pod":"kube-apiserver-<hash>-<id>","containerID":"…"},
/// "resourceId":"…","time":"<RFC 3339>", …}`, keys in any order.
///
/// The line is `properties.log` (its newline dropped), dated by `time`; the category names the
/// component (`kube-audit` and `kube-audit-admin` are kube-apiserver's audit events); there is no
/// node (the control plane runs hidden, and its pods are Deployment replicas). A stack trace
/// comes one record per line: lines continue the record of the same pod and stream.
public struct AzureDiagnostics: FileWrapper {
    public static let id = "azure-diagnostics"

    private var categoryMemo = ByteMemo()
    private var component: String?
    private var scratch: [UInt8] = []

    public init() {}

    public static func detect(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let p = line.baseAddress, line.count > 2, p.load(as: UInt8.self) == UInt8(ascii: "{") else { return false }
        var category = false, properties = false
        let ok = JSONScanner.scan(p, line.count) { key, value in
            if key.elementsEqual("category".utf8), case .string = value { category = true }
            if key.elementsEqual("properties".utf8), case .raw = value { properties = true }
        }
        return ok && category && properties
    }

    /// One record's fields: the log line (into `out`), category bytes, stream key and time.
    static func decode(_ line: UnsafeRawBufferPointer, into out: inout [UInt8]) -> (category: [UInt8], key: Int, time: Int64?)? {
        guard let p = line.baseAddress else { return nil }
        var category: [UInt8] = [], time: Int64?, props: Range<Int>?
        guard JSONScanner.scan(p, line.count, { key, value in
            switch value {
            case .string(let s):
                if key.elementsEqual("category".utf8) { category = s }
                else if key.elementsEqual("time".utf8) { time = s.withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time } }
            case .raw(let r):
                if key.elementsEqual("properties".utf8) { props = r }
            default: break
            }
        }), let props else { return nil }
        var log: [UInt8]?, h = Hasher()
        guard JSONScanner.scan(p + props.lowerBound, props.count, { key, value in
            guard case .string(let s) = value else { return }
            if key.elementsEqual("log".utf8) { log = s }
            else if key.elementsEqual("pod".utf8) || key.elementsEqual("stream".utf8) { h.combine(key); h.combine(s) }
        }), let log else { return nil }
        out = log
        while let last = out.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { out.removeLast() }
        return (category, h.finalize() | 1, time)
    }

    /// The component of a diagnostic category.
    static func component(category: String) -> String {
        if category == "kube-audit" || category == "kube-audit-admin" { return "kube-apiserver" }
        return ComponentNames.fromName(category) ?? category
    }

    public mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver) {
        guard let d = Self.decode(line, into: &scratch) else {
            out.emit(line, lineNumber, hits, LineContext()); return
        }
        let changed = d.category.withUnsafeBytes { !categoryMemo.same($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, 0..<$0.count) }
        if changed || component == nil {
            component = d.category.isEmpty ? nil : Self.component(category: String(decoding: d.category, as: UTF8.self))
        }
        var ctx = LineContext()
        ctx.wrapperTime = d.time
        ctx.streamKey = d.key
        ctx.component = component
        let decoded = scratch
        decoded.withUnsafeBytes { out.emitJoined($0, lineNumber, ctx) }
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "insights-logs-kube-apiserver/resourceId=/SUBSCRIPTIONS/C111111-DXXX-4XXX-AXXX-900000000/RESOURCEGROUPS/AG-AKS-RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AG-AKS-CLUSTER/y=2019/m=06/d=24/h=20/m=00/PT1H.json", lines: [
            #"{"operationName":"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read","category":"kube-apiserver","resourceId":"/SUBSCRIPTIONS/C111111-DXXX-4XXX-AXXX-900000000/RESOURCEGROUPS/AG-AKS-RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AG-AKS-CLUSTER","properties":{"log":"I0624 20:14:59.855669       1 wrap.go:47] PUT /api/v1/namespaces/kube-system/endpoints/kube-scheduler?timeout=10s:(9.05251ms) 200 [hyperkube/v1.12.8 (linux/amd64) kubernetes/a89f8c1/leader-election 172.31.1.1:48110]","stream":"stderr","pod":"kube-apiserver-796bd9b775-xqk5s","containerID":"2d6cac1300da3226323fd1b936fe8278b87cba2b7a1bbd9c8401da6f8e786f5e"},"time":"2019-06-24T20:14:59.000Z"}"#,
            #"{"operationName":"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read","category":"kube-controller-manager","resourceId":"/SUBSCRIPTIONS/C111111-DXXX-4XXX-AXXX-900000000/RESOURCEGROUPS/AG-AKS-RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AG-AKS-CLUSTER","properties":{"log":"E0624 20:15:01.000001       1 garbagecollector.go:754] failed to discover some groups: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request]\n","stream":"stderr","pod":"kube-controller-manager-59fd65c5bd-694kh","containerID":"667b540db41b66e914ca2ed496e0bef6d4a0b73fc832f5d5eba958d8a56a5e93"},"time":"2019-06-24T20:15:01.0000000Z"}"#,
            #"{"category":"kube-apiserver","ccpNamespace":"5e389635e591690001a20769","properties":{"log":"E0624 20:15:02.100000       1 runtime.go:78] Observed a panic: \"invalid memory address or nil pointer dereference\"\n","stream":"stderr","pod":"kube-apiserver-5c5ff66d9-9bfxz"},"time":"2019-06-24T20:15:02.1000000Z","Cloud":"AzureCloud"}"#,
            #"{"category":"kube-apiserver","ccpNamespace":"5e389635e591690001a20769","properties":{"log":"\t/usr/local/go/src/net/http/server.go:2007 +0x213\n","stream":"stderr","pod":"kube-apiserver-5c5ff66d9-9bfxz"},"time":"2019-06-24T20:15:02.1000000Z","Cloud":"AzureCloud"}"#,
        ], records: [
            SampleRecord("I0624 20:14:59.855669       1 wrap.go:47] PUT /api/v1/namespaces/kube-system/endpoints/kube-scheduler?timeout=10s:(9.05251ms) 200 [hyperkube/v1.12.8 (linux/amd64) kubernetes/a89f8c1/leader-election 172.31.1.1:48110]",
                         time: "2019-06-24T20:14:59.855669Z", component: "kube-apiserver", pid: 1, severity: "I"),
            SampleRecord("E0624 20:15:01.000001       1 garbagecollector.go:754] failed to discover some groups: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request]",
                         time: "2019-06-24T20:15:01.000001Z", component: "kube-controller-manager", pid: 1, severity: "E"),
            SampleRecord("E0624 20:15:02.100000       1 runtime.go:78] Observed a panic: \"invalid memory address or nil pointer dereference\"\n\t/usr/local/go/src/net/http/server.go:2007 +0x213",
                         time: "2019-06-24T20:15:02.100000Z", component: "kube-apiserver", pid: 1, severity: "E"),
        ], source: "AKS resource logs in a storage account: the record shape and the kube-apiserver line of SumoLogic/sumologic-documentation#5294 (docs/integrations/microsoft-azure/kubernetes.md), the `ccpNamespace`/`Cloud` keys of the AKS record in elastic/beats#25127, the field list of MicrosoftDocs/azure-docs articles/aks/view-master-logs.md, `properties.log` as a string of any content in Azure/AKS#4092; the panic and its frame, one record per line, are written here to show the join"),
    ]
}
