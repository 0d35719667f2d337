/// Component names, as logtrace infers them from file names, pod directories and journald identifiers.
enum Component: String, CaseIterable {
    case apiserver = "kube-apiserver"
    case controllerManager = "kube-controller-manager"
    case cloudControllerManager = "cloud-controller-manager"
    case scheduler = "kube-scheduler"
    case etcd = "etcd"
    case kubelet = "kubelet"
    case metricsServer = "metrics-server"
}

struct Host {
    let name: String
    let ip: String
}

struct Workload {
    let namespace: String
    let name: String
    let replicaSetHash: String
}

/// The cluster a corpus or sample describes: hosts, workloads, networks, versions.
struct ClusterProfile {
    var masters: [Host]
    var workers: [Host]
    var workloads: [Workload]
    var serviceNetwork = "172.21"
    var podNetwork = "10.244"

    /// The address of control-plane host `name` (the first master's if there is no such host).
    func ip(of name: String) -> String { masters.first { $0.name == name }?.ip ?? masters[0].ip }

    /// Kubernetes 1.24 on Alibaba Cloud (cn-shanghai): control-plane hosts master-1…N, ECS workers
    /// named the ACK way.
    static func alibaba(masters count: Int) -> ClusterProfile {
        ClusterProfile(
            masters: (1...max(count, 1)).map { Host(name: "master-\($0)", ip: "10.0.1.\(10 + $0)") },
            workers: [15, 16, 18].map { Host(name: "cn-shanghai.10.0.2.\($0)", ip: "10.0.2.\($0)") },
            workloads: standardWorkloads)
    }

    /// Kubernetes 1.24 on AWS (eu-west-1), for the route-sync sample.
    static let aws = ClusterProfile(
        masters: [11, 12, 13].map { Host(name: "ip-10-0-1-\($0).eu-west-1.compute.internal", ip: "10.0.1.\($0)") },
        workers: [34, 52, 61].map { Host(name: "ip-10-0-3-\($0).eu-west-1.compute.internal", ip: "10.0.3.\($0)") },
        workloads: standardWorkloads, serviceNetwork: "100.64", podNetwork: "100.96")

    static let standardWorkloads: [Workload] = [
        Workload(namespace: "shop", name: "frontend", replicaSetHash: "7c9d5f6b8d"),
        Workload(namespace: "shop", name: "cart", replicaSetHash: "5d8f7c9b64"),
        Workload(namespace: "shop", name: "checkout", replicaSetHash: "6b7d9c8f5c"),
        Workload(namespace: "payments", name: "api", replicaSetHash: "84c6d7b9f5"),
        Workload(namespace: "payments", name: "ledger", replicaSetHash: "59b8c7d6f4"),
        Workload(namespace: "demo-app", name: "web", replicaSetHash: "6f7d8c9b5d"),
        Workload(namespace: "demo-app", name: "redis", replicaSetHash: "b6c9d5f7c8"),
        Workload(namespace: "monitoring", name: "prometheus-adapter", replicaSetHash: "7f9c6b5d8d"),
        Workload(namespace: "monitoring", name: "kube-state-metrics", replicaSetHash: "6d5b8c7f9c"),
        Workload(namespace: "ingress-nginx", name: "ingress-nginx-controller", replicaSetHash: "5c7d9f8b6c"),
        Workload(namespace: "kube-system", name: "coredns", replicaSetHash: "7f6cbbb7b8"),
        Workload(namespace: "batch", name: "report-worker", replicaSetHash: "8d9f6c7b5b"),
    ]
}
