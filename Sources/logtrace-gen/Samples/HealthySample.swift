/// `healthy/`: three hours of a healthy control plane (all components) with the harmless noise real
/// clusters print, 2024-03-12 09:00–12:00 UTC. No finding of severity error or above should come out of it.
enum HealthySample {
    static let sample = Sample(
        name: "healthy",
        roles: Roles(apiservers: ["master-1", "master-2", "master-3"]),
        span: at("09:00:00")..<at("12:00:00")
    ) { dump in
        let (script, roles, end) = (dump.script, dump.roles, dump.span.upperBound)
        let apiserver1 = streamID(.apiserver, "master-1")
        let kcm = streamID(.controllerManager, "master-1")

        // 09:00 kube-controller-manager on master-1 is restarted (a flag change) and wins the lease again.
        script.controllerManagerStartup(at("09:00:04.771029"), host: "master-1", leaderAt: at("09:02:21.610374"))
        script.controllerManagerLeaseTraffic(roles, client: "10.0.1.11:41822", from: at("09:00:05.254"), acquired: at("09:02:21.610374"),
                                             to: end, period: seconds(26))
        script.schedulerStartup(parseTimestamp("2024-03-11T17:48:09.114207Z")!, host: "master-2", leaderAt: parseTimestamp("2024-03-11T17:48:25.501948Z")!)
        script.etcdHousekeeping(streamID(.etcd, "master-1"), from: at("09:03:12.18"), to: end, revision: 47_912_004)
        script.etcdHousekeeping(streamID(.etcd, "master-3"), from: at("09:03:12.21"), to: end, revision: 47_912_004)

        // 09:40 metrics-server is rolled; one probe hits the new pod before it listens, a minute later all is well.
        let rolled = at("09:40:12.318")
        script.event(rolled, kcm, object: "kube-system/metrics-server", kind: "Deployment", apiVersion: "apps/v1", reason: "ScalingReplicaSet",
                     message: "Scaled up replica set metrics-server-7b8d9f6c54 to 1")
        script.event(rolled + 19_220, kcm, object: "kube-system/metrics-server-7b8d9f6c54", kind: "ReplicaSet", apiVersion: "apps/v1",
                     reason: "SuccessfulCreate", message: "Created pod: metrics-server-7b8d9f6c54-mz8rt")
        let endpoint = "https://10.244.3.9:4443/apis/metrics.k8s.io/v1beta1"
        let refused = "failing or missing response from \(endpoint): Get \"\(endpoint)\": dial tcp 10.244.3.9:4443: connect: connection refused"
        script.apiServiceAvailability(rolled + seconds(41.502), host: "master-1", available: false, message: refused, reason: "FailedDiscoveryCheck")
        script.apiServiceFailed(rolled + seconds(41.5024), host: "master-1", refused)
        script.apiServiceAvailability(rolled + seconds(72.883), host: "master-1", available: true, message: "all checks passed", reason: "Passed")
        script.event(rolled + seconds(74.1), kcm, object: "kube-system/metrics-server", kind: "Deployment", apiVersion: "apps/v1", reason: "ScalingReplicaSet",
                     message: "Scaled down replica set metrics-server-6d9b5c8f7c to 0")

        // One-off timeouts, a routine 404, a slow GET.
        script.klog(at("10:06:51.220174"), apiserver1, "E", "wrap.go:53",
                    "timeout or abort while handling: method=GET URI=\"/api/v1/namespaces/payments/pods?allowWatchBookmarks=true&resourceVersion=47998120&watch=true\" audit-ID=\"\(script.uuid())\"")
        script.klog(at("10:06:51.220301"), apiserver1, "E", "timeout.go:141",
                    "post-timeout activity - time-elapsed: 2.913304ms, GET \"/api/v1/namespaces/payments/pods\" result: <nil>")
        script.request(at("10:31:07.902113"), roles, verb: "GET", uri: "/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status",
                       userAgent: "cluster-autoscaler/v1.24.3 (linux/amd64) kubernetes/$Format", client: "10.244.1.17:51102", resp: 404)
        script.apiserverTrace(at("11:18:40.330842"), host: "master-1", operation: "Get",
                              fields: "url:/api/v1/namespaces/shop/configmaps/frontend-config,user-agent:\(UserAgent.kubelet),audit-id:\(script.uuid()),client:10.0.2.15,accept:application/vnd.kubernetes.protobuf,application/json,protocol:HTTP/2.0",
                              steps: [("About to write a response", 611)], totalMilliseconds: 611)
        // 10:47 one lease update times out; the next renewal 26s later succeeds (the deadline is 107s).
        script.klog(at("10:47:12.419877"), kcm, "E", "leaderelection.go:367",
                    "Failed to update lock: Put \"https://10.0.1.11:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s\": context deadline exceeded")
        // Two lone slow applies, as any etcd prints now and then.
        script.json(at("09:52:40.118220"), streamID(.etcd, "master-1"), "W", "etcdserver/util.go:166", "apply request took too long",
                    ",\"took\":\"142.618223ms\",\"expected-duration\":\"100ms\",\"prefix\":\"read-only range \",\"request\":\"key:\\\"/registry/events/shop/\\\" range_end:\\\"/registry/events/shop0\\\" \",\"response\":\"range_response_count:118 size:94211\"")
        script.json(at("11:07:03.640912"), streamID(.etcd, "master-3"), "W", "etcdserver/util.go:166", "apply request took too long",
                    ",\"took\":\"118.090342ms\",\"expected-duration\":\"100ms\",\"prefix\":\"\",\"request\":\"header:<ID:7587866104512339921 > lease_grant:<ttl:15-second id:694e8e2b1c4a0f31>\",\"response\":\"size:41\"")

        dump.klogFile(.apiserver, host: "master-1", createdAt: parseTimestamp("2024-03-12T08:47:03Z")!,
                      rotation: .logrotate(at: [at("10:41:19"), at("11:33:02")]), .healthy(0.03))
        dump.containerLog(.controllerManager, host: "master-1", firstRestart: 1, .healthy(0.012, from: at("09:02:23")))
        dump.containerLog(.etcd, host: "master-1", .healthy(0.003))
        dump.containerLog(.apiserver, host: "master-2", .healthy(0.004, requestLog: false))
        dump.containerLog(.scheduler, host: "master-2", .healthy(0.01))
        dump.journal(.cloudControllerManager, host: "master-2", pid: 1126, from: parseTimestamp("2024-03-04T02:11:09Z")!, to: at("12:00:03"),
                     .healthy(0.008))
        dump.kubectlLogs(.apiserver, host: "master-3", .healthy(0.004, requestLog: false))
        dump.containerLog(.etcd, host: "master-3", .healthy(0.003))
    }
}
