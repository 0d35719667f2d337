/// `etcd-slow-leader-election/`: a saturated etcd disk makes kube-controller-manager lose its lease,
/// 2024-03-12 10:00–11:00 UTC (master-2's controller-manager log starts at its own start the day before).
enum EtcdSlowSample {
    static let sample = Sample(
        name: "etcd-slow-leader-election",
        roles: Roles(apiservers: ["master-1", "master-2"], requestLog: false, scheduler: "master-1"),
        span: at("10:00:00")..<at("11:00:00")
    ) { dump in
        let end = dump.span.upperBound
        let t0 = at("10:15:00")
        let lost = t0 + EtcdSlowLeaderElection.lostAfter
        dump.script.etcdHousekeeping(streamID(.etcd, "master-1"), from: at("10:02:11.4"), to: end, revision: 48_161_220)
        dump.script.controllerManagerStartup(parseTimestamp("2024-03-11T22:14:03.551204Z")!, host: "master-2", leaderAt: nil)
        dump.play(EtcdSlowLeaderElection.incident, at: t0)

        dump.containerLog(.etcd, host: "master-1", .healthy(0.004))
        dump.containerLog(.apiserver, host: "master-1", .healthy(0.006, requestLog: false))
        // master-1's controller-manager is quiet once it has lost the lease; master-2's takes over.
        dump.containerLog(.controllerManager, host: "master-1", .healthy(0.015, quiet: [lost..<end]))
        dump.containerLog(.controllerManager, host: "master-2", .healthy(0.015, from: lost + seconds(22)))
        dump.containerLog(.scheduler, host: "master-1", .healthy(0.008))
    }
}
