/// metrics-server fails on its own: a NetworkPolicy rollout cuts it off from the kubelets and the API
/// server. The running pod's scrapes time out and its readiness fails, so `v1beta1.metrics.k8s.io`
/// loses its endpoints; the on-call deletes the pod and the replacement crash-loops at start-up
/// (`"command failed"`, cannot read its request-header CA). The cloud side is healthy throughout.
///
/// Times from `t0` (the policy rollout): +12s first failed scrape, +47s first failed readiness probe,
/// +75s APIService unavailable (MissingEndpoints), +4m05s pod deleted, replacement crash-loops,
/// +70m policy fixed, next start succeeds, APIService available again about a minute later.
enum AggregatedAPIDown {
    static let incident = Incident(
        name: "aggregated-api-down",
        summary: "metrics-server crash-loops (network policy) -> metrics.k8s.io unavailable -> discovery failures",
        write: { script, t0, cluster, roles in _ = write(script, t0, cluster, roles) })

    static let oldPod = "metrics-server-6d9b5c8f7c-q7wz4"
    static let newPod = "metrics-server-6d9b5c8f7c-h2m4x"
    static let fixedAfter = minutes(70)

    /// Returns the restart count of the replacement pod's last container (its logs are `<n-1>.log`, `<n>.log`).
    @discardableResult
    static func write(_ s: Script, _ t0: Micros, _ cluster: ClusterProfile, _ roles: Roles) -> Int {
        let oldNode = cluster.workers[1 % cluster.workers.count]
        let newNode = cluster.workers[0]
        let old = streamID(.metricsServer, oldNode.name)
        let replacement = streamID(.metricsServer, newNode.name)
        let kcm = streamID(.controllerManager, roles.controllerManager)
        let scheduler = streamID(.scheduler, roles.scheduler)
        let apiserverIP = "\(cluster.serviceNetwork).0.1"
        let fixed = t0 + fixedAfter
        let nodes = cluster.masters + cluster.workers

        // The old pod: started in the morning, healthy and quiet until the policy lands.
        s.klog(t0 - minutes(148) - seconds(12.4), old, "I", "serving.go:342", "Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)")
        metricsServerServing(s, t0 - minutes(148) - seconds(11.7), old)
        var scrape = t0 + seconds(12.18)
        var probe = t0 + seconds(47.3)
        let deleted = t0 + minutes(4) + seconds(5.31)
        while scrape < deleted {
            for node in nodes {
                s.klog(scrape + s.jitter(3_000), old, "E", "scraper.go:140",
                       "\"Failed to scrape node\" err=\"Get \\\"https://\(node.ip):10250/metrics/resource\\\": context deadline exceeded\" node=\"\(node.name)\"")
            }
            scrape += seconds(15) + s.jitter(5_000)
        }
        while probe < deleted {
            s.klog(probe, old, "I", "server.go:187", "\"Failed probe\" probe=\"metric-storage-ready\" err=\"no metrics to serve\"")
            probe += seconds(10) + s.jitter(2_000)
        }
        metricsServerShutdown(s, deleted + seconds(0.41), old)

        // The replacement's start attempts: each dies after 30s, CrashLoopBackOff doubles the wait (10s…5m).
        var starts: [Micros] = []
        var start = deleted + seconds(3.9)
        var backoff = seconds(10)
        while start < fixed {
            starts.append(start)
            start += seconds(30.4) + backoff + s.jitter(900_000)
            backoff = min(backoff * 2, minutes(5))
        }
        starts.append(start)  // the first start after the fix succeeds
        // The first start after the fix serves and turns ready about 25 seconds later.
        let ready = starts[starts.count - 1] + seconds(26.3)

        // The apiservers lose the endpoints when the pod turns unready.
        let unready = t0 + seconds(75.62)
        let missing = "endpoints for service/metrics-server in \"kube-system\" have no addresses with port name \"https\""
        var available = fixed
        for (index, host) in roles.apiservers.prefix(2).enumerated() {
            var failure = unready + seconds(0.9 * Double(index)) + s.jitter(200_000)
            if index == 0 { s.apiServiceAvailability(failure - 380, host: host, available: false, message: missing, reason: "MissingEndpoints") }
            var retries = 0
            while failure < ready {
                s.apiServiceFailed(failure, host: host, missing)
                failure += seconds(min(0.005 * Double(1 << min(retries, 20)), 30)) + s.jitter(40_000)
                retries += 1
            }
            if index == 0 {
                available = failure
                s.apiServiceAvailability(failure, host: host, available: true, message: "all checks passed", reason: "Passed")
            }
            s.openAPIRetries(from: unready + seconds(0.4 + 1.1 * Double(index)), until: available, host: host,
                             recoveredAt: available + seconds(0.5 + 0.2 * Double(index)))
        }

        // kube-controller-manager: discovery failures every 30s, and the HPA cannot read pod metrics.
        var nextHPA = unready + seconds(21.4)
        s.metricsDiscoveryFailures(kcm, from: unready + seconds(9.3), until: available) { sync in
            guard sync >= nextHPA else { return }
            s.event(sync + seconds(4.6), kcm, object: "shop/frontend", kind: "HorizontalPodAutoscaler", apiVersion: "autoscaling/v2", type: "Warning",
                    reason: "FailedGetResourceMetric",
                    message: "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)")
            nextHPA = sync + minutes(5)
        }

        // The on-call deletes the pod; the ReplicaSet's replacement lands on another node and crash-loops.
        s.event(deleted + seconds(0.02), kcm, object: "kube-system/metrics-server-6d9b5c8f7c", kind: "ReplicaSet", apiVersion: "apps/v1",
                reason: "SuccessfulCreate", message: "Created pod: \(newPod)")
        s.klog(deleted + seconds(0.05), scheduler, "I", "scheduler.go:623",
               "\"Successfully bound pod to node\" pod=\"kube-system/\(newPod)\" node=\"\(newNode.name)\" evaluatedNodes=\(nodes.count) feasibleNodes=\(cluster.workers.count)")
        // The kubelet keeps the logs of the current and the previous container only.
        for (attempt, begin) in starts.enumerated() where attempt >= starts.count - 2 {
            if attempt == starts.count - 2 {
                s.klog(begin, replacement, "I", "serving.go:342", "Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)")
                s.klog(begin + seconds(30.012), replacement, "W", "authentication.go:339",
                       "Unable to get configmap/extension-apiserver-authentication in kube-system.  Usually fixed by 'kubectl create rolebinding -n kube-system ROLEBINDING_NAME --role=extension-apiserver-authentication-reader --serviceaccount=YOUR_NS:YOUR_SA'")
                s.klog(begin + seconds(30.0124), replacement, "E", "run.go:74",
                       "\"command failed\" err=\"unable to load configmap based request-header-client-ca-file: Get \\\"https://\(apiserverIP):443/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication\\\": dial tcp \(apiserverIP):443: i/o timeout\"")
                s.restart(begin + seconds(30.1), replacement)
            } else {
                s.klog(begin, replacement, "I", "serving.go:342", "Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)")
                metricsServerServing(s, begin + seconds(0.71), replacement)
            }
        }
        return starts.count - 1
    }

    static func metricsServerServing(_ s: Script, _ t: Micros, _ stream: String) {
        s.klog(t, stream, "I", "requestheader_controller.go:169", "Starting RequestHeaderAuthRequestController")
        s.klog(t + 31, stream, "I", "shared_informer.go:255", "Waiting for caches to sync for RequestHeaderAuthRequestController")
        s.klog(t + 77, stream, "I", "configmap_cafile_content.go:201", "\"Starting controller\" name=\"client-ca::kube-system::extension-apiserver-authentication::client-ca-file\"")
        s.klog(t + 1_203, stream, "I", "secure_serving.go:266", "Serving securely on [::]:4443")
        s.klog(t + 1_290, stream, "I", "tlsconfig.go:240", "\"Starting DynamicServingCertificateController\"")
        s.klog(t + 101_233, stream, "I", "shared_informer.go:262", "Caches are synced for RequestHeaderAuthRequestController")
        s.klog(t + 101_901, stream, "I", "shared_informer.go:262", "Caches are synced for client-ca::kube-system::extension-apiserver-authentication::client-ca-file")
    }

    static func metricsServerShutdown(_ s: Script, _ t: Micros, _ stream: String) {
        s.klog(t, stream, "I", "requestheader_controller.go:183", "Shutting down RequestHeaderAuthRequestController")
        s.klog(t + 52, stream, "I", "configmap_cafile_content.go:222", "\"Shutting down controller\" name=\"client-ca::kube-system::extension-apiserver-authentication::client-ca-file\"")
        s.klog(t + 96, stream, "I", "tlsconfig.go:255", "\"Shutting down DynamicServingCertificateController\"")
        s.klog(t + 180, stream, "I", "secure_serving.go:311", "Stopped listening on [::]:4443")
    }
}
