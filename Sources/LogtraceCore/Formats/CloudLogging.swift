/// Google Cloud Logging `LogEntry` objects, one per line: what a Cloud Logging sink writes to a
/// Cloud Storage bucket (`container.googleapis.com/apiserver/2024/03/12/09:00:00_09:59:59_S0.json`)
/// and what `gcloud logging read --format=json | jq -c '.[]'` prints. GKE's control plane logs
/// are `{"insertId":…,"jsonPayload":{"message":"<klog message>"},"logName":"projects/P/logs/container.googleapis.com%2Fapiserver",
/// "resource":{"type":"k8s_control_plane_component","labels":{"component_name":"apiserver",…}},
/// "severity":"INFO","sourceLocation":{"file":"get.go","line":"278"},"timestamp":"<RFC 3339>",…}`.
///
/// The line is `textPayload`, or `jsonPayload.message` (the whole `jsonPayload` when it has no
/// message), dated by `timestamp`, at `severity`. The component is the resource's
/// `component_name` or `container_name`, else the log name's last part (`apiserver`, `scheduler`,
/// `controller-manager`); the node is the resource's `node_name` (a `k8s_node` entry), none for
/// the control plane.
public struct CloudLogging: FileWrapper {
    public static let id = "cloud-logging"

    private var scratch: [UInt8] = []
    private var nameMemo = ByteMemo()
    private var component: String?
    private var nodeMemo = ByteMemo()
    private var node: String?

    public init() {}

    public static func detect(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let p = line.baseAddress, line.count > 2, p.load(as: UInt8.self) == UInt8(ascii: "{") else { return false }
        var logName = false, payload = false
        let ok = JSONScanner.scan(p, line.count) { key, _ in
            if key.elementsEqual("logName".utf8) { logName = true }
            if key.elementsEqual("textPayload".utf8) || key.elementsEqual("jsonPayload".utf8) { payload = true }
        }
        return ok && logName && payload
    }

    struct Fields {
        var time: Int64?
        var severity: Severity?
        /// Bytes naming the component (resource label, else the log name's last part).
        var name: [UInt8] = []
        var node: [UInt8] = []
        var stream = 0
    }

    /// One entry's fields, its line into `out`; nil when the line is no LogEntry with a payload.
    static func decode(_ line: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Fields? {
        guard let p = line.baseAddress else { return nil }
        var f = Fields(), logName: [UInt8] = [], text: [UInt8]?, json: Range<Int>?, resource: Range<Int>?
        var timestamp: [UInt8] = [], source: Range<Int>?
        guard JSONScanner.scan(p, line.count, { key, value in
            switch value {
            case .string(let s):
                if key.elementsEqual("textPayload".utf8) { text = s }
                else if key.elementsEqual("timestamp".utf8) {
                    timestamp = s
                    f.time = s.withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time }
                }
                else if key.elementsEqual("severity".utf8) { f.severity = severity(s) }
                else if key.elementsEqual("logName".utf8) { logName = s }
            case .raw(let r):
                if key.elementsEqual("jsonPayload".utf8) { json = r }
                else if key.elementsEqual("resource".utf8) { resource = r }
                else if key.elementsEqual("sourceLocation".utf8) { source = r }
            default: break
            }
        }) else { return nil }
        if let r = resource {
            var labels: Range<Int>?
            _ = JSONScanner.scan(p + r.lowerBound, r.count) { key, value in
                if key.elementsEqual("labels".utf8), case .raw(let l) = value { labels = l.lowerBound + r.lowerBound..<l.upperBound + r.lowerBound }
            }
            if let l = labels {
                var component: [UInt8] = [], container: [UInt8] = [], pod: [UInt8] = []
                _ = JSONScanner.scan(p + l.lowerBound, l.count) { key, value in
                    guard case .string(let s) = value else { return }
                    if key.elementsEqual("component_name".utf8) { component = s }
                    else if key.elementsEqual("container_name".utf8) { container = s }
                    else if key.elementsEqual("pod_name".utf8) { pod = s }
                    else if key.elementsEqual("node_name".utf8) { f.node = s }
                }
                f.name = !component.isEmpty ? component : container
                var h = Hasher(); h.combine(pod); h.combine(container)
                f.stream = h.finalize() | 1
            }
        }
        if f.name.isEmpty, let slash = lastPart(logName) { f.name = slash }
        var message: [UInt8]
        if let text {
            message = text
        } else if let j = json {
            var m: [UInt8]?
            _ = JSONScanner.scan(p + j.lowerBound, j.count) { key, value in
                if key.elementsEqual("message".utf8), case .string(let s) = value { m = s }
            }
            guard let m else {   // no message: the payload itself, a JSON record if it is one
                out = Array(UnsafeRawBufferPointer(start: p + j.lowerBound, count: j.count))
                return f
            }
            message = m
        } else {
            return nil
        }
        while let last = message.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { message.removeLast() }
        let klog = message.withUnsafeBytes { $0.count > 1 && BareLines.startsKlog($0.baseAddress!, $0.count) }
        if klog || message.first == UInt8(ascii: "{") {
            out = message
            return f
        }
        // A message without klog's header (GKE keeps the severity, time and caller apart): the
        // entry as the JSON record component-base would have written, so it is read as one
        // (severity, time, source file) rather than as a line nothing understood.
        var caller: [UInt8] = []
        if let r = source {
            var file: [UInt8] = [], line: [UInt8] = []
            _ = JSONScanner.scan(p + r.lowerBound, r.count) { key, value in
                switch value {
                case .string(let s): if key.elementsEqual("file".utf8) { file = s } else if key.elementsEqual("line".utf8) { line = s }
                case .number(let n): if key.elementsEqual("line".utf8) { line = Array(UnsafeRawBufferPointer(start: p + r.lowerBound + n.lowerBound, count: n.count)) }
                default: break
                }
            }
            if !file.isEmpty { caller = file + (line.isEmpty ? [] : [UInt8(ascii: ":")] + line) }
        }
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: #"{"msg":""#.utf8)
        message.withUnsafeBytes { DockerJSON.escape($0, &out) }
        out.append(UInt8(ascii: "\""))
        if let sev = f.severity {
            out.append(contentsOf: #","level":""#.utf8)
            out.append(contentsOf: ["info", "warning", "error", "fatal"][sev.rawValue].utf8)
            out.append(UInt8(ascii: "\""))
        }
        if !timestamp.isEmpty {
            out.append(contentsOf: #","ts":""#.utf8)
            timestamp.withUnsafeBytes { DockerJSON.escape($0, &out) }
            out.append(UInt8(ascii: "\""))
        }
        if !caller.isEmpty {
            out.append(contentsOf: #","caller":""#.utf8)
            caller.withUnsafeBytes { DockerJSON.escape($0, &out) }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return f
    }

    /// `projects/P/logs/container.googleapis.com%2Fapiserver` -> `apiserver`.
    static func lastPart(_ name: [UInt8]) -> [UInt8]? {
        var cut = -1, i = 0
        while i < name.count {
            if name[i] == UInt8(ascii: "/") { cut = i + 1 }
            else if name[i] == UInt8(ascii: "%"), i + 2 < name.count, name[i + 1] == UInt8(ascii: "2"), name[i + 2] | 0x20 == UInt8(ascii: "f") { cut = i + 3 }
            i += 1
        }
        return cut > 0 && cut < name.count ? Array(name[cut...]) : nil
    }

    /// Cloud Logging's LogSeverity names.
    static func severity(_ s: [UInt8]) -> Severity? {
        switch String(decoding: s, as: UTF8.self) {
        case "DEFAULT", "DEBUG", "INFO", "NOTICE": return .info
        case "WARNING": return .warning
        case "ERROR": return .error
        case "CRITICAL", "ALERT", "EMERGENCY": return .fatal
        default: return nil
        }
    }

    public mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver) {
        if !feedEntry(line, lineNumber, out) { out.emit(line, lineNumber, hits, LineContext()) }
    }

    /// Hands on one entry (a whole `LogEntry` object, on one line or gathered from several by
    /// `CloudLoggingArray`) and returns true, or returns false when it is no entry with a payload.
    mutating func feedEntry(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ out: StreamDriver) -> Bool {
        guard let f = Self.decode(line, into: &scratch) else { return false }
        if !f.name.withUnsafeBytes({ nameMemo.same($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, 0..<$0.count) }) {
            let name = String(decoding: f.name, as: UTF8.self)
            component = name.isEmpty ? nil : ComponentNames.fromName(name) ?? name
        }
        if !f.node.withUnsafeBytes({ nodeMemo.same($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, 0..<$0.count) }) {
            node = f.node.isEmpty ? nil : String(decoding: f.node, as: UTF8.self)
        }
        var ctx = LineContext()
        ctx.wrapperTime = f.time
        ctx.severity = f.severity
        ctx.streamKey = f.stream
        ctx.component = component
        ctx.node = node
        let decoded = scratch
        decoded.withUnsafeBytes { out.emitJoined($0, lineNumber, ctx) }
        return true
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "container.googleapis.com/apiserver/2025/10/13/08:00:00_08:59:59_S0.json", lines: [
            #"{"insertId":"238n5ebl11v8lc1x","jsonPayload":{"message":"\"Starting watch\" path=\"/api/v1/namespaces/external-accounts \" resourceVersion=\"17603423543179000\" timeout=\"7m10s\""},"logName":"projects/prod-gke-apigw/logs/container.googleapis.com%2Fapiserver","resource":{"labels":{"location":"europe-west3","project_id":"prod-gke-apigw "},"type":"k8s_control_plane_component"},"severity":"INFO","sourceLocation":{"file":"get.go","line":"278"},"timestamp":"2025-10-13T08:54:02.009817Z"}"#,
            #"{"insertId":"x1","jsonPayload":{"message":"\"Unable to schedule pod; no fit; waiting\" pod=\"default/web-0\" err=\"0/3 nodes are available: 3 Insufficient cpu.\""},"logName":"projects/p/logs/container.googleapis.com%2Fscheduler","resource":{"type":"k8s_control_plane_component","labels":{"cluster_name":"c1","component_name":"scheduler","location":"us-central1","project_id":"p"}},"severity":"ERROR","timestamp":"2025-10-13T08:54:03Z"}"#,
            #"{"insertId":"x2","textPayload":"E1013 08:54:04.100000       1 controller.go:114] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503","logName":"projects/p/logs/container.googleapis.com%2Fapiserver","resource":{"type":"k8s_control_plane_component","labels":{"component_name":"apiserver"}},"severity":"ERROR","timestamp":"2025-10-13T08:54:04.1Z"}"#,
        ], records: [
            SampleRecord(#""Starting watch" path="/api/v1/namespaces/external-accounts " resourceVersion="17603423543179000" timeout="7m10s""#,
                         time: "2025-10-13T08:54:02.009817Z", component: "kube-apiserver", severity: "I"),
            SampleRecord(#""Unable to schedule pod; no fit; waiting" pod="default/web-0" err="0/3 nodes are available: 3 Insufficient cpu.""#,
                         time: "2025-10-13T08:54:03.000000Z", component: "kube-scheduler", severity: "E"),
            SampleRecord("E1013 08:54:04.100000       1 controller.go:114] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503",
                         time: "2025-10-13T08:54:04.100000Z", component: "kube-apiserver", pid: 1, severity: "E"),
        ], source: "GKE control plane LogEntry: the apiserver entry of Dynatrace's docs (docs.dynatrace.com, Logs, 'Log message' column), the schema of GoogleCloudPlatform/gke-mcp#133 (pkg/tools/logging/schemas: logName container.googleapis.com%2F{apiserver,scheduler,controller-manager}, resource.labels.component_name, jsonPayload or textPayload); the scheduler and textPayload entries are written here in that schema"),
    ]
}
