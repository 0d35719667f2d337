/// Version strings of the 1.24.17 control plane (git commit 22a9682).
enum Versions {
    static let kubernetes = "v1.24.17"
    static let platform = "(linux/amd64) kubernetes/22a9682"
}

/// User agents as client-go builds them: `name/version (os/arch) kubernetes/commit[/suffix]`.
enum UserAgent {
    static func controllerManager(_ controller: String) -> String {
        "kube-controller-manager/\(Versions.kubernetes) \(Versions.platform)/system:serviceaccount:kube-system:\(controller)"
    }
    static let controllerManagerLeaderElection = "kube-controller-manager/\(Versions.kubernetes) \(Versions.platform)/leader-election"
    static let scheduler = "kube-scheduler/\(Versions.kubernetes) \(Versions.platform)/scheduler"
    static let schedulerLeaderElection = "kube-scheduler/\(Versions.kubernetes) \(Versions.platform)/leader-election"
    static let kubelet = "kubelet/\(Versions.kubernetes) \(Versions.platform)"
    static let kubectl = "kubectl/\(Versions.kubernetes) \(Versions.platform)"
    static let apiserver = "kube-apiserver/\(Versions.kubernetes) \(Versions.platform)"
    static let probe = "kube-probe/1.24"
    static let coredns = "coredns/v0.0.0 (linux/amd64) kubernetes/$Format"
    static let metricsServer = "metrics-server/v0.6.3 (linux/amd64) kubernetes/$Format"
}
