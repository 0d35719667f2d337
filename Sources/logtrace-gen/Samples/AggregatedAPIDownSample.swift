/// `aggregated-api-down/`: metrics-server fails on its own (network policy), 2024-03-12 09:00–11:00 UTC.
enum AggregatedAPIDownSample {
    static let sample = Sample(name: "aggregated-api-down") { directory, seed in
        let cluster = ClusterProfile.alibaba(masters: 3)
        let kit = SampleKit(directory: directory, cluster: cluster)
        let roles = Roles(apiservers: ["master-1", "master-2"], requestLog: false, controllerManager: "master-1",
                          scheduler: "master-2", cloudControllerManager: "master-2", etcd: "master-1")
        let start = at("09:00:00")
        let end = at("11:00:00")
        let script = Script(seed: seed, name: "aggregated-api-down")
        let last = AggregatedAPIDown.write(script, at("09:30:00"), cluster, roles)
        let oldNode = cluster.workers[1].name
        let newNode = cluster.workers[0].name
        let streams = [
            kit.kubectlLogs(.apiserver, host: "master-1", background: kit.background(.apiserver, rate: 0.006, from: start, to: end, requestLog: false)),
            kit.kubectlLogs(.apiserver, host: "master-2", background: kit.background(.apiserver, rate: 0.004, from: start, to: end, requestLog: false)),
            kit.containerLog(.controllerManager, host: "master-1", background: kit.background(.controllerManager, rate: 0.012, from: start, to: end)),
            kit.containerLog(.scheduler, host: "master-2", background: kit.background(.scheduler, rate: 0.006, from: start, to: end)),
            kit.journal(.cloudControllerManager, host: "master-2", pid: 1126, journalStart: parseTimestamp("2024-03-04T02:11:09Z")!,
                        journalEnd: at("11:00:02"), background: kit.background(.cloudControllerManager, rate: 0.01, from: start, to: end)),
            kit.containerLog(.metricsServer, host: oldNode, pod: AggregatedAPIDown.oldPod, container: "metrics-server", staticPod: false, background: nil),
            kit.containerLog(.metricsServer, host: newNode, pod: AggregatedAPIDown.newPod, container: "metrics-server", staticPod: false,
                             firstRestart: last - 1, background: nil),
        ]
        return (streams, script)
    }
}

/// `2024-03-12T<clock>Z`: the samples all happen on 2024-03-12.
func at(_ clock: String) -> Micros {
    guard let t = parseTimestamp("2024-03-12T\(clock)Z") else { fatalError("bad sample time \(clock)") }
    return t
}
