/// Knows the control-plane component names and how to recognise them in paths, journald
/// identifiers and klog source files.
public enum ComponentNames {
    /// Most specific first: `cloud-controller-manager` before `controller-manager`.
    public static let known = [
        "cloud-controller-manager", "kube-controller-manager", "kube-apiserver", "kube-scheduler",
        "etcd", "kubelet", "metrics-server", "kube-proxy", "coredns", "containerd", "cri-o", "crio",
        "konnectivity-agent", "konnectivity-server", "cluster-autoscaler", "kube-state-metrics", "aws-iam-authenticator",
        // Records made from Kubernetes object documents (`KubeObjects`): events, object conditions.
        "kube-events", "kube-objects",
    ]

    /// The component a path (or identifier) names, if any. A known name followed by `-operator`
    /// names the operator that manages the component (OpenShift's kube-apiserver-operator,
    /// etcd-operator), not the component. The bare words `apiserver`, `controller-manager` and
    /// `scheduler` count only as a whole word at the start of the name or after `/`, `_` or `.`:
    /// `capz-controller-manager` (a Cluster API provider, as kubebuilder names every operator's
    /// deployment), `descheduler` and `openshift-apiserver` are other programs.
    public static func fromName(_ s: String) -> String? {
        let lower = s.lowercased()
        for k in known where occurs(k, in: lower, notFollowedBy: "-operator") { return k == "crio" ? "cri-o" : k }
        // The audit log is kube-apiserver's (`--audit-log-path`, often /var/log/kubernetes/audit.log).
        for (word, component) in [("apiserver", "kube-apiserver"), ("controller-manager", "kube-controller-manager"),
                                  ("scheduler", "kube-scheduler"),
                                  // EKS's authenticator log stream (`authenticator-<hash>`).
                                  ("authenticator", "aws-iam-authenticator")] where startsWord(word, in: lower) {
            return component
        }
        return nil
    }

    /// Whether `word` occurs in `s` at least once without `suffix` right after it.
    static func occurs(_ word: String, in s: String, notFollowedBy suffix: String) -> Bool {
        let h = Array(s.utf8), w = Array(word.utf8), x = Array(suffix.utf8)
        guard w.count <= h.count else { return false }
        for i in 0...(h.count - w.count) where h[i..<(i + w.count)].elementsEqual(w) {
            if !h[(i + w.count)...].starts(with: x) { return true }
        }
        return false
    }

    /// Whether `word` occurs in `s` at the start or right after `/`, `_` or `.`, and is not
    /// followed by a letter or digit nor by `-operator`.
    static func startsWord(_ word: String, in s: String) -> Bool {
        let h = Array(s.utf8), w = Array(word.utf8), op = Array("-operator".utf8)
        guard w.count <= h.count else { return false }
        for i in 0...(h.count - w.count) where h[i..<(i + w.count)].elementsEqual(w) {
            let starts = i == 0 || [UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: ".")].contains(h[i - 1])
            let j = i + w.count
            let ends = j == h.count || !(h[j] >= UInt8(ascii: "0") && h[j] <= UInt8(ascii: "9") || h[j] >= UInt8(ascii: "a") && h[j] <= UInt8(ascii: "z"))
            if starts && ends && !h[j...].starts(with: op) { return true }
        }
        return false
    }

    /// An apiserver audit log by its file name (`audit.log`, `kube-apiserver-audit.log`,
    /// `audit-2024-03-12T10-00-00.000.log`), not the Linux audit daemon's /var/log/audit/audit.log.
    public static func isAuditLog(path: String) -> Bool {
        let lower = path.lowercased()
        guard let base = lower.split(separator: "/").last else { return false }
        return base.contains("audit") && !lower.contains("var/log/audit/")
    }

    /// Components recognised from the klog source file of a record, for streams that mix
    /// components (k3s, rke2 journald) or have no name.
    /// The node in a pod name `<component>-<node>`: only static pods are named so, and their pod
    /// directory's uid is the 32-hex config hash, not a UUID. The generated suffix of a Deployment
    /// or DaemonSet pod (`6d9b5c8f7c-h2m4x`, `x7k2p`: Kubernetes' random alphabet, no vowels) is
    /// not a node: the node then comes from the directory the logs were collected under, or stays unknown.
    public static func nodeOfPod(_ pod: String, component: String, uid: String? = nil) -> String? {
        guard pod.hasPrefix(component + "-"), pod.count > component.count + 1 else { return nil }
        if let u = uid, u.contains("-") { return nil }   // a UUID: an API-created pod, not a static one
        let rest = pod.dropFirst(component.count + 1)
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        let generated = (parts.count == 1 && parts[0].count == 5 && parts[0].allSatisfy(isRandomAlphabet))
            || (parts.count == 2 && (6...10).contains(parts[0].count) && parts[1].count == 5 && parts.allSatisfy { $0.allSatisfy(isRandomAlphabet) })
        return generated ? nil : String(rest)
    }

    /// `k8s.io/apimachinery/pkg/util/rand`'s alphabet for generated names.
    static func isRandomAlphabet(_ c: Character) -> Bool { "bcdfghjklmnpqrstvwxz2456789".contains(c) }

    public static func fromSourceFile(_ file: String) -> String? {
        sourceFiles[file]
    }

    static let sourceFiles: [String: String] = [
        "httplog.go": "kube-apiserver", "wrap.go": "kube-apiserver", "available_controller.go": "kube-apiserver",
        "remote_available_controller.go": "kube-apiserver", "handler_proxy.go": "kube-apiserver",
        "authentication.go": "kube-apiserver", "dispatcher.go": "kube-apiserver", "trace.go": "kube-apiserver",
        "namespace_controller.go": "kube-controller-manager", "namespaced_resources_deleter.go": "kube-controller-manager",
        "garbagecollector.go": "kube-controller-manager", "resource_quota_controller.go": "kube-controller-manager",
        "controllermanager.go": "kube-controller-manager",
        "route_controller.go": "cloud-controller-manager", "routes.go": "cloud-controller-manager",
        "alicloud.go": "cloud-controller-manager", "clientmgr.go": "cloud-controller-manager",
        "scheduler.go": "kube-scheduler", "schedule_one.go": "kube-scheduler",
        "kubelet.go": "kubelet", "kubelet_node_status.go": "kubelet", "pod_workers.go": "kubelet",
        "scraper.go": "metrics-server",
    ]
}
