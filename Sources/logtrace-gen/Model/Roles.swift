/// Which host runs what in a corpus or sample, so incident scripts put each line in the right stream.
struct Roles {
    /// kube-apiserver hosts; the first one logs the request log (`-v=3`).
    var apiservers: [String]
    /// Whether `apiservers[0]` writes the request log.
    var requestLog = true
    // The defaults are the samples' usual cast on master-1…3.
    /// The kube-controller-manager leader (runs the namespace, GC and quota controllers).
    var controllerManager = "master-1"
    /// The kube-scheduler leader.
    var scheduler = "master-2"
    var cloudControllerManager = "master-2"
    /// The etcd leader.
    var etcd = "master-1"

    var requestLogHost: String? { requestLog ? apiservers.first : nil }

    static func standard(masters: Int) -> Roles {
        let hosts = (1...max(masters, 1)).map { "master-\($0)" }
        return Roles(
            apiservers: hosts, controllerManager: hosts[0], scheduler: hosts[min(1, hosts.count - 1)],
            cloudControllerManager: hosts[min(1, hosts.count - 1)], etcd: hosts[0])
    }
}
