extension Messages {
    /// kube-apiserver 1.24 at `-v=3`: mostly the request log, plus the routine warnings and errors of a busy server.
    static func apiserver(_ cluster: ClusterProfile) -> [MessageSpec] {
        let pods = cluster.podNetwork
        let allMasters = cluster.masters.map(\.ip).joined(separator: " ")
        let kubeProxy = "kube-proxy/\(Versions.kubernetes) \(Versions.platform)"
        let ingress = "nginx-ingress-controller/v1.8.1 (linux/amd64) ingress-nginx/dc88dce9ea5e700f3301d16f971fa17c6cfe757d"
        let podName = "${wl.name}-${wl.rs}-${pod}"
        func request(_ verb: String, _ uri: String, _ ua: String, _ client: String, _ resp: Int, weight: Double,
                     latency: String = "${lat}", corpusOnly: Bool = false) -> MessageSpec {
            MessageSpec("I", httpLogSource, requestTemplate(verb, uri, ua, from: client, resp, latency: latency), weight: weight, corpusOnly: corpusOnly)
        }
        return [
            // Cadenced traffic: node and leader leases, probes (samples schedule these at their real period).
            request("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node.name}?timeout=10s", UserAgent.kubelet, "${node.ip}", 200, weight: 22, corpusOnly: true),
            request("GET", "/api/v1/nodes/${node.name}?resourceVersion=0&timeout=10s", UserAgent.kubelet, "${node.ip}", 200, weight: 5, corpusOnly: true),
            request("PATCH", "/api/v1/nodes/${node.name}/status?timeout=10s", UserAgent.kubelet, "${node.ip}", 200, weight: 2, corpusOnly: true),
            request("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s", UserAgent.controllerManagerLeaderElection, "${master.ip}", 200, weight: 9, corpusOnly: true),
            request("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler?timeout=5s", UserAgent.schedulerLeaderElection, "${master.ip}", 200, weight: 9, corpusOnly: true),
            request("GET", "/livez", UserAgent.probe, "${master.ip}", 200, weight: 3, corpusOnly: true),
            request("GET", "/readyz", UserAgent.probe, "${master.ip}", 200, weight: 3, corpusOnly: true),
            request("GET", "/api/v1/namespaces/default/endpoints/kubernetes", UserAgent.apiserver, "[::1]", 200, weight: 1, corpusOnly: true),
            // Everyday requests.
            request("PATCH", "/api/v1/namespaces/${wl.ns}/pods/\(podName)/status", UserAgent.kubelet, "${worker.ip}", 200, weight: 6),
            request("POST", "/api/v1/namespaces/${wl.ns}/events", UserAgent.kubelet, "${worker.ip}", 201, weight: 3),
            request("WATCH", "/api/v1/namespaces/${wl.ns}/configmaps?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dkube-root-ca.crt&resourceVersion=${rv}&${watch}&watch=true", UserAgent.kubelet, "${worker.ip}", 200, weight: 4, latency: "${watchlat}"),
            request("WATCH", "/apis/discovery.k8s.io/v1/endpointslices?allowWatchBookmarks=true&resourceVersion=${rv}&${watch}&watch=true", UserAgent.coredns, "\(pods).${int:0-3}.${int:2-40}", 200, weight: 1.5, latency: "${watchlat}"),
            request("WATCH", "/api/v1/services?allowWatchBookmarks=true&labelSelector=%21service.kubernetes.io%2Fheadless%2C%21service.kubernetes.io%2Fservice-proxy-name&resourceVersion=${rv}&${watch}&watch=true", kubeProxy, "${node.ip}", 200, weight: 1.5, latency: "${watchlat}"),
            request("PUT", "/apis/discovery.k8s.io/v1/namespaces/${wl.ns}/endpointslices/${wl.name}-${alnum:5}", UserAgent.controllerManager("endpointslice-controller"), "${master.ip}", 200, weight: 3),
            request("PUT", "/apis/apps/v1/namespaces/${wl.ns}/replicasets/${wl.name}-${wl.rs}/status", UserAgent.controllerManager("replicaset-controller"), "${master.ip}", 200, weight: 2),
            request("PUT", "/apis/apps/v1/namespaces/${wl.ns}/deployments/${wl.name}/status", UserAgent.controllerManager("deployment-controller"), "${master.ip}", 409, weight: 0.4),
            request("GET", "/apis/apps/v1/namespaces/${wl.ns}/replicasets/${wl.name}-${alnum:10}", UserAgent.controllerManager("generic-garbage-collector"), "${master.ip}", 404, weight: 1.2),
            request("POST", "/api/v1/namespaces/${wl.ns}/pods/\(podName)/binding", UserAgent.scheduler, "${master.ip}", 201, weight: 2),
            request("LIST", "/api/v1/namespaces/${wl.ns}/pods?limit=500", UserAgent.kubectl, "192.168.0.${int:20-60}", 200, weight: 0.6),
            request("GET", "/apis/apps/v1/namespaces/${wl.ns}/deployments/${wl.name}", UserAgent.kubectl, "192.168.0.${int:20-60}", 200, weight: 0.4),
            request("GET", "/api/v1/namespaces/${wl.ns}/secrets/sh.helm.release.v1.${wl.name}.v${int:2-40}", "Helm/3.12.3", "192.168.0.${int:20-60}", 404, weight: 0.3),
            request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews?timeout=10s", UserAgent.metricsServer, "\(pods).${int:0-3}.${int:2-40}", 201, weight: 1),
            request("PUT", "/apis/coordination.k8s.io/v1/namespaces/ingress-nginx/leases/ingress-nginx-leader", ingress, "\(pods).${int:0-3}.${int:2-40}", 200, weight: 1),
            MessageSpec("I", "alloc.go:327", #""allocated clusterIPs" service="${wl.ns}/${wl.name}-${alnum:4}" clusterIPs=map[IPv4:${svc.ip}]"#, weight: 0.3),
            MessageSpec("I", "controller.go:611", "quota admission added evaluator for: ${pick:leases.coordination.k8s.io|endpoints|endpointslices.discovery.k8s.io|events.events.k8s.io|jobs.batch|replicasets.apps|serviceaccounts}", weight: 0.3),
            MessageSpec("I", "trace.go:205",
                #"Trace[${tid}]: "Get" url:/api/v1/namespaces/${wl.ns}/pods/\#(podName),user-agent:\#(UserAgent.kubelet),audit-id:${uuid},client:${worker.ip},accept:application/vnd.kubernetes.protobuf,application/json,protocol:HTTP/2.0 (${tstart}) (total time: ${tms}ms):"#,
                weight: 0.15,
                continuation: [#"Trace[${tid}]: ---"About to write a response" ${tms}ms (${tend})"#, "Trace[${tid}]: [${tsec}] [${tsec}] END"]),
            MessageSpec("I", "trace.go:205",
                #"Trace[${tid}]: "Update" url:/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node.name},user-agent:\#(UserAgent.kubelet),audit-id:${uuid},client:${node.ip},accept:application/vnd.kubernetes.protobuf,application/json,protocol:HTTP/2.0 (${tstart}) (total time: ${tms}ms):"#,
                weight: 0.1,
                continuation: [#"Trace[${tid}]: ---"Object stored in database" ${tms}ms (${tend})"#, "Trace[${tid}]: [${tsec}] [${tsec}] END"]),
            MessageSpec("W", "watcher.go:229", "watch chan error: etcdserver: mvcc: required revision has been compacted", weight: 5),
            MessageSpec("W", "handler_proxy.go:102", "no RequestInfo found in the context", weight: 2),
            MessageSpec("W", "clientconn.go:1331", #"[core] grpc: addrConn.createTransport failed to connect to {127.0.0.1:2379 127.0.0.1 <nil> 0 <nil>}. Err: connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:2379: connect: connection refused". Reconnecting..."#, weight: 0.5, corpusOnly: true),
            MessageSpec("W", "lease.go:234", #"Resetting endpoints for master service "kubernetes" to [\#(allMasters)]"#, weight: 0.2, corpusOnly: true),
            MessageSpec("E", "status.go:71", #"apiserver received an error that is not an metav1.Status: &errors.errorString{s:"context canceled"}: context canceled"#, weight: 4),
            MessageSpec("E", "writers.go:118", "apiserver was unable to write a JSON response: http2: stream closed", weight: 2),
            MessageSpec("E", "status.go:71", #"apiserver received an error that is not an metav1.Status: &errors.errorString{s:"http2: stream closed"}: http2: stream closed"#, weight: 1),
            MessageSpec("E", "wrap.go:53", #"timeout or abort while handling: method=GET URI="/api/v1/namespaces/${wl.ns}/pods?allowWatchBookmarks=true&resourceVersion=${rv}&watch=true" audit-ID="${uuid}""#, weight: 2),
            MessageSpec("E", "timeout.go:141", #"post-timeout activity - time-elapsed: ${dur:1-30}, GET "/api/v1/namespaces/${wl.ns}/configmaps" result: <nil>"#, weight: 1),
            MessageSpec("E", "upgradeaware.go:426", "Error proxying data from client to backend: write tcp ${master.ip}:${port}->${worker.ip}:10250: write: broken pipe", weight: 1),
            MessageSpec("E", "authentication.go:63", #""Unable to authenticate the request" err="[invalid bearer token, service account token has been invalidated]""#, weight: 1, corpusOnly: true),
        ]
    }
}

/// Background message catalogs, one function per component.
enum Messages {}
