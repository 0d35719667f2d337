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
}
