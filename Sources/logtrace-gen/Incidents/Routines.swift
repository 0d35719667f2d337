/// The periodic traffic of a healthy control plane that the samples' stories schedule themselves.
extension Script {
    /// kube-controller-manager's leader-election traffic in the request log of `roles`' logging apiserver:
    /// GETs while waiting for the lease, then a renewal PUT every `period`.
    func controllerManagerLeaseTraffic(_ roles: Roles, client: String, from start: Micros, acquired: Micros, to end: Micros, period: Micros) {
        let uri = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s"
        var t = start
        while t < acquired {
            request(t, roles, verb: "GET", uri: uri, userAgent: UserAgent.controllerManagerLeaderElection, client: client, resp: 200)
            t += period + jitter(20_000)
        }
        t = acquired - 4_000
        while t < end {
            request(t, roles, verb: "PUT", uri: uri, userAgent: UserAgent.controllerManagerLeaderElection, client: client, resp: 200)
            t += period + jitter(20_000)
        }
    }

    /// etcd's periodic compaction (every 5 minutes) and its hash check.
    func etcdHousekeeping(_ stream: String, from start: Micros, to end: Micros, revision: Int) {
        var t = start
        var rev = revision
        while t < end {
            json(t, stream, "I", "mvcc/index.go:214", "compact tree index", ",\"revision\":\(rev)")
            json(t + 14_000 + jitter(9_000), stream, "I", "mvcc/kvstore_compaction.go:57", "finished scheduled compaction",
                 ",\"compact-revision\":\(rev),\"took\":\"\(latency(8, 30))\",\"hash\":\(1_000_000_000 + rng.below(3_000_000_000))")
            rev += 5200 + rng.below(900)
            t += minutes(5) + jitter(2_000)
        }
    }
}
