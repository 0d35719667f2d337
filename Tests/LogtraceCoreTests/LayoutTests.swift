import Foundation
import Testing
@testable import LogtraceCore

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
        ]
        #expect(result.inputs.count == 3)
        for (suffix, w) in want {
            let input = try #require(result.inputs.first { $0.path.hasSuffix(suffix) }, "\(suffix) not read")
            #expect(input.wrapper == w.wrapper, "\(suffix): wrapper \(input.wrapper)")
            #expect(input.components.union(input.component.map { [$0] } ?? []) == w.components, "\(suffix): \(input.components)")
            #expect(input.node == nil, "\(suffix): node \(input.node ?? "")")
            #expect(input.records == w.records && input.unparsed == w.unparsed, "\(suffix): \(input.records) records, \(input.unparsed) unparsed")
            #expect(input.first.map(Timestamp.rfc3339) == w.first, "\(suffix): first \(input.first.map(Timestamp.rfc3339) ?? "nil")")
        }
    }
}
