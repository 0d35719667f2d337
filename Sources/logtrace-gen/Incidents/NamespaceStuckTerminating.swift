/// The founding incident. A RAM policy change denies the cloud-controller-manager's VPC calls, so the
/// route for a new node's pod CIDR is never created; metrics-server lands on that node and becomes
/// unreachable from the apiservers; `v1beta1.metrics.k8s.io` goes unavailable; API discovery fails
/// in kube-controller-manager; a namespace deleted meanwhile stays Terminating until the policy is restored.
///
/// Times from the start `t0` (the policy change): +3.4s first route error (every 10s after), +7m12s
/// new node, +10m02s metrics-server rollout onto it, +11m04s first availability failure, +30m00.9s
/// `kubectl delete namespace demo-app`, +2h25m policy restored, namespace finalized within a minute.
enum NamespaceStuckTerminating {
    static let incident = Incident(
        name: "namespace-stuck-terminating",
        summary: "RAM policy denies VPC calls -> route missing -> metrics.k8s.io unavailable -> namespace stuck Terminating",
        write: write)

    static let namespace = "demo-app"
    static let vpc = "vpc-uf6qs8z95hm5zm3m46a6l"
    static let routeTable = "vtb-uf6ikq4x0p6t0c5ke1xyz"
    static let podCIDR = "10.244.5.0/24"
    static let metricsEndpoint = "https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1"
    static let policyRestoredAfter = minutes(145)
    static let deletionAfter = minutes(30) + seconds(0.912)

    static func write(_ s: Script, _ t0: Micros, _ cluster: ClusterProfile, _ roles: Roles) {
        let newNode = Host(name: "cn-shanghai.10.0.2.17", ip: "10.0.2.17")
        let ccm = streamID(.cloudControllerManager, roles.cloudControllerManager)
        let kcm = streamID(.controllerManager, roles.controllerManager)
        let scheduler = streamID(.scheduler, roles.scheduler)
        let kcmIP = cluster.ip(of: roles.controllerManager)
        let restored = t0 + policyRestoredAfter

        // 1. The route controller cannot describe the VPC from the policy change on, every 10 seconds.
        var t = t0 + seconds(3.412223)
        while t < restored {
            s.klog(t, ccm, "E", "route_controller.go:133",
                   "Couldn't reconcile node routes: RouteTables: Aliyun API Error: RequestId: \(s.requestID()) Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource, or this API doesn't support RAM.")
            t += seconds(10) - 60_000 + s.jitter(120_000)
        }
        let routeCreated = t + seconds(2.27)
        s.klog(t + seconds(0.214), ccm, "I", "route_controller.go:239", "Creating route for node \(newNode.name) \(podCIDR) with hint \(newNode.name)")
        s.klog(routeCreated, ccm, "I", "route_controller.go:262", "Created route for \(routeTable) with \(newNode.name) -> \(podCIDR)")

        // 2. A new node joins; the cloud node controller (ECS, still allowed) initializes it, no route follows.
        let joined = t0 + minutes(7) + seconds(12.38)
        s.nodeRegistered(joined, kcm, node: newNode.name, podCIDR: podCIDR, observedAfter: seconds(1.92))
        s.klog(joined + seconds(2.4), ccm, "I", "controller.go:483", "Adding node label from cloud provider: beta.kubernetes.io/instance-type=ecs.g6.xlarge")
        s.klog(joined + seconds(2.95), ccm, "I", "controller.go:546", "Successfully initialized node \(newNode.name) with cloud provider")

        // 3. A routine Helm upgrade rolls metrics-server onto the new node.
        let rollout = t0 + minutes(10) + seconds(2.1)
        s.request(rollout - seconds(0.31), roles, verb: "PATCH", uri: "/apis/apps/v1/namespaces/kube-system/deployments/metrics-server",
                  userAgent: "Helm/3.12.3", client: "192.168.0.57:\(s.port())", resp: 200)
        s.event(rollout, kcm, object: "kube-system/metrics-server", kind: "Deployment", apiVersion: "apps/v1", reason: "ScalingReplicaSet",
                message: "Scaled up replica set metrics-server-7b8d9f6c54 to 1")
        s.event(rollout + 21_000, kcm, object: "kube-system/metrics-server-7b8d9f6c54", kind: "ReplicaSet", apiVersion: "apps/v1",
                reason: "SuccessfulCreate", message: "Created pod: metrics-server-7b8d9f6c54-x4kq2")
        s.klog(rollout + 47_000, scheduler, "I", "scheduler.go:623",
               "\"Successfully bound pod to node\" pod=\"kube-system/metrics-server-7b8d9f6c54-x4kq2\" node=\"\(newNode.name)\" evaluatedNodes=\(cluster.masters.count + cluster.workers.count) feasibleNodes=4")
        let ready = rollout + seconds(56.6)
        s.event(ready, kcm, object: "kube-system/metrics-server", kind: "Deployment", apiVersion: "apps/v1", reason: "ScalingReplicaSet",
                message: "Scaled down replica set metrics-server-6d9b5c8f7c to 0")
        s.event(ready + 18_000, kcm, object: "kube-system/metrics-server-6d9b5c8f7c", kind: "ReplicaSet", apiVersion: "apps/v1",
                reason: "SuccessfulDelete", message: "Deleted pod: metrics-server-6d9b5c8f7c-q7wz4")

        // 4. Every apiserver's availability check times out; the first one flips the condition.
        let firstFailure = t0 + minutes(11) + seconds(4.3187)
        let timeout = "failing or missing response from \(metricsEndpoint): Get \"\(metricsEndpoint)\": context deadline exceeded"
        let canceled = "failing or missing response from \(metricsEndpoint): Get \"\(metricsEndpoint)\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)"
        var available = restored
        for (index, host) in roles.apiservers.enumerated() {
            var failure = firstFailure + seconds(1.7 * Double(index)) + s.jitter(300_000)
            if index == 0 {
                s.apiServiceAvailability(failure - 412, host: host, available: false, message: timeout, reason: "FailedDiscoveryCheck")
            }
            var retries = 0
            while failure < routeCreated {
                s.apiServiceFailed(failure, host: host, s.rng.chance(0.85) ? timeout : canceled)
                // Each probe waits out its 5s timeout; the queue's backoff grows from 5ms to 30s.
                let backoff = min(0.005 * Double(1 << min(retries, 20)), 30)
                failure += seconds(5 + backoff) + s.jitter(250_000)
                retries += 1
            }
            if index == 0 {
                available = failure
                s.apiServiceAvailability(failure, host: host, available: true, message: "all checks passed", reason: "Passed")
            }
            s.openAPIRetries(from: firstFailure + seconds(0.61 + 2.3 * Double(index)), until: available, host: host,
                             recoveredAt: available + seconds(0.4 + 0.3 * Double(index)))
        }

        // 5. kube-controller-manager's discovery-driven controllers fail every 30 seconds.
        let sync = s.metricsDiscoveryFailures(kcm, from: firstFailure + seconds(7.81), until: available)
        s.klog(sync + seconds(11.2), kcm, "I", "garbagecollector.go:219",
               "syncing garbage collector with updated resources from discovery (attempt 1): added: [metrics.k8s.io/v1beta1, Resource=nodes metrics.k8s.io/v1beta1, Resource=pods], removed: []")

        // 6. The user deletes the namespace; the namespace controller retries with its rate limiter
        //    (5ms doubling to 60s) and the informer's 5-minute resync, GETting the namespace each time.
        let deleted = t0 + deletionAfter
        let ns = namespace
        let nsURI = "/api/v1/namespaces/\(ns)"
        let nsController = UserAgent.controllerManager("namespace-controller")
        let nsClient = "\(kcmIP):51234"
        s.request(deleted, roles, verb: "DELETE", uri: nsURI, userAgent: UserAgent.kubectl, client: "192.168.0.41:53412", resp: 200, latency: "9.731254ms")
        s.request(deleted + seconds(191.6), roles, verb: "WATCH",
                  uri: "/api/v1/namespaces?fieldSelector=metadata.name%3D\(ns)&resourceVersion=48213377&watch=true",
                  userAgent: UserAgent.kubectl, client: "192.168.0.41:53412", resp: 200, latency: "3m11.631842117s")
        for (after, uri) in [(minutes(10), nsURI), (minutes(25), nsURI), (minutes(32), "/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io"),
                             (minutes(51), nsURI), (minutes(82), nsURI)] {
            s.request(deleted + after + s.jitter(900_000), roles, verb: "GET", uri: uri, userAgent: UserAgent.kubectl, client: "192.168.0.41:\(s.port())", resp: 200)
        }
        if let host = roles.requestLogHost {
            s.apiserverTrace(deleted + minutes(25) + seconds(2.4), host: host, operation: "List",
                             fields: "url:/api/v1/namespaces/\(ns)/events,user-agent:\(UserAgent.kubectl),audit-id:\(s.uuid()),client:192.168.0.41,accept:application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json,protocol:HTTP/2.0",
                             steps: [("Listing from storage done", 712), ("Writing http response done", 13)], totalMilliseconds: 725)
        }

        let resyncBase = deleted - minutes(3) - seconds(17.4)
        var attempt = deleted + 22_000
        var failures = 0
        while attempt < available + seconds(2) {
            s.request(attempt + 1_100, roles, verb: "GET", uri: nsURI, userAgent: nsController, client: nsClient, resp: 200, latency: s.latency(0.8, 2.6))
            var finished = attempt + 38_000 + s.jitter(70_000)
            if failures == 0 {
                // The first attempt deletes what it can, records the discovery failure in the status, and
                // returns the error at 09:40:01.118273 in the founding story.
                s.request(attempt + 17_800, roles, verb: "GET", uri: "/apis/metrics.k8s.io/v1beta1?timeout=32s", userAgent: nsController,
                          client: nsClient, resp: 503, latency: "1.203478ms", continuation: statusStack(goroutine: 84213))
                var at = attempt + 56_000
                for collection in ["/apis/apps/v1/namespaces/\(ns)/deployments", "/apis/apps/v1/namespaces/\(ns)/replicasets",
                                   "/api/v1/namespaces/\(ns)/pods", "/api/v1/namespaces/\(ns)/services", "/api/v1/namespaces/\(ns)/configmaps",
                                   "/api/v1/namespaces/\(ns)/secrets", "/apis/discovery.k8s.io/v1/namespaces/\(ns)/endpointslices",
                                   "/api/v1/namespaces/\(ns)/serviceaccounts"] {
                    s.request(at, roles, verb: "DELETE", uri: collection, userAgent: nsController, client: nsClient, resp: 200, latency: s.latency(1.5, 6))
                    at += 7_000 + s.jitter(4_000)
                }
                s.request(at + 3_000, roles, verb: "PUT", uri: "\(nsURI)/status", userAgent: nsController, client: nsClient, resp: 200)
                finished = t0 + minutes(30) + seconds(1.118273)
            }
            s.klog(finished, kcm, "E", "namespace_controller.go:162", "deletion of namespace \(ns) failed: \(metricsDiscoveryError)")
            let backoff = min(seconds(0.005 * Double(1 << min(failures, 20))), seconds(60))
            failures += 1
            var next = finished + backoff
            // The informer resync re-adds the namespace 5 seconds later, which wins if it comes first.
            let resync = resyncBase + ((finished - resyncBase) / minutes(5) + 1) * minutes(5) + seconds(5)
            if resync < next { next = resync }
            attempt = next + 300 + s.jitter(2_000)
        }
        // Discovery works again: content check passes, the finalizer is removed, the namespace goes away.
        s.request(attempt + 1_000, roles, verb: "GET", uri: nsURI, userAgent: nsController, client: nsClient, resp: 200)
        s.request(attempt + 212_000, roles, verb: "PUT", uri: "\(nsURI)/status", userAgent: nsController, client: nsClient, resp: 200)
        s.request(attempt + 236_000, roles, verb: "PUT", uri: "\(nsURI)/finalize", userAgent: nsController, client: nsClient, resp: 200, latency: "6.102337ms")
        s.request(attempt + 249_000, roles, verb: "DELETE", uri: nsURI, userAgent: nsController, client: nsClient, resp: 200, latency: "7.884219ms")
    }
}
