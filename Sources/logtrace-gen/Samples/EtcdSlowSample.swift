/// `etcd-slow-leader-election/`: a saturated etcd disk makes kube-controller-manager lose its lease,
/// 2024-03-12 10:00–11:00 UTC (master-2's controller-manager log starts at its own start the day before).
enum EtcdSlowSample {
    static let sample = Sample(name: "etcd-slow-leader-election") { directory, seed in
        let cluster = ClusterProfile.alibaba(masters: 3)
        let kit = SampleKit(directory: directory, cluster: cluster)
        let roles = Roles(apiservers: ["master-1", "master-2"], requestLog: false, controllerManager: "master-1",
                          scheduler: "master-1", cloudControllerManager: "master-2", etcd: "master-1")
        let start = at("10:00:00")
        let end = at("11:00:00")
        let t0 = at("10:15:00")
        let lost = t0 + EtcdSlowLeaderElection.lostAfter
        let script = Script(seed: seed, name: "etcd-slow-leader-election")
        script.etcdHousekeeping(streamID(.etcd, "master-1"), from: at("10:02:11.4"), to: end, revision: 48_161_220)
        script.controllerManagerStartup(parseTimestamp("2024-03-11T22:14:03.551204Z")!, host: "master-2", leaderAt: nil)
        EtcdSlowLeaderElection.write(script, t0, cluster, roles)
        let streams = [
            kit.containerLog(.etcd, host: "master-1", background: kit.background(.etcd, rate: 0.004, from: start, to: end)),
            kit.containerLog(.apiserver, host: "master-1", background: kit.background(.apiserver, rate: 0.006, from: start, to: end, requestLog: false)),
            kit.containerLog(.controllerManager, host: "master-1",
                             background: kit.background(.controllerManager, rate: 0.015, from: start, to: end, quiet: [lost..<end])),
            kit.containerLog(.controllerManager, host: "master-2",
                             background: kit.background(.controllerManager, rate: 0.015, from: lost + seconds(22), to: end)),
            kit.containerLog(.scheduler, host: "master-1", background: kit.background(.scheduler, rate: 0.008, from: start, to: end)),
        ]
        return (streams, script)
    }
}
