import LogtraceKernels

/// Grafana Loki's `logcli query -o jsonl` (and `logcli query --tail -o jsonl`): one JSON object
/// per log entry, `{"labels":{...},"line":"...","timestamp":"..."}`. logcli builds a Go map of
/// the three and marshals it with encoding/json (grafana/loki pkg/logcli/output/jsonl.go and
/// its test), so the keys come sorted, `labels` is left out with `--no-labels`, the line is
/// escaped as Go escapes it (`<`, `>`, `&` as `\u003c`...), and the timestamp is RFC 3339 with
/// up to nine fraction digits in logcli's `--timezone` (UTC by default, else an offset).
///
/// The entry's line is read as a file's line, dated by Loki's timestamp (a klog header keeps its
/// own time and takes its year from it). Component and node come from the stream's labels
/// (`LokiLabels`), and each label set is a stream of its own: a continuation line attaches only
/// to a record of its stream. A line a collector joined (a multi-line stage) holds newlines:
/// each of its lines is fed in turn. A line kept with its CRI wrapper is unwrapped.
///
/// Limit: the reader keeps one pending record, so a continuation line whose record is
/// interrupted by another stream's entry becomes a record of its own (kept and counted, not
/// attached). `logcli query` prints entries in time order across streams, and a record's lines
/// share its time, so this needs two streams logging within the same microseconds.
public struct LokiJSONL: FileWrapper {
    public static let id = "loki"

    private var labelsMemo = ByteMemo()
    private var labels = LokiLabels()

    public init() {}

    /// An object whose keys are `line` and `timestamp` (strings), and `labels` (an object) or none.
    public static func detect(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let p = line.baseAddress, line.count > 10, p.load(as: UInt8.self) == 0x7B,
              line.starts(with: #"{"labels":{"#.utf8) || line.starts(with: #"{"line":""#.utf8) else { return false }
        var keys = 0, other = false
        let ok = JSONScanner.scan(p, line.count) { key, value in
            switch value {
            case .string where key.elementsEqual("line".utf8): keys |= 1
            case .string where key.elementsEqual("timestamp".utf8): keys |= 2
            case .raw where key.elementsEqual("labels".utf8): break
            default: other = true
            }
        }
        return ok && keys == 3 && !other
    }

    public mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver) {
        guard let p = line.baseAddress else { return }
        var text: [UInt8]?
        var time: Int64?
        var labelRange: Range<Int>?
        let ok = JSONScanner.scan(p, line.count) { key, value in
            switch value {
            case .string(let s):
                if key.elementsEqual("line".utf8) { text = s }
                else if key.elementsEqual("timestamp".utf8) { time = s.withUnsafeBytes { $0.count >= 19 ? RFC3339.parse($0.baseAddress!, $0.count)?.time : nil } }
            case .raw(let r):
                if key.elementsEqual("labels".utf8) { labelRange = r }
            default: break
            }
        }
        guard ok, let text else {
            // Not an entry (a line logcli did not write): read as it is.
            out.emit(line, lineNumber, hits, LineContext()); return
        }
        var ctx = LineContext()
        ctx.wrapperTime = time
        if let r = labelRange {
            if !labelsMemo.same(p, r) { labels = LokiLabels(UnsafeRawBufferPointer(rebasing: line[r])) }
            ctx.component = labels.component
            ctx.node = labels.node
            ctx.streamKey = labels.streamKey
        }
        text.withUnsafeBytes { all in
            let n = all.count
            var start = 0
            while true {
                var end = start
                while end < n && all[end] != 0x0A { end += 1 }
                // The newline that ends the last line does not start an empty one.
                if end == n && start == n && n > 0 { break }
                var stop = end
                if stop > start && all[stop - 1] == 0x0D { stop -= 1 }
                var piece = UnsafeRawBufferPointer(rebasing: all[start..<stop])
                var c = ctx
                if CRI.detect(piece), let h = CRI.header(piece) {
                    piece = UnsafeRawBufferPointer(rebasing: piece[h.content...])
                    c.wrapperTime = h.time
                }
                out.emitJoined(piece, lineNumber, c)
                if end >= n { break }
                start = end + 1
            }
        }
    }

    public static let rewrappers = [
        Rewrapper("loki", "logcli query -o jsonl: `{\"labels\":{\"container\":\"<ident>\"},\"line\":\"<escaped line>\",\"timestamp\":\"<RFC3339Nano>\"}`") { line, nanos, ident, out in
            WireText.append(#"{"labels":{"container":""#, &out)
            WireText.append(ident, &out)
            WireText.append(#""},"line":""#, &out)
            DockerJSON.escape(line, &out)
            WireText.append(#"","timestamp":""#, &out)
            WireText.rfc3339(nanos: nanos, trimmed: true, &out)
            WireText.append(#""}"#, &out)
        },
    ]

    /// Entries as logcli prints them around real lines: kubernetes-sigs/metrics-server#1084
    /// (kube-apiserver, with its continuation line) and kubernetes/kubernetes#118357
    /// (kube-controller-manager), in two streams.
    public static let samples: [FormatSample] = [
        FormatSample(file: "loki.jsonl", lines: [
            #"{"labels":{"container":"kube-apiserver","namespace":"kube-system","pod":"kube-apiserver-master-1","stream":"stderr"},"line":"E0905 14:47:55.129404       1 controller.go:116] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable","timestamp":"2022-09-05T14:47:55.129502113Z"}"#,
            #"{"labels":{"container":"kube-apiserver","namespace":"kube-system","pod":"kube-apiserver-master-1","stream":"stderr"},"line":", Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]","timestamp":"2022-09-05T14:47:55.129502114Z"}"#,
            #"{"labels":{"container":"kube-controller-manager","namespace":"kube-system","node_name":"master-2","pod":"kube-controller-manager-master-2"},"line":"E0622 06:00:15.830604       1 namespace_controller.go:159] deletion of namespace crd-webhook-9852 failed: conversion webhook for stable.example.com/v1, Kind=e2e-test-crd-webhook-9707-crd failed: Post \"https://e2e-test-crd-conversion-webhook.crd-webhook-9852.svc:9443/crdconvert?timeout=30s\": service \"e2e-test-crd-conversion-webhook\" not found","timestamp":"2022-06-22T08:00:15.83+02:00"}"#,
            #"{"line":"I0905 14:47:55.129411       1 controller.go:129] OpenAPI AggregationController: action for item v1beta1.metrics.k8s.io: Rate Limited Requeue.","timestamp":"2022-09-05T16:47:55.129511+02:00"}"#,
        ], records: [
            SampleRecord("E0905 14:47:55.129404       1 controller.go:116] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable\n, Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]",
                         time: "2022-09-05T14:47:55.129404Z", component: "kube-apiserver", node: "master-1", pid: 1, severity: "E"),
            SampleRecord("E0622 06:00:15.830604       1 namespace_controller.go:159] deletion of namespace crd-webhook-9852 failed: conversion webhook for stable.example.com/v1, Kind=e2e-test-crd-webhook-9707-crd failed: Post \"https://e2e-test-crd-conversion-webhook.crd-webhook-9852.svc:9443/crdconvert?timeout=30s\": service \"e2e-test-crd-conversion-webhook\" not found",
                         time: "2022-06-22T06:00:15.830604Z", component: "kube-controller-manager", node: "master-2", pid: 1, severity: "E"),
            // --no-labels: the component comes from the klog source file.
            SampleRecord("I0905 14:47:55.129411       1 controller.go:129] OpenAPI AggregationController: action for item v1beta1.metrics.k8s.io: Rate Limited Requeue.",
                         time: "2022-09-05T14:47:55.129411Z", component: nil, pid: 1, severity: "I"),
        ], source: "logcli -o jsonl envelope (grafana/loki pkg/logcli/output/jsonl.go); lines from kubernetes-sigs/metrics-server#1084 and kubernetes/kubernetes#118357"),
    ]
}

/// Component and node of a Loki stream, from its labels as logcli prints them. Component: the
/// first of `container`, `k8s_container_name`, `container_name`, `component`, `app`,
/// `service_name`, `unit`, `systemd_unit`, `job` (its last `/` part) that names a known
/// component, else the first of them present (a `.service` suffix dropped). Node: `node_name`,
/// `node`, `k8s_node_name`, `nodename`, `hostname`, `host`, else the node in a static pod's name
/// (`kube-apiserver-master-1`). `logcli query` leaves out the labels all streams of its answer
/// share (it prints them once on stderr): `--include-label container` keeps one.
public struct LokiLabels {
    public var component: String?
    public var node: String?
    /// Lines continue a record only within one stream (one label set).
    public var streamKey = 0

    static let componentKeys = ["container", "k8s_container_name", "container_name", "component", "app", "service_name", "unit", "systemd_unit", "job"]
    static let nodeKeys = ["node_name", "node", "k8s_node_name", "nodename", "hostname", "host"]

    public init() {}

    public init(_ json: UnsafeRawBufferPointer) {
        var values: [String: String] = [:]
        if let p = json.baseAddress {
            _ = JSONScanner.scan(p, json.count) { key, value in
                if case .string(let s) = value { values[String(decoding: key, as: UTF8.self)] = String(decoding: s, as: UTF8.self) }
            }
        }
        let present = Self.componentKeys.compactMap { k in values[k].flatMap { $0.isEmpty ? nil : $0 } }
        let names = present.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        component = names.lazy.compactMap { ComponentNames.fromName($0) }.first
            ?? names.first.map { $0.hasSuffix(".service") ? String($0.dropLast(8)) : $0 }
        node = Self.nodeKeys.lazy.compactMap { k in values[k].flatMap { $0.isEmpty ? nil : $0 } }.first
        if node == nil, let pod = values["pod"] ?? values["k8s_pod_name"] ?? values["pod_name"], let c = component {
            node = ComponentNames.nodeOfPod(pod, component: c)
        }
        // FNV-1a of the sorted label set: the same stream gives the same key in every run.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in values.keys.sorted() {
            for b in k.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0xFF) &* 0x100_0000_01b3
            for b in values[k]!.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0xFE) &* 0x100_0000_01b3
        }
        // Away from 0 and 1, the keys of CRI's and docker's stdout and stderr.
        streamKey = Int(truncatingIfNeeded: h | 2)
    }
}
