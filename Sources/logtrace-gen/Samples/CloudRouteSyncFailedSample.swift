/// `cloud-route-sync-failed/`: the AWS flavour of the route-controller failure, 2024-03-12 09:30–11:00 UTC.
enum CloudRouteSyncFailedSample {
    static let cluster = ClusterProfile.aws
    /// Short host names, as the pod directories use them: ip-10-0-1-11, …
    static let hosts = cluster.masters.map { String($0.name.prefix { $0 != "." }) }

    static let sample = Sample(
        name: "cloud-route-sync-failed", cluster: cluster,
        roles: Roles(apiservers: [hosts[0], hosts[1]], requestLog: false, controllerManager: hosts[0],
                     scheduler: hosts[1], cloudControllerManager: hosts[0], etcd: hosts[0]),
        span: at("09:30:00")..<at("11:00:00")
    ) { dump in
        dump.play(CloudRouteSyncFailed.incident, at: at("09:52:00"))

        // The static pods are named after the full node name.
        let node = cluster.masters.map(\.name)
        dump.containerLog(.cloudControllerManager, host: hosts[0], pod: "cloud-controller-manager-\(node[0])",
                          .healthy(0.01, messages: Messages.awsCloudControllerManager(cluster)))
        dump.containerLog(.controllerManager, host: hosts[0], pod: "kube-controller-manager-\(node[0])", .healthy(0.012))
        dump.containerLog(.scheduler, host: hosts[1], pod: "kube-scheduler-\(node[1])", .healthy(0.008))
        dump.containerLog(.apiserver, host: hosts[0], pod: "kube-apiserver-\(node[0])", .healthy(0.005, requestLog: false))
    }
}
