extension Messages {
    /// kube-controller-manager 1.24 at `-v=2`: controller events and the usual optimistic-concurrency noise.
    static func controllerManager(_ cluster: ClusterProfile) -> [MessageSpec] {
        let rs = "${wl.ns}/${wl.name}-${wl.rs}"
        return [
            MessageSpec("I", "event.go:294", eventOccurred(object: rs, kind: "ReplicaSet", apiVersion: "apps/v1", reason: "SuccessfulCreate", message: "Created pod: ${wl.name}-${wl.rs}-${pod}"), weight: 4),
            MessageSpec("I", "event.go:294", eventOccurred(object: rs, kind: "ReplicaSet", apiVersion: "apps/v1", reason: "SuccessfulDelete", message: "Deleted pod: ${wl.name}-${wl.rs}-${pod}"), weight: 3),
            MessageSpec("I", "event.go:294", eventOccurred(object: "${wl.ns}/${wl.name}", kind: "Deployment", apiVersion: "apps/v1", reason: "ScalingReplicaSet", message: "Scaled ${pick:up|down} replica set ${wl.name}-${wl.rs} to ${int:1-6}"), weight: 2),
            MessageSpec("I", "event.go:294", eventOccurred(object: "batch/report-${int:28505000-28505999}", kind: "Job", apiVersion: "batch/v1", reason: "Completed", message: "Job completed"), weight: 1),
            MessageSpec("I", "event.go:294", eventOccurred(object: "batch/report", kind: "CronJob", apiVersion: "batch/v1", reason: "SawCompletedJob", message: "Saw completed job: report-${int:28505000-28505999}, status: Complete"), weight: 1),
            MessageSpec("I", "replica_set.go:577", #""Too few replicas" replicaSet="\#(rs)" need=${int:2-6} creating=1"#, weight: 3),
            MessageSpec("I", "replica_set.go:607", #""Too many replicas" replicaSet="\#(rs)" need=${int:1-4} deleting=1"#, weight: 2),
            MessageSpec("I", "cleaner.go:172", #"Cleaning CSR "csr-${alnum:5}" as it is more than 1h0m0s old and approved."#, weight: 1),
            MessageSpec("W", "reflector.go:442", #"k8s.io/client-go/metadata/metadatainformer/informer.go:90: watch of *v1.PartialObjectMetadata ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding"#, weight: 2),
            MessageSpec("W", "endpointslice_controller.go:306", #"Error syncing endpoint slices for service "${wl.ns}/${wl.name}", retrying. Error: EndpointSlice informer cache is out of date"#, weight: 3),
            MessageSpec("E", "deployment_controller.go:490", #""Error syncing deployment" deployment="${wl.ns}/${wl.name}" err="Operation cannot be fulfilled on replicasets.apps \"${wl.name}-${wl.rs}\": the object has been modified; please apply your changes to the latest version and try again""#, weight: 3),
            MessageSpec("E", "disruption.go:534", #"Failed to sync pdb ${wl.ns}/${wl.name}: Operation cannot be fulfilled on poddisruptionbudgets.policy "${wl.name}": the object has been modified; please apply your changes to the latest version and try again"#, weight: 1),
        ]
    }

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

    /// Alibaba Cloud's cloud-controller-manager (v1.9.3.x, glog text): service and node controllers.
    static func alibabaCloudControllerManager(_ cluster: ClusterProfile) -> [MessageSpec] {
        let svc = "${pick:ingress-nginx/ingress-nginx-controller|shop/frontend-public|kube-system/nginx-ingress-lb}"
        let nodes = cluster.masters.count + cluster.workers.count
        return [
            MessageSpec("I", "controller.go:291", "controller: endpoints update event, endpoints [\(svc)]", weight: 3),
            MessageSpec("I", "controller.go:159", "controller: enqueue object \(svc) for service", weight: 3),
            MessageSpec("I", "controller.go:247", "[\(svc)] worker: queued sync for service", weight: 3),
            MessageSpec("I", "controller.go:318", "[\(svc)] finished syncing service (${dur:300-1500})", weight: 3),
            MessageSpec("I", "node_controller.go:350", "batch process update node address, length \(nodes)", weight: 2),
            MessageSpec("W", "controller.go:265", "request was throttled: \(svc), retry in next 7500000000 ns", weight: 1),
            MessageSpec("W", "reflector.go:442", #"k8s.io/client-go/informers/factory.go:134: watch of *v1.Endpoints ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding"#, weight: 1),
            MessageSpec("E", "controller.go:270", "requeue: sync error for service \(svc) ensure loadbalancer error: Aliyun API Error: RequestId: ${UUID} Status Code: 400 Code: Throttling.User Message: Request was denied due to user flow control.", weight: 1, corpusOnly: true),
        ]
    }

    /// The upstream (AWS) cloud-controller-manager 1.24: service and node controllers.
    static func awsCloudControllerManager(_ cluster: ClusterProfile) -> [MessageSpec] {
        [
            MessageSpec("I", "controller.go:772", "Syncing backends for all LB services.", weight: 2),
            MessageSpec("I", "controller.go:794", "Successfully updated 1 out of 1 load balancers to direct traffic to the updated set of nodes", weight: 2),
            MessageSpec("I", "aws_loadbalancer.go:1031", #"Instances added to load-balancer ${hex:32}"#, weight: 0.5),
            MessageSpec("W", "reflector.go:442", #"k8s.io/client-go/informers/factory.go:134: watch of *v1.Service ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding"#, weight: 1),
        ]
    }

    /// etcd 3.5 (zap JSON): compaction and snapshot housekeeping.
    static func etcd(_ cluster: ClusterProfile) -> [MessageSpec] {
        [
            MessageSpec("I", "mvcc/index.go:214", #""compact tree index","revision":${int:41000000-49000000}"#, weight: 2),
            MessageSpec("I", "mvcc/kvstore_compaction.go:57", #""finished scheduled compaction","compact-revision":${int:41000000-49000000},"took":"${dur:5-40}","hash":${int:100000000-4200000000}"#, weight: 2),
            MessageSpec("I", "mvcc/hash.go:137", #""storing new hash","hash":${int:100000000-4200000000},"revision":${int:41000000-49000000},"compact-revision":${int:41000000-49000000}"#, weight: 1),
            MessageSpec("I", "etcdserver/server.go:1383", #""triggering snapshot","local-member-id":"8e9e05c52164694d","local-member-applied-index":${int:52000000-59000000},"local-member-snapshot-index":${int:51000000-52000000},"local-member-snapshot-count":100000"#, weight: 0.4),
            MessageSpec("I", "etcdserver/server.go:2394", #""saved snapshot","snapshot-index":${int:52000000-59000000}"#, weight: 0.4),
            MessageSpec("I", "etcdserver/server.go:2424", #""compacted Raft logs","compact-index":${int:52000000-59000000}"#, weight: 0.4),
            MessageSpec("I", "fileutil/purge.go:77", #""purged","path":"/var/lib/etcd/member/snap/0000000000000005-0000000003${hex:6}.snap""#, weight: 0.3),
            MessageSpec("W", "embed/config_logging.go:169", #""rejected connection","remote-addr":"${master.ip}:${port}","server-name":"","error":"EOF""#, weight: 1),
            MessageSpec("W", "rafthttp/probing_status.go:82", #""prober found high clock drift","round-tripper-name":"ROUND_TRIPPER_SNAPSHOT","remote-peer-id":"${hex:16}","clock-drift":"${dur:1000-1600}","rtt":"${dur:0.5-3}""#, weight: 0.2, corpusOnly: true),
        ]
    }

    /// kubelet 1.24 at `-v=2` on a control-plane node.
    static func kubelet(_ cluster: ClusterProfile) -> [MessageSpec] {
        [
            MessageSpec("I", "kubelet.go:2157", #""SyncLoop (probe)" probe="readiness" status="ready" pod="kube-system/coredns-7f6cbbb7b8-${pod}""#, weight: 2),
            MessageSpec("I", "kubelet.go:2117", #""SyncLoop (PLEG): event for pod" pod="${wl.ns}/${wl.name}-${wl.rs}-${pod}" event=&{ID:${uuid} Type:ContainerStarted Data:${hex:64}}"#, weight: 1),
            MessageSpec("I", "kubelet_getters.go:182", #""Pod status updated" pod="kube-system/kube-apiserver-${master.name}" status=Running"#, weight: 1),
            MessageSpec("I", "reconciler.go:357", #""operationExecutor.VerifyControllerAttachedVolume started for volume \"kube-api-access-${alnum:5}\" (UniqueName: \"kubernetes.io/projected/${uuid}-kube-api-access-${alnum:5}\") pod \"${wl.name}-${wl.rs}-${pod}\" (UID: \"${uuid}\") " pod="${wl.ns}/${wl.name}-${wl.rs}-${pod}""#, weight: 0.5),
            MessageSpec("W", "kubelet.go:2015", #""Unable to attach or mount volumes for pod; skipping pod" err="unmounted volumes=[config], unattached volumes=[config kube-api-access-${alnum:5}]: timed out waiting for the condition" pod="${wl.ns}/${wl.name}-${wl.rs}-${pod}""#, weight: 0.3, corpusOnly: true),
        ]
    }
}
