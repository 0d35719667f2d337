/// `namespace-content-remaining/`: cert-manager's conversion webhook is gone while its objects remain,
/// 2024-03-12 10:00–11:30 UTC. master-1's apiserver runs at `-v=3` (request log).
enum NamespaceContentRemainingSample {
    static let sample = Sample(name: "namespace-content-remaining") { directory, seed in
        let cluster = ClusterProfile.alibaba(masters: 3)
        let kit = SampleKit(directory: directory, cluster: cluster)
        let roles = Roles(apiservers: ["master-1"], requestLog: true, controllerManager: "master-1",
                          scheduler: "master-2", cloudControllerManager: "master-2", etcd: "master-1")
        let start = at("10:00:00")
        let end = at("11:30:00")
        let script = Script(seed: seed, name: "namespace-content-remaining")
        script.controllerManagerLeaseTraffic(roles, client: "10.0.1.11:41822", from: start, acquired: start, to: end, period: seconds(26))
        NamespaceContentRemaining.write(script, at("10:05:00"), cluster, roles)
        let streams = [
            kit.containerLog(.apiserver, host: "master-1", background: kit.background(.apiserver, rate: 0.015, from: start, to: end)),
            kit.containerLog(.controllerManager, host: "master-1", background: kit.background(.controllerManager, rate: 0.012, from: start, to: end)),
        ]
        return (streams, script)
    }
}
