/// Catalogs of the benchmark mix (`--layout bench`): the generations of control-plane logs a
/// user meets, line shapes from docs/formats.md and the real-lines corpus (Tests/RealLines).
extension Messages {
    static let legacyVersion = "v1.15.3"
    static let legacyPlatform = "(linux/amd64) kubernetes/2d3c76f"

    /// The 1.10–1.17 request log (`wrap.go:47`): `GET /api/v1/...: (12.8ms) 200 [UA ip:port]`.
    static func legacyRequest(_ verb: String, _ uri: String, _ ua: String, _ client: String, _ resp: Int, weight: Double,
                              latency: String = "${lat}") -> MessageSpec {
        MessageSpec("I", "wrap.go:47", "\(verb) \(uri): (\(latency)) \(resp) [\(ua) \(client):${port}]", weight: weight)
    }

    /// kube-apiserver 1.15 at `-v=3`: the legacy request log, watch starts, old-style traces.
    static func apiserverLegacy(_ cluster: ClusterProfile) -> [MessageSpec] {
        let v = legacyVersion, p = legacyPlatform
        let kubelet = "kubelet/\(v) \(p)"
        let kcm = { (c: String) in "kube-controller-manager/\(v) \(p)/system:serviceaccount:kube-system:\(c)" }
        let podName = "${wl.name}-${wl.rs}-${pod}"
        return [
            legacyRequest("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node.name}?timeout=10s", kubelet, "${node.ip}", 200, weight: 22),
            legacyRequest("GET", "/api/v1/nodes/${node.name}?resourceVersion=0&timeout=10s", kubelet, "${node.ip}", 200, weight: 5),
            legacyRequest("PATCH", "/api/v1/nodes/${node.name}/status?timeout=10s", kubelet, "${node.ip}", 200, weight: 2),
            legacyRequest("GET", "/api/v1/namespaces/kube-system/endpoints/kube-controller-manager?timeout=10s", "kube-controller-manager/\(v) \(p)/leader-election", "${master.ip}", 200, weight: 9),
            legacyRequest("PUT", "/api/v1/namespaces/kube-system/endpoints/kube-scheduler?timeout=10s", "kube-scheduler/\(v) \(p)/leader-election", "${master.ip}", 200, weight: 9),
            legacyRequest("GET", "/healthz", "kube-probe/1.15", "${master.ip}", 200, weight: 3),
            legacyRequest("PATCH", "/api/v1/namespaces/${wl.ns}/pods/\(podName)/status", kubelet, "${worker.ip}", 200, weight: 6),
            legacyRequest("POST", "/api/v1/namespaces/${wl.ns}/events", kubelet, "${worker.ip}", 201, weight: 3),
            legacyRequest("GET", "/api/v1/namespaces/${wl.ns}/configmaps?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dkube-root-ca.crt&resourceVersion=${rv}&${watch}&watch=true", kubelet, "${worker.ip}", 200, weight: 4, latency: "${watchlat}"),
            legacyRequest("PUT", "/api/v1/namespaces/${wl.ns}/endpoints/${wl.name}", kcm("endpoint-controller"), "${master.ip}", 200, weight: 3),
            legacyRequest("PUT", "/apis/apps/v1/namespaces/${wl.ns}/replicasets/${wl.name}-${wl.rs}/status", kcm("replicaset-controller"), "${master.ip}", 200, weight: 2),
            legacyRequest("GET", "/apis/apps/v1/namespaces/${wl.ns}/replicasets/${wl.name}-${alnum:10}", kcm("generic-garbage-collector"), "${master.ip}", 404, weight: 1.2),
            legacyRequest("GET", "/api/v1/namespaces/${wl.ns}", kcm("namespace-controller"), "${master.ip}", 200, weight: 0.3),
            legacyRequest("POST", "/api/v1/namespaces/${wl.ns}/pods/\(podName)/binding", "kube-scheduler/\(v) \(p)/scheduler", "${master.ip}", 201, weight: 2),
            legacyRequest("GET", "/api/v1/namespaces/${wl.ns}/pods?limit=500", "kubectl/\(v) \(p)", "192.168.0.${int:20-60}", 200, weight: 0.6),
            MessageSpec("I", "get.go:251", "Starting watch for /api/v1/namespaces/${wl.ns}/configmaps, rv=${rv} labels= fields=metadata.name=kube-root-ca.crt timeout=${dur:300-600}", weight: 3),
            MessageSpec("I", "trace.go:81",
                #"Trace[${tid}]: "Get /api/v1/namespaces/${wl.ns}/pods/\#(podName)" (started: ${tstart}) (total time: ${tms}ms):"#,
                weight: 0.15,
                continuation: [#"Trace[${tid}]: [${tms}ms] [${tms}ms] About to write a response"#]),
            MessageSpec("I", "trace.go:81",
                #"Trace[${tid}]: "GuaranteedUpdate etcd3: *coordination.Lease" (started: ${tstart}) (total time: ${tms}ms):"#,
                weight: 0.1,
                continuation: [#"Trace[${tid}]: [${tms}ms] [${tms}ms] Transaction committed"#]),
            MessageSpec("W", "watcher.go:207", "watch chan error: etcdserver: mvcc: required revision has been compacted", weight: 5),
            MessageSpec("I", "controller.go:107", "OpenAPI AggregationController: Processing item v1beta1.metrics.k8s.io", weight: 0.5),
            MessageSpec("E", "status.go:71", #"apiserver received an error that is not an metav1.Status: &errors.errorString{s:"context canceled"}"#, weight: 4),
            MessageSpec("E", "wrap.go:39", "apiserver was unable to write a JSON response: http2: stream closed", weight: 2),
        ]
    }

    /// kube-apiserver 1.24 at the default `-v=2`: no request log.
    static func apiserverV2(_ cluster: ClusterProfile) -> [MessageSpec] {
        apiserver(cluster).filter { $0.source != httpLogSource }
    }

    /// etcd 3.4 (zap JSON, millisecond ISO 8601 time): housekeeping and the usual slow-read warnings.
    static func etcd34(_ cluster: ClusterProfile) -> [MessageSpec] {
        [
            MessageSpec("I", "mvcc/index.go:214", #""compact tree index","revision":${int:41000000-49000000}"#, weight: 2),
            MessageSpec("I", "mvcc/kvstore_compaction.go:55", #""finished scheduled compaction","compact-revision":${int:41000000-49000000},"took":"${dur:5-40}""#, weight: 2),
            MessageSpec("I", "etcdserver/server.go:2381", #""saved snapshot","snapshot-index":${int:52000000-59000000}"#, weight: 0.4),
            MessageSpec("I", "etcdserver/server.go:2404", #""compacted Raft logs","compact-index":${int:52000000-59000000}"#, weight: 0.4),
            MessageSpec("W", "embed/config_logging.go:279", #""rejected connection","remote-addr":"${master.ip}:${port}","server-name":"","error":"EOF""#, weight: 1),
            MessageSpec("W", "etcdserver/util.go:144", #""apply request took too long","took":"${dur:100-180}","expected-duration":"100ms","prefix":"read-only range ","request":"key:\"/registry/health\" ","response":"range_response_count:0 size:5""#, weight: 0.3),
        ]
    }

    /// kube-controller-manager 1.15 (unstructured): events as `Event(v1.ObjectReference{...})`.
    static func controllerManagerLegacy(_ cluster: ClusterProfile) -> [MessageSpec] {
        let ref = { (kind: String, name: String, api: String) in
            #"Event(v1.ObjectReference{Kind:"\#(kind)", Namespace:"${wl.ns}", Name:"\#(name)", UID:"${uuid}", APIVersion:"\#(api)", ResourceVersion:"${rv}", FieldPath:""})"#
        }
        return [
            MessageSpec("I", "event.go:258", ref("ReplicaSet", "${wl.name}-${wl.rs}", "apps/v1") + ": type: 'Normal' reason: 'SuccessfulCreate' Created pod: ${wl.name}-${wl.rs}-${pod}", weight: 4),
            MessageSpec("I", "event.go:258", ref("ReplicaSet", "${wl.name}-${wl.rs}", "apps/v1") + ": type: 'Normal' reason: 'SuccessfulDelete' Deleted pod: ${wl.name}-${wl.rs}-${pod}", weight: 3),
            MessageSpec("I", "event.go:258", ref("Deployment", "${wl.name}", "apps/v1") + ": type: 'Normal' reason: 'ScalingReplicaSet' Scaled up replica set ${wl.name}-${wl.rs} to ${int:1-6}", weight: 2),
            MessageSpec("I", "replica_set.go:561", "Too few replicas for ReplicaSet ${wl.ns}/${wl.name}-${wl.rs}, need ${int:2-6}, creating 1", weight: 3),
            MessageSpec("I", "cleaner.go:181", #"Cleaning CSR "csr-${alnum:5}" as it is more than 1h0m0s old and approved."#, weight: 1),
            MessageSpec("W", "reflector.go:302", "k8s.io/client-go/informers/factory.go:133: watch of *v1.Endpoints ended with: too old resource version: ${rv} (${rv})", weight: 2),
            MessageSpec("E", "deployment_controller.go:489", #"Operation cannot be fulfilled on replicasets.apps "${wl.name}-${wl.rs}": the object has been modified; please apply your changes to the latest version and try again"#, weight: 3),
        ]
    }

    /// Rule hits for the incident-dense variant (`--dense`): with these weights about one line in
    /// three of each catalog hits a rule (a long metrics-API outage blocking namespace deletions).
    static func denseHits(_ component: String) -> [MessageSpec] {
        let mcm = "metrics.k8s.io/v1beta1: the server is currently unable to handle the request"
        switch component {
        case "apiserver-legacy":
            return [legacyRequest("GET", "/api/v1/namespaces/ns-${int:1-40}", "kube-controller-manager/\(legacyVersion) \(legacyPlatform)/system:serviceaccount:kube-system:namespace-controller", "${master.ip}", 200, weight: 30),
                    MessageSpec("E", "available_controller.go:353", "v1beta1.metrics.k8s.io failed with: Get https://10.96.${int:0-3}.${int:2-250}:443: dial tcp 10.96.0.12:443: connect: connection refused", weight: 10)]
        case "apiserver":
            return [MessageSpec("I", httpLogSource, requestTemplate("GET", "/api/v1/namespaces/ns-${int:1-40}", UserAgent.controllerManager("namespace-controller"), from: "${master.ip}", 200), weight: 30),
                    MessageSpec("E", "available_controller.go:524", #"v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.96.${int:0-3}.${int:2-250}:443/apis/metrics.k8s.io/v1beta1: Get "https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1": dial tcp 10.96.0.12:443: connect: connection refused"#, weight: 10)]
        case "apiserver-v2":
            return [MessageSpec("E", "available_controller.go:524", #"v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.96.${int:0-3}.${int:2-250}:443/apis/metrics.k8s.io/v1beta1: Get "https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1": dial tcp 10.96.0.12:443: connect: connection refused"#, weight: 20)]
        case "etcd":
            return [MessageSpec("W", "etcdserver/util.go:166", #""apply request took too long","took":"${dur:300-2000}","expected-duration":"100ms","prefix":"read-only range ","request":"key:\"/registry/namespaces/ns-${int:1-40}\" ","response":"range_response_count:1 size:${int:300-900}""#, weight: 5)]
        case "controller-manager-legacy":
            return [MessageSpec("E", "namespace_controller.go:148", "deletion of namespace ns-${int:1-40} failed: unable to retrieve the complete list of server APIs: \(mcm)", weight: 10)]
        case "controller-manager":
            return [MessageSpec("E", "namespace_controller.go:162", "deletion of namespace ns-${int:1-40} failed: unable to retrieve the complete list of server APIs: \(mcm)", weight: 14)]
        case "cloud-controller-manager":
            return [MessageSpec("E", "routes.go:82", "Could not create route ${uuid} 10.244.${int:0-9}.0/24 for node ${node.name}: Aliyun API Error: RequestId: ${UUID} Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource, or this API doesn't support RAM.", weight: 8)]
        default:
            return []
        }
    }
}
