/// cert-manager is uninstalled while its CRDs (with v1alpha2 objects stored) remain: the conversion
/// webhook is gone, so listing those objects fails, and a namespace deleted meanwhile keeps
/// `unexpected items still remain` until the webhook is reinstalled.
///
/// Times from `t0` (`helm uninstall cert-manager`): +40s first conversion failure, +15m
/// `kubectl delete namespace legacy-certs`, +66m cert-manager reinstalled, namespace finalized.
enum NamespaceContentRemaining {
    static let incident = Incident(
        name: "namespace-content-remaining",
        summary: "conversion webhook gone -> custom resources cannot be deleted -> namespace stuck",
        write: write)

    static let namespace = "legacy-certs"
    static let reinstalledAfter = minutes(66)

    static func write(_ s: Script, _ t0: Micros, _ cluster: ClusterProfile, _ roles: Roles) {
        let kcm = streamID(.controllerManager, roles.controllerManager)
        let kcmIP = cluster.ip(of: roles.controllerManager)
        let conversion = "conversion webhook for cert-manager.io/v1alpha2, Kind=Certificate failed: Post \"https://cert-manager-webhook.cert-manager.svc:443/convert?timeout=30s\": service \"cert-manager-webhook\" not found"
        let reinstalled = t0 + reinstalledAfter
        let webhookReady = reinstalled + seconds(84.6)
        let ns = namespace

        // Helm removes the webhook; the CRDs stay.
        s.event(t0 + seconds(1.2), kcm, object: "cert-manager/cert-manager-webhook", kind: "Deployment", apiVersion: "apps/v1",
                reason: "ScalingReplicaSet", message: "Scaled down replica set cert-manager-webhook-5f9c7b6d84 to 0")
        // The apiserver's watch cache and kube-controller-manager's metadata informers cannot list certificates.
        var t = t0 + seconds(40.3)
        while t < webhookReady {
            for host in roles.apiservers.prefix(1) {
                s.klog(t, streamID(.apiserver, host), "W", "reflector.go:324",
                       "storage/cacher.go:/cert-manager.io/certificates: failed to list cert-manager.io/v1alpha2, Kind=Certificate: \(conversion)")
                s.klog(t + 120, streamID(.apiserver, host), "E", "cacher.go:424",
                       "cacher (*unstructured.Unstructured): unexpected ListAndWatch error: failed to list cert-manager.io/v1alpha2, Kind=Certificate: \(conversion); reinitializing...")
            }
            s.klog(t + seconds(2.7), kcm, "W", "reflector.go:324",
                   "k8s.io/client-go/metadata/metadatainformer/informer.go:90: failed to list *v1.PartialObjectMetadata: \(conversion)")
            s.klog(t + seconds(2.7002), kcm, "E", "reflector.go:138",
                   "k8s.io/client-go/metadata/metadatainformer/informer.go:90: Failed to watch *v1.PartialObjectMetadata: failed to list *v1.PartialObjectMetadata: \(conversion)")
            t += minutes(1) + s.jitter(90_000_000)  // the reflectors re-list with backoff
        }

        // The namespace is deleted; its certificates cannot be removed.
        let deleted = t0 + minutes(15) + seconds(3.4)
        let nsURI = "/api/v1/namespaces/\(ns)"
        let nsController = UserAgent.controllerManager("namespace-controller")
        let nsClient = "\(kcmIP):51234"
        s.request(deleted, roles, verb: "DELETE", uri: nsURI, userAgent: UserAgent.kubectl, client: "192.168.0.41:50112", resp: 200, latency: "11.204117ms")
        var attempt = deleted + 24_000
        var failures = 0
        while attempt < webhookReady {
            s.request(attempt + 1_100, roles, verb: "GET", uri: nsURI, userAgent: nsController, client: nsClient, resp: 200)
            let finished = attempt + seconds(0.31) + s.jitter(200_000)
            s.request(finished - 9_000, roles, verb: "DELETE", uri: "/apis/cert-manager.io/v1/namespaces/\(ns)/certificates", userAgent: nsController,
                      client: nsClient, resp: 200, latency: s.latency(20, 90))
            s.klog(finished, kcm, "E", "namespace_controller.go:162",
                   "deletion of namespace \(ns) failed: unexpected items still remain in namespace: \(ns) for gvr: cert-manager.io/v1, Resource=certificates")
            failures += 1
            attempt = finished + min(seconds(0.005 * Double(1 << min(failures - 1, 20))), seconds(60)) + s.jitter(2_000)
        }
        s.event(reinstalled + seconds(2.1), kcm, object: "cert-manager/cert-manager-webhook", kind: "Deployment", apiVersion: "apps/v1",
                reason: "ScalingReplicaSet", message: "Scaled up replica set cert-manager-webhook-5f9c7b6d84 to 1")
        s.request(attempt + 1_000, roles, verb: "GET", uri: nsURI, userAgent: nsController, client: nsClient, resp: 200)
        s.request(attempt + 402_000, roles, verb: "DELETE", uri: "/apis/cert-manager.io/v1/namespaces/\(ns)/certificates", userAgent: nsController,
                  client: nsClient, resp: 200, latency: "61.558213ms")
        s.request(attempt + 1_624_000, roles, verb: "PUT", uri: "\(nsURI)/status", userAgent: nsController, client: nsClient, resp: 200)
        s.request(attempt + 1_651_000, roles, verb: "PUT", uri: "\(nsURI)/finalize", userAgent: nsController, client: nsClient, resp: 200)
        s.request(attempt + 1_666_000, roles, verb: "DELETE", uri: nsURI, userAgent: nsController, client: nsClient, resp: 200)
    }
}
