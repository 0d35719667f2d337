extension Messages {
    /// kube-scheduler 1.24 at `-v=2`.
    static func scheduler(_ cluster: ClusterProfile) -> [MessageSpec] {
        let nodes = cluster.masters.count + cluster.workers.count
        let workers = cluster.workers.count
        let pod = "${wl.name}-${wl.rs}-${pod}"
        return [
            MessageSpec("I", "scheduler.go:623", #""Successfully bound pod to node" pod="${wl.ns}/\#(pod)" node="${worker.name}" evaluatedNodes=\#(nodes) feasibleNodes=${int:1-\#(workers)}"#, weight: 8),
            MessageSpec("I", "scheduler.go:351", #""Unable to schedule pod; no fit; waiting" pod="batch/report-worker-8d9f6c7b5b-${pod}" err="0/\#(nodes) nodes are available: \#(cluster.masters.count) node(s) had untolerated taint {node-role.kubernetes.io/master: }, \#(workers) Insufficient cpu. preemption: 0/\#(nodes) nodes are available: \#(cluster.masters.count) Preemption is not helpful for scheduling, \#(workers) No preemption victims found for incoming pod.""#, weight: 1),
            MessageSpec("W", "reflector.go:442", #"k8s.io/client-go/informers/factory.go:134: watch of *v1.Pod ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding"#, weight: 1),
            MessageSpec("E", "scheduler.go:376", #""Error scheduling pod; retrying" err="Operation cannot be fulfilled on pods/binding \"\#(pod)\": pod \#(pod) is already assigned to node \"${worker.name}\"" pod="${wl.ns}/\#(pod)""#, weight: 1),
        ]
    }
}
