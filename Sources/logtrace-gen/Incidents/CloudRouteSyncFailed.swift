/// An IAM change removes `ec2:DescribeRouteTables` from the AWS cloud-controller-manager's role: the
/// route controller cannot list route tables (AWS SDK v1 error, whose second line is a continuation
/// `\tstatus code: 403, request id: …`), so a node that joins meanwhile gets no pod-CIDR route and
/// keeps its `network-unavailable` taint until the policy is repaired.
///
/// Times from `t0` (the IAM change): +6.8s first error (every 10s after), +13m new node,
/// +43m policy repaired, route created within seconds.
enum CloudRouteSyncFailed {
    static let incident = Incident(
        name: "cloud-route-sync-failed",
        summary: "AWS IAM denies DescribeRouteTables -> route controller cannot sync -> new node without route",
        write: write)

    static let repairedAfter = minutes(43)

    static func write(_ s: Script, _ t0: Micros, _ cluster: ClusterProfile, _ roles: Roles) {
        let ccm = streamID(.cloudControllerManager, roles.cloudControllerManager)
        let kcm = streamID(.controllerManager, roles.controllerManager)
        let scheduler = streamID(.scheduler, roles.scheduler)
        let node = Host(name: "ip-10-0-3-77.eu-west-1.compute.internal", ip: "10.0.3.77")
        let cidr = "\(cluster.podNetwork).5.0/24"
        let repaired = t0 + repairedAfter
        let nodeUID = fakeUUID(node.name)

        var t = t0 + seconds(6.803114)
        while t < repaired {
            s.klog(t, ccm, "E", "route_controller.go:118",
                   "Couldn't reconcile node routes: error listing routes: error listing AWS route tables: UnauthorizedOperation: You are not authorized to perform this operation.",
                   continuation: ["\tstatus code: 403, request id: \(s.uuid())"])
            t += seconds(10) - 40_000 + s.jitter(80_000)
        }
        s.klog(t + seconds(0.31), ccm, "I", "route_controller.go:199",
               "Creating route for node \(node.name) \(cidr) with hint \(nodeUID), throttled 8.11µs")
        s.klog(t + seconds(0.92), ccm, "I", "route_controller.go:219",
               "Created route for node \(node.name) \(cidr) with hint \(nodeUID) after 612.327819ms")

        // A worker joins while routes cannot be listed; its pods cannot be scheduled on it.
        let joined = t0 + minutes(13) + seconds(4.2)
        s.nodeRegistered(joined, kcm, node: node.name, podCIDR: cidr, observedAfter: seconds(2.1))
        s.klog(joined + seconds(3.4), ccm, "I", "node_controller.go:491", "Successfully initialized node \(node.name) with cloud provider")
        let nodes = cluster.masters.count + cluster.workers.count
        var pending = joined + seconds(40)
        while pending < t + seconds(1) {
            s.klog(pending, scheduler, "I", "scheduler.go:351",
                   "\"Unable to schedule pod; no fit; waiting\" pod=\"batch/report-worker-8d9f6c7b5b-\(s.suffix())\" err=\"0/\(nodes) nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/network-unavailable: }, \(cluster.masters.count) node(s) had untolerated taint {node-role.kubernetes.io/master: }, \(nodes - cluster.masters.count - 1) Insufficient cpu. preemption: 0/\(nodes) nodes are available: \(nodes - 1) Preemption is not helpful for scheduling, 1 No preemption victims found for incoming pod.\"")
            pending += minutes(2) + s.jitter(30_000_000)
        }
        s.klog(t + seconds(6.2), scheduler, "I", "scheduler.go:623",
               "\"Successfully bound pod to node\" pod=\"batch/report-worker-8d9f6c7b5b-\(s.suffix())\" node=\"\(node.name)\" evaluatedNodes=\(nodes) feasibleNodes=1")
    }
}
