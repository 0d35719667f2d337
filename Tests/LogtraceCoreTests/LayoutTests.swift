import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// One test dump per collection layout of docs/collecting-logs.md: what each collector writes,
/// reduced to one kube-apiserver line (and a kubelet journal where the layout has one). Each
/// input must be read with its component, node and time.
@Suite struct LayoutTests {
    static let line = "E0312 09:21:04.341767       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response"
    static let cri = "2024-03-12T09:21:04.341767000Z stderr F " + line
    static let ts = "2024-03-12T09:21:04.341767000Z " + line

    /// `aws logs tail` (detailed): the event time (ms, as CloudWatch keeps it), the log stream, the line.
    static func eks(_ stream: String, _ text: String) -> String {
        "2024-03-12T09:21:04.341000+00:00 \(stream) \(text)"
    }

    /// An AKS resource log record as a diagnostic setting archives it (one JSON object per line).
    static func aks(_ category: String, _ text: String, pod: String = "kube-apiserver-796bd9b775-xqk5s") -> String {
        #"{"operationName":"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read","category":""# + category
            + #"","ccpNamespace":"5e389635e591690001a20769","resourceId":"/SUBSCRIPTIONS/0000AAAA-0000-0000-0000-000000000000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS1","properties":{"log":""#
            + json(text) + #"\n","stream":"stderr","pod":""# + pod + #"","containerID":"2d6cac1300da3226323fd1b936fe8278b87cba2b7a1bbd9c8401da6f8e786f5e"},"time":"2024-03-12T09:21:04.3417670Z","Cloud":"AzureCloud","Environment":"prod"}"#
    }

    /// A GKE control plane LogEntry, with a text or a JSON payload.
    static func gke(_ component: String, text: String? = nil, message: String? = nil, severity: String = "ERROR") -> String {
        let payload = text.map { #""textPayload":""# + json($0) + "\"" } ?? #""jsonPayload":{"message":""# + json(message ?? "") + "\"}"
        return #"{"insertId":"1b2c3d","# + payload + #","logName":"projects/p1/logs/container.googleapis.com%2F"# + component
            + #"","receiveTimestamp":"2024-03-12T09:21:05.000000000Z","resource":{"type":"k8s_control_plane_component","labels":{"cluster_name":"c1","component_name":""#
            + component + #"","location":"europe-west3","project_id":"p1"}},"severity":""# + severity + #"","timestamp":"2024-03-12T09:21:04.341767Z"}"#
    }

    /// `gcloud logging read --format=json`: the same entries as `gke`, as gcloud prints them: one
    /// array, each entry's keys sorted and indented by two spaces, `  },` between entries (the
    /// layout of gcloud's output quoted in epeld/gcloudhelper src/main/java/gcloudhelper/LogEntry.java
    /// and of allinurl/goaccess#2895).
    static func gcloud(_ entries: [(component: String, text: String?, message: String?, severity: String)]) -> String {
        var s = "[\n"
        for (i, e) in entries.enumerated() {
            s += "  {\n"
            s += "    \"insertId\": \"1b2c3d\",\n"
            if let m = e.message { s += "    \"jsonPayload\": {\n      \"message\": \"\(json(m))\"\n    },\n" }
            s += "    \"logName\": \"projects/p1/logs/container.googleapis.com%2F\(e.component)\",\n"
            s += "    \"receiveTimestamp\": \"2024-03-12T09:21:05.000000000Z\",\n"
            s += "    \"resource\": {\n      \"labels\": {\n        \"cluster_name\": \"c1\",\n        \"component_name\": \"\(e.component)\",\n"
            s += "        \"location\": \"europe-west3\",\n        \"project_id\": \"p1\"\n      },\n      \"type\": \"k8s_control_plane_component\"\n    },\n"
            s += "    \"severity\": \"\(e.severity)\",\n"
            if let t = e.text { s += "    \"textPayload\": \"\(json(t))\",\n" }
            s += "    \"timestamp\": \"2024-03-12T09:21:04.341767Z\"\n"
            s += i == entries.count - 1 ? "  }\n" : "  },\n"
        }
        return s + "]"
    }

    static func json(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// layout -> files (path -> one line) and, per file, the expected component and node.
    static let layouts: [(name: String, files: [(path: String, text: String, component: String, node: String?)])] = [
        ("kubeadm control plane", [
            ("var/log/pods/kube-system_kube-apiserver-cp-1_0123456789abcdef/kube-apiserver/0.log", cri, "kube-apiserver", "cp-1"),
            ("var/log/containers/kube-apiserver-cp-1_kube-system_kube-apiserver-0123456789abcdef.log", cri, "kube-apiserver", "cp-1"),
            ("cp-1/kubelet.log", "2024-03-12T09:21:04.341767+00:00 cp-1 kubelet[812]: " + line, "kubelet", "cp-1"),
        ]),
        ("kubectl logs --timestamps of a static pod", [
            ("kube-apiserver-cp-1.log", ts, "kube-apiserver", "cp-1"),
        ]),
        ("kubectl cluster-info dump", [
            ("kube-system/kube-apiserver-cp-1/logs.txt", line, "kube-apiserver", "cp-1"),
        ]),
        ("OpenShift must-gather", [
            ("namespaces/openshift-kube-apiserver/pods/kube-apiserver-cp-1/kube-apiserver/kube-apiserver/logs/current.log", ts, "kube-apiserver", "cp-1"),
        ]),
        ("kind export logs", [
            ("kind-control-plane/pods/kube-system_kube-apiserver-kind-control-plane_0123/kube-apiserver/0.log", cri, "kube-apiserver", "kind-control-plane"),
            ("kind-control-plane/containers/kube-apiserver-kind-control-plane_kube-system_kube-apiserver-0123.log", cri, "kube-apiserver", "kind-control-plane"),
            ("kind-control-plane/kubelet.log", "Mar 12 09:21:04 kind-control-plane kubelet[812]: " + line, "kubelet", "kind-control-plane"),
        ]),
        ("sosreport", [
            ("sosreport-cp-1-2024-03-12-xkcdabc/var/log/pods/kube-system_kube-apiserver-cp-1_0123/kube-apiserver/0.log", cri, "kube-apiserver", "cp-1"),
            ("sosreport-cp-1-2024-03-12-xkcdabc/sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet", "Mar 12 09:21:04 cp-1 kubelet[812]: " + line, "kubelet", "cp-1"),
        ]),
        ("EKS: aws logs tail of the cluster's log group", [
            ("eks-prod/cluster.log", eks("kube-apiserver-0b6c3ac9d3a0e91b4dd8d2d8e2c0f4e5", line), "kube-apiserver", nil),
            // One stream per file (`--log-stream-names`): the audit stream's name is no node.
            ("eks-prod/kube-apiserver-audit-0b6c3ac9d3a0e91b4dd8d2d8e2c0f4e5.log", eks("kube-apiserver-audit-0b6c3ac9d3a0e91b4dd8d2d8e2c0f4e5", line), "kube-apiserver", nil),
        ]),
        ("AKS: diagnostic setting to a storage account", [
            ("aks/insights-logs-kube-apiserver/resourceId=/SUBSCRIPTIONS/0000AAAA-0000-0000-0000-000000000000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS1/y=2024/m=03/d=12/h=09/m=00/PT1H.json",
             aks("kube-apiserver", line), "kube-apiserver", nil),
        ]),
        ("GKE: Cloud Logging sink to Cloud Storage, or gcloud logging read --format=json | jq -c '.[]'", [
            ("gke/container.googleapis.com/apiserver/2024/03/12/09:00:00_09:59:59_S0.json", gke("apiserver", text: line), "kube-apiserver", nil),
            ("gke-prod/control-plane.json", gke("apiserver", text: line), "kube-apiserver", nil),
        ]),
        // The export docs/collecting-logs.md gives for ACK's Logstores (no wrapper: their record
        // layout is not public): plain lines, one file per component, in the directory named.
        ("ACK: Simple Log Service Logstores exported as plain files", [
            ("kube-apiserver.log", line, "kube-apiserver", nil),
            ("cloud-controller-manager.log", line, "cloud-controller-manager", nil),
        ]),
        ("GKE: gcloud logging read --format=json (one indented array)", [
            ("gke-prod/gcloud-read.json", gcloud([("apiserver", line, nil, "ERROR")]), "kube-apiserver", nil),
        ]),
    ]

    @Test(arguments: layouts.indices) func layoutIsUnderstood(_ i: Int) throws {
        let (name, files) = Self.layouts[i]
        var map: [String: String] = [:]
        for f in files { map[f.path] = f.text + "\n" }
        let dir = try tempDir(map)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = AnalysisOptions()
        o.read.year = 2024
        let log = DiagnosticLog()
        let result = Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: log)
        #expect(result.inputs.count == files.count, "\(name): \(result.inputs.map(\.path))")
        for f in files {
            let input = try #require(result.inputs.first { $0.path.hasSuffix("/" + f.path) }, "\(name): \(f.path) not read")
            #expect(input.component == f.component || input.components.contains(f.component), "\(name): \(f.path) component \(input.component ?? "nil")")
            #expect(input.node == f.node, "\(name): \(f.path) node \(input.node ?? "nil")")
            #expect(input.records == 1 && input.unparsed == 0, "\(name): \(f.path)")
            #expect(input.first.map(Timestamp.rfc3339) == "2024-03-12T09:21:04.341767Z", "\(name): \(f.path) time")
        }
    }

    /// A managed control plane's export mixes components in one file: each line's component
    /// comes from its stream, category or log name, no file names a node, and nothing is left
    /// unparsed. Without the wrappers, these lines are text: wrong or no component, a node from
    /// a directory (`resourceId=`, `eks-prod`), unparsed lines.
    @Test func managedExportsNameEachLinesComponent() throws {
        let ccm = #"E0312 09:21:04.500000       1 route_controller.go:121] Couldn't reconcile node routes: Forbidden.RAM"#
        let kcm = "W0312 09:21:04.342001      11 garbagecollector.go:754] failed to discover some groups: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request]"
        let files: [String: String] = [
            "eks-prod/cluster.log": [
                Self.eks("kube-apiserver-0b6c3ac9d3a0e91b4dd8d2d8e2c0f4e5", Self.line),
                Self.eks("kube-controller-manager-5d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a", kcm),
                Self.eks("cloud-controller-manager-9a8b7c6d5e4f30211203948576a8b9c0", ccm),
                "2024-03-12T09:21:06.000000+00:00 authenticator-8f7e6d5c4b3a29181716151413121110 time=\"2024-03-12T09:21:06Z\" level=info msg=\"access granted\" arn=\"arn:aws:iam::111122223333:role/node\"",
            ].joined(separator: "\n") + "\n",
            "aks-export/insights-logs-kube-controller-manager/resourceId=/SUBSCRIPTIONS/0000AAAA-0000-0000-0000-000000000000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS1/y=2024/m=03/d=12/h=09/m=00/PT1H.json": [
                Self.aks("kube-controller-manager", kcm, pod: "kube-controller-manager-59fd65c5bd-694kh"),
                Self.aks("cloud-controller-manager", ccm, pod: "cloud-controller-manager-7c9d8b6f5d-k2x4p"),
            ].joined(separator: "\n") + "\n",
            "gke-prod/control-plane.json": [
                Self.gke("apiserver", text: Self.line),
                Self.gke("scheduler", message: #""Unable to schedule pod; no fit; waiting" pod="default/web-0" err="0/3 nodes are available: 3 Insufficient cpu.""#, severity: "WARNING"),
                Self.gke("controller-manager", message: "failed to discover some groups", severity: "ERROR"),
            ].joined(separator: "\n") + "\n",
            "gke-gcloud/control-plane.json": Self.gcloud([
                ("apiserver", Self.line, nil, "ERROR"),
                ("scheduler", nil, #""Unable to schedule pod; no fit; waiting" pod="default/web-0" err="0/3 nodes are available: 3 Insufficient cpu.""#, "WARNING"),
                ("controller-manager", nil, "failed to discover some groups", "ERROR"),
            ]) + "\n",
        ]
        let dir = try tempDir(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = AnalysisOptions()
        o.read.year = 2024
        let result = Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: DiagnosticLog())
        // The authenticator's logrus line is text logtrace has no format for: one unparsed line.
        let want: [String: (wrapper: String, components: Set<String>, records: Int, unparsed: Int, first: String)] = [
            "eks-prod/cluster.log": ("plain", ["kube-apiserver", "kube-controller-manager", "cloud-controller-manager", "aws-iam-authenticator"], 4, 1, "2024-03-12T09:21:04.341767Z"),
            "PT1H.json": ("azure-diagnostics", ["kube-controller-manager", "cloud-controller-manager"], 2, 0, "2024-03-12T09:21:04.342001Z"),
            "gke-prod/control-plane.json": ("cloud-logging", ["kube-apiserver", "kube-scheduler", "kube-controller-manager"], 3, 0, "2024-03-12T09:21:04.341767Z"),
            "gke-gcloud/control-plane.json": ("cloud-logging-array", ["kube-apiserver", "kube-scheduler", "kube-controller-manager"], 3, 0, "2024-03-12T09:21:04.341767Z"),
        ]
        #expect(result.inputs.count == 4)
        for (suffix, w) in want {
            let input = try #require(result.inputs.first { $0.path.hasSuffix(suffix) }, "\(suffix) not read")
            #expect(input.wrapper == w.wrapper, "\(suffix): wrapper \(input.wrapper)")
            #expect(input.components.union(input.component.map { [$0] } ?? []) == w.components, "\(suffix): \(input.components)")
            #expect(input.node == nil, "\(suffix): node \(input.node ?? "")")
            #expect(input.records == w.records && input.unparsed == w.unparsed, "\(suffix): \(input.records) records, \(input.unparsed) unparsed")
            #expect(input.first.map(Timestamp.rfc3339) == w.first, "\(suffix): first \(input.first.map(Timestamp.rfc3339) ?? "nil")")
        }
    }

    /// gcloud's array read as a stream: each entry is one record at its `{` line, with the same
    /// message, severity, time and component as its one-line form; an element that is no entry
    /// and an array cut short keep their lines as lines not understood.
    @Test func gcloudArrayReadsAsItsOneLineForm() throws {
        let entries: [(component: String, text: String?, message: String?, severity: String)] = [
            ("apiserver", Self.line, nil, "ERROR"), ("scheduler", nil, "failed to schedule", "WARNING")]
        let array = Self.gcloud(entries)
        let oneLine = entries.map { Self.gke($0.component, text: $0.text, message: $0.message, severity: $0.severity) }.joined(separator: "\n")
        let (a, aLog) = parseRecords(array + "\n", name: "gcloud.json")
        let (b, _) = parseRecords(oneLine + "\n", name: "sink.json")
        #expect(a.map(\.message) == b.map(\.message) && a.count == 2, "\(a.map(\.message))")
        #expect(a.map(\.severity) == b.map(\.severity) && a.map(\.time) == b.map(\.time) && a.map(\.component) == b.map(\.component))
        #expect(a.map(\.line) == [2, 19], "\(a.map(\.line))")
        #expect(aLog.sorted.isEmpty, "\(aLog.sorted.map(\.message))")
        // Chunked reads (a buffer boundary inside an entry) give the same records.
        let (c, _) = parseRecords(array + "\n", name: "gcloud.json", chunk: 7)
        #expect(c.map(\.message) == a.map(\.message) && c.map(\.line) == a.map(\.line))
    }

    @Test func gcloudArrayKeepsWhatIsNoEntry() throws {
        let entries = Self.gcloud([("apiserver", Self.line, nil, "ERROR")])
        // An element that is no LogEntry (3 lines), then an entry cut short by the end of the file (3 lines).
        let damaged = String(entries.dropLast(2)) + ",\n  {\n    \"kind\": \"Event\"\n  },\n  {\n    \"insertId\": \"x\",\n    \"logName\": \"projects/p1/logs/a\"\n"
        let dir = try tempDir(["damaged.json": damaged])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = AnalysisOptions()
        o.read.year = 2024
        let result = Analyzer(rules: builtinRules, options: o).run(paths: [dir], log: DiagnosticLog())
        let input = try #require(result.inputs.first)
        #expect(input.wrapper == "cloud-logging-array")
        #expect(input.unparsed == 6, "\(input.records) records, \(input.unparsed) unparsed")
    }

    /// An entry longer than --max-line is not gathered past it: a warning, and its lines kept as they are.
    @Test func gcloudArrayEntryPastMaxLine() throws {
        let long = String(repeating: "x", count: 900)
        let text = Self.gcloud([("apiserver", Self.line, nil, "ERROR"), ("apiserver", "E0312 09:21:05.000000       1 a.go:1] " + long + " " + long, nil, "ERROR"), ("apiserver", Self.line, nil, "ERROR")])
        let (records, log) = parseRecords(text + "\n", name: "gcloud.json", maxLine: 1024)
        #expect(records.filter { $0.message.hasPrefix("v1beta1.metrics.k8s.io failed") || $0.message.contains("available_controller") }.count == 2, "\(records.map(\.message))")
        #expect(records.contains { $0.message.contains("\"insertId\"") }, "the long entry's lines are kept")
        #expect(log.sorted.contains { $0.message.contains("longer than --max-line") }, "\(log.sorted.map(\.message))")
    }
}
