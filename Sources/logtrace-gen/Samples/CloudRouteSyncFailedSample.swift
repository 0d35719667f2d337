/// `cloud-route-sync-failed/`: the AWS flavour of the route-controller failure, 2024-03-12 09:30–11:00 UTC.
enum CloudRouteSyncFailedSample {
    static let sample = Sample(name: "cloud-route-sync-failed") { directory, seed in
        let cluster = ClusterProfile.aws
        let kit = SampleKit(directory: directory, cluster: cluster)
        let hosts = cluster.masters.map { String($0.name.prefix { $0 != "." }) }  // ip-10-0-1-11, …
        let roles = Roles(apiservers: [hosts[0], hosts[1]], requestLog: false, controllerManager: hosts[0],
                          scheduler: hosts[1], cloudControllerManager: hosts[0], etcd: hosts[0])
        let start = at("09:30:00")
        let end = at("11:00:00")
        let script = Script(seed: seed, name: "cloud-route-sync-failed")
        CloudRouteSyncFailed.write(script, at("09:52:00"), cluster, roles)
        let streams = [
            kit.containerLog(.cloudControllerManager, host: hosts[0], pod: "cloud-controller-manager-\(cluster.masters[0].name)",
                             background: kit.background(.cloudControllerManager, rate: 0.01, from: start, to: end,
                                                        messages: Messages.awsCloudControllerManager(cluster))),
            kit.containerLog(.controllerManager, host: hosts[0], pod: "kube-controller-manager-\(cluster.masters[0].name)",
                             background: kit.background(.controllerManager, rate: 0.012, from: start, to: end)),
            kit.containerLog(.scheduler, host: hosts[1], pod: "kube-scheduler-\(cluster.masters[1].name)",
                             background: kit.background(.scheduler, rate: 0.008, from: start, to: end)),
            kit.containerLog(.apiserver, host: hosts[0], pod: "kube-apiserver-\(cluster.masters[0].name)",
                             background: kit.background(.apiserver, rate: 0.005, from: start, to: end, requestLog: false)),
        ]
        return (streams, script)
    }
}
