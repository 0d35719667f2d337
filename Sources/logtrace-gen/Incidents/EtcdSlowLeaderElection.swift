/// A backup job saturates the disk of master-1, the etcd leader: fdatasync and applies take seconds,
/// apiserver requests time out, and kube-controller-manager on master-1 cannot renew its lease within
/// the 10s deadline: it exits with `leaderelection lost` (and a goroutine dump), restarts as a
/// standby, and master-2's instance takes over.
///
/// Times from `t0` (the backup starts): +9s first slow fdatasync, +6m first apiserver timeout,
/// +6m04s lease renewal fails, +6m14s `leaderelection lost`, +26m disk back to normal.
enum EtcdSlowLeaderElection {
    static let incident = Incident(
        name: "etcd-slow-leader-election",
        summary: "slow etcd disk -> apply/requests time out -> kube-controller-manager loses its lease",
        write: write)

    static let recoveredAfter = minutes(26)
    static let lostAfter = minutes(6) + seconds(14.2217)

    static func write(_ s: Script, _ t0: Micros, _ cluster: ClusterProfile, _ roles: Roles) {
        let etcd = streamID(.etcd, roles.etcd)
        let apiserver = streamID(.apiserver, roles.apiservers[0])
        let kcm = streamID(.controllerManager, roles.controllerManager)
        let standby = streamID(.controllerManager, roles.apiservers.count > 1 ? roles.apiservers[1] : roles.controllerManager)
        let scheduler = streamID(.scheduler, roles.scheduler)
        let recovered = t0 + recoveredAfter
        let lost = t0 + lostAfter
        let kcmIP = cluster.ip(of: roles.controllerManager)
        let peers = ["6a6d3c9b6e2e0d7f", "c2f5a8e1b9d40a3c"]

        // etcd on the saturated disk.
        var t = t0 + seconds(9.4)
        var step = 0
        while t < recovered {
            step += 1
            let severeness = t > t0 + minutes(5) && t < t0 + minutes(20) ? 3.0 : 1.0
            switch step % 5 {
            case 0:
                s.json(t, etcd, "W", "wal/wal.go:802", "slow fdatasync", ",\"took\":\"\(s.latency(1050, 1900 * severeness))\",\"expected-duration\":\"1s\"")
            case 1, 3:
                let lease = s.rng.pick(["kube-controller-manager", "kube-scheduler"])
                s.json(t, etcd, "W", "etcdserver/util.go:166", "apply request took too long",
                       ",\"took\":\"\(s.latency(400, 1600 * severeness))\",\"expected-duration\":\"100ms\",\"prefix\":\"read-only range \",\"request\":\"key:\\\"/registry/leases/kube-system/\(lease)\\\" \",\"response\":\"range_response_count:1 size:\(480 + s.rng.below(60))\"")
            case 2:
                let node = s.rng.pick(cluster.masters + cluster.workers).name
                let revision = 48_213_377 + s.rng.below(90_000)
                s.json(t, etcd, "W", "etcdserver/util.go:166", "apply request took too long",
                       ",\"took\":\"\(s.latency(500, 2400 * severeness))\",\"expected-duration\":\"100ms\",\"prefix\":\"\",\"request\":\"header:<ID:\(7_587_866_104_512_330_000 + s.rng.below(900_000)) > txn:<compare:<target:MOD key:\\\"/registry/leases/kube-node-lease/\(node)\\\" mod_revision:\(revision) > success:<request_put:<key:\\\"/registry/leases/kube-node-lease/\(node)\\\" value_size:\(520 + s.rng.below(40)) >> failure:<request_range:<key:\\\"/registry/leases/kube-node-lease/\(node)\\\" > >>\",\"response\":\"size:18\"")
            default:
                s.json(t, etcd, "W", "etcdserver/raft.go:415", "leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk",
                       ",\"to\":\"\(s.rng.pick(peers))\",\"heartbeat-interval\":\"100ms\",\"expected-duration\":\"200ms\",\"exceeded-duration\":\"\(s.latency(300, 1400 * severeness))\"")
            }
            t += seconds(severeness > 1 ? 1.4 : 4.5) + s.jitter(3_000_000)
        }
        for k in 0..<4 {
            let at = t0 + minutes(5) + seconds(58.2 + 4.1 * Double(k))
            s.json(at, etcd, "W", "etcdserver/v3_server.go:852", "waiting for ReadIndex response took too long, retrying",
                   ",\"sent-request-id\":\(7_587_866_104_512_400_000 + s.rng.below(900_000)),\"retry-timeout\":\"500ms\"")
        }
        s.json(t0 + minutes(6) + seconds(5.03), etcd, "W", "etcdserver/v3_server.go:783", "timed out waiting for read index response (local node might have slow network)", ",\"timeout\":\"7s\"")

        // The apiserver: slow lists, traces, timeouts.
        var traced = t0 + minutes(1) + seconds(12.7)
        while traced < recovered - minutes(2) {
            let total = 800 + s.rng.below(traced > t0 + minutes(5) ? 5200 : 1800)
            let key = s.rng.pick(["/pods", "/events", "/configmaps", "/leases"])
            s.apiserverTrace(traced, host: roles.apiservers[0], operation: "List etcd3",
                             fields: "key:\(key),resourceVersion:,resourceVersionMatch:,limit:500,continue:", steps: [], totalMilliseconds: total)
            traced += seconds(50) + s.jitter(70_000_000)
        }
        for (k, offset) in [6.02, 6.07, 6.15, 7.3, 9.8, 12.4].enumerated() {
            let at = t0 + minutes(offset) + s.jitter(900_000)
            s.klog(at, apiserver, "E", "status.go:71",
                   "apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{code:0xe, desc:\"etcdserver: request timed out\"}: etcdserver: request timed out")
            if k == 0 {
                s.apiserverTrace(at + 300, host: roles.apiservers[0], operation: "GuaranteedUpdate etcd3",
                                 fields: "type:*coordination.Lease", steps: [("Transaction prepared", 3), ("Transaction committed", 6994)], totalMilliseconds: 7001)
            }
        }

        // kube-controller-manager on master-1 cannot renew within its 10s deadline.
        let lease = "kube-system/kube-controller-manager"
        s.klog(lost - seconds(10.1), kcm, "E", "leaderelection.go:367", "Failed to update lock: etcdserver: request timed out")
        s.klog(lost - seconds(5.05), kcm, "E", "leaderelection.go:330",
               "error retrieving resource lock \(lease): Get \"https://\(kcmIP):6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s\": context deadline exceeded")
        s.klog(lost - 880, kcm, "I", "leaderelection.go:283", "failed to renew lease \(lease): timed out waiting for the condition")
        s.klog(lost, kcm, "F", "controllermanager.go:294", "leaderelection lost", continuation: goroutineDump)
        s.restart(lost + seconds(1.8), kcm)
        s.controllerManagerStartup(lost + seconds(2.4), host: roles.controllerManager, leaderAt: nil)
        // master-2's standby takes over.
        s.acquiredLease(lost + seconds(19.66), standby, lease)
        s.event(lost + seconds(19.6605), standby, object: lease, kind: "Lease", apiVersion: "coordination.k8s.io/v1",
                reason: "LeaderElection", message: "\(roles.apiservers.count > 1 ? roles.apiservers[1] : roles.controllerManager)_\(s.uuid()) became leader")
        // The scheduler keeps its lease, narrowly.
        s.klog(t0 + minutes(6) + seconds(2.2), scheduler, "E", "leaderelection.go:367", "Failed to update lock: etcdserver: request timed out")
        s.klog(t0 + minutes(9) + seconds(41.9), scheduler, "E", "leaderelection.go:367", "Failed to update lock: etcdserver: request timed out")
    }

    /// What klog prints after an F record: every goroutine's stack (abridged to a few goroutines).
    static let goroutineDump: [String] = [
        "goroutine 1 [running]:",
        "k8s.io/kubernetes/vendor/k8s.io/klog/v2.stacks(0x1)",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/klog/v2/klog.go:860 +0x8a",
        "k8s.io/kubernetes/vendor/k8s.io/klog/v2.(*loggingT).output(0x76f4e60, 0x3, 0x0, 0xc000c7a230, 0x1, {0x5d5a1d3?, 0x1?}, 0xc000a2c480?, 0x0)",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/klog/v2/klog.go:825 +0x686",
        "k8s.io/kubernetes/vendor/k8s.io/klog/v2.(*loggingT).printf(0xc000c2e0c0?, 0x3, 0x0, {0x0, 0x0}, {0x4b4c1c2, 0x13}, {0x0, 0x0, 0x0})",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/klog/v2/klog.go:630 +0x1f2",
        "k8s.io/kubernetes/vendor/k8s.io/klog/v2.Fatalf(...)",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/klog/v2/klog.go:1518",
        "k8s.io/kubernetes/cmd/kube-controller-manager/app.Run.func4()",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/cmd/kube-controller-manager/app/controllermanager.go:294 +0x45",
        "k8s.io/kubernetes/vendor/k8s.io/client-go/tools/leaderelection.(*LeaderElector).Run.func1()",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/client-go/tools/leaderelection/leaderelection.go:203 +0x1f",
        "k8s.io/kubernetes/vendor/k8s.io/client-go/tools/leaderelection.(*LeaderElector).Run(0xc000e4a120, {0x50b4a18, 0xc000122008})",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/client-go/tools/leaderelection/leaderelection.go:213 +0x189",
        "k8s.io/kubernetes/vendor/k8s.io/client-go/tools/leaderelection.RunOrDie({0x50b4a18, 0xc000122008}, {{0x50d8b60, 0xc000b5c0a0}, 0x37e11d600, 0x2540be400, 0x77359400, {0xc000c64aa0, 0xc000c64ac0, 0xc000b7e2b0}, ...})",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/client-go/tools/leaderelection/leaderelection.go:226 +0x94",
        "k8s.io/kubernetes/cmd/kube-controller-manager/app.leaderElectAndRun(0xc000a1e1e0, {0xc000b0c4b0, 0x2a}, 0xc000ad38c0, {0x4b2c6a9, 0x6}, {0x4b6cfc3, 0x17}, {0xc000c64aa0, 0xc000c64ac0, ...})",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/cmd/kube-controller-manager/app/controllermanager.go:722 +0x2b1",
        "k8s.io/kubernetes/cmd/kube-controller-manager/app.Run(0xc000a1e1e0, 0xc0001260c0)",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/cmd/kube-controller-manager/app/controllermanager.go:289 +0x8f1",
        "",
        "goroutine 6 [chan receive]:",
        "k8s.io/kubernetes/vendor/k8s.io/klog/v2.(*loggingT).flushDaemon(0x0?)",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/klog/v2/klog.go:1159 +0x6a",
        "created by k8s.io/kubernetes/vendor/k8s.io/klog/v2.init.0",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/klog/v2/klog.go:420 +0xfb",
        "",
        "goroutine 93 [select]:",
        "k8s.io/kubernetes/vendor/k8s.io/apimachinery/pkg/util/wait.BackoffUntil(0xc000d2a410, {0x5096d40, 0xc000d06270}, 0x1, 0xc000a8e060)",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/apimachinery/pkg/util/wait/wait.go:167 +0x13b",
        "k8s.io/kubernetes/vendor/k8s.io/apimachinery/pkg/util/wait.JitterUntil(0x0?, 0x3b9aca00, 0x0, 0x0?, 0x0?)",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/apimachinery/pkg/util/wait/wait.go:133 +0x89",
        "created by k8s.io/kubernetes/vendor/k8s.io/apiserver/pkg/server/dynamiccertificates.(*DynamicServingCertificateController).Run",
        "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/vendor/k8s.io/apiserver/pkg/server/dynamiccertificates/tlsconfig.go:247 +0x1ab",
        "",
    ]
}
