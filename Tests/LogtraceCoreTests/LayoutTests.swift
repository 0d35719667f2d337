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
        ("managed control plane export (one file per log stream)", [
            ("kube-apiserver-0123abcd.log", ts, "kube-apiserver", nil),
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
}
