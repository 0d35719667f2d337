/// `aggregated-api-down/`: metrics-server fails on its own (network policy), 2024-03-12 09:00–11:00 UTC.
enum AggregatedAPIDownSample {
    static let sample = Sample(
        name: "aggregated-api-down",
        roles: Roles(apiservers: ["master-1", "master-2"], requestLog: false),
        span: at("09:00:00")..<at("11:00:00")
    ) { dump in
        let last = AggregatedAPIDown.write(dump.script, at("09:30:00"), dump.cluster, dump.roles)

        dump.kubectlLogs(.apiserver, host: "master-1", .healthy(0.006, requestLog: false))
        dump.kubectlLogs(.apiserver, host: "master-2", .healthy(0.004, requestLog: false))
        dump.containerLog(.controllerManager, host: "master-1", .healthy(0.012))
        dump.containerLog(.scheduler, host: "master-2", .healthy(0.006))
        dump.journal(.cloudControllerManager, host: "master-2", pid: 1126, from: parseTimestamp("2024-03-04T02:11:09Z")!, to: at("11:00:02"),
                     .healthy(0.01))
        // The old pod's log, and the replacement's last two containers (the kubelet keeps those).
        dump.containerLog(.metricsServer, host: dump.cluster.workers[1].name, pod: AggregatedAPIDown.oldPod, container: "metrics-server",
                          staticPod: false)
        dump.containerLog(.metricsServer, host: dump.cluster.workers[0].name, pod: AggregatedAPIDown.newPod, container: "metrics-server",
                          staticPod: false, firstRestart: last - 1)
    }
}
