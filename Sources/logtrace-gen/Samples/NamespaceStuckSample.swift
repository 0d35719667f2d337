/// `namespace-stuck-terminating/` (and `-no-ccm/`): the founding incident as collected from three
/// control-plane nodes of a Kubernetes 1.24 cluster on Alibaba Cloud, 2024-03-12 06:00–13:00 UTC.
enum NamespaceStuckSample {
    static let sample = Sample(name: "namespace-stuck-terminating", cluster: cluster, roles: roles, span: span) { story($0, withCCM: true) }
    /// The same story without the cloud-controller-manager's journal: the root cause is not in the dump.
    static let withoutCCM = Sample(name: "namespace-stuck-terminating-no-ccm", cluster: cluster, roles: roles, span: span,
                                   timeline: "namespace-stuck-terminating") { story($0, withCCM: false) }

    static let cluster = {
        var cluster = ClusterProfile.alibaba(masters: 3)
        // demo-app is deleted at 09:40; keep it out of the background so nothing mentions it afterwards.
        cluster.workloads.removeAll { $0.namespace == NamespaceStuckTerminating.namespace }
        return cluster
    }()
    static let roles = Roles(apiservers: ["master-1", "master-2", "master-3"], scheduler: "master-3")
    static let span = at("06:00:00")..<at("13:00:00")

    /// The namespace as the on-call saw it while it was stuck (`kubectl get namespace demo-app -o
    /// yaml`, one of the kubectl GETs of the namespace from 192.168.0.41 in the request log), kept
    /// the way must-gather and `oc adm inspect` lay out namespaces: `namespaces/<ns>/<ns>.yaml`.
    /// The namespace controller set the conditions with its first PUT .../status at 09:40:01.068
    /// (metav1.Time keeps seconds); the condition texts are upstream's `deletion/status_condition_utils.go`.
    static let documents: [(path: String, text: String)] = [
        ("inspect/namespaces/\(NamespaceStuckTerminating.namespace)/\(NamespaceStuckTerminating.namespace).yaml", """
        apiVersion: v1
        kind: Namespace
        metadata:
          creationTimestamp: "2024-01-16T08:14:37Z"
          deletionTimestamp: "2024-03-12T09:40:00Z"
          labels:
            kubernetes.io/metadata.name: demo-app
          name: demo-app
          resourceVersion: "48213391"
          uid: 6f0c2d9e-8b1a-4c47-9e3d-52a7b4e1c0f8
        spec:
          finalizers:
          - kubernetes
        status:
          conditions:
          - lastTransitionTime: "2024-03-12T09:40:01Z"
            message: 'Discovery failed for some groups, 1 failing: unable to retrieve the
              complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently
              unable to handle the request'
            reason: DiscoveryFailed
            status: "True"
            type: NamespaceDeletionDiscoveryFailure
          - lastTransitionTime: "2024-03-12T09:40:01Z"
            message: All legacy kube types successfully parsed
            reason: ParsedGroupVersions
            status: "False"
            type: NamespaceDeletionGroupVersionParsingFailure
          - lastTransitionTime: "2024-03-12T09:40:01Z"
            message: All content successfully deleted, may be waiting on finalization
            reason: ContentDeleted
            status: "False"
            type: NamespaceDeletionContentFailure
          - lastTransitionTime: "2024-03-12T09:40:01Z"
            message: All content successfully removed
            reason: ContentRemoved
            status: "False"
            type: NamespaceContentRemaining
          - lastTransitionTime: "2024-03-12T09:40:01Z"
            message: All content-preserving finalizers finished
            reason: ContentHasNoFinalizers
            status: "False"
            type: NamespaceFinalizersRemaining
          phase: Terminating

        """),
    ]

    static func story(_ dump: Dump, withCCM: Bool) {
        let (script, cluster, roles, end) = (dump.script, dump.cluster, dump.roles, dump.span.upperBound)
        for (path, text) in documents { dump.document(path, text) }

        // 06:00 the control plane comes back from the monthly OS patch window, one master after another.
        script.apiserverStartup(at("06:00:00.412118"), host: "master-1", ip: "10.0.1.11", masterIPs: cluster.masters.map(\.ip))
        script.controllerManagerStartup(at("06:00:02.104211"), host: "master-1", leaderAt: at("06:02:19.812345"), apiserverDown: "10.0.1.11")
        script.controllerManagerLeaseTraffic(roles, client: "10.0.1.11:41822", from: at("06:00:28.611349"), acquired: at("06:02:19.812345"),
                                             to: end, period: seconds(26))
        script.apiserverStartup(at("06:04:12.703310"), host: "master-2", ip: "10.0.1.12", masterIPs: cluster.masters.map(\.ip))
        script.alibabaCCMStartup(at("06:04:31.250871"), host: "master-2", vpc: NamespaceStuckTerminating.vpc, leaderAt: at("06:04:47.118024"))
        script.schedulerStartup(at("06:08:05.330184"), host: "master-3", leaderAt: at("06:08:21.902477"))
        // A slow GET in the healthy morning, printed as a trace.
        script.apiserverTrace(at("07:42:18.516203"), host: "master-1", operation: "Get",
                              fields: "url:/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication,user-agent:\(UserAgent.apiserver),audit-id:\(script.uuid()),client:10.0.1.11,accept:application/vnd.kubernetes.protobuf, */*,protocol:HTTP/2.0",
                              steps: [("About to write a response", 1333)], totalMilliseconds: 1333)
        // One-off timeouts nobody needs to care about.
        script.klog(at("07:13:22.118734"), streamID(.apiserver, "master-1"), "E", "wrap.go:53",
                    "timeout or abort while handling: method=GET URI=\"/api/v1/namespaces/shop/pods?allowWatchBookmarks=true&resourceVersion=47719233&watch=true\" audit-ID=\"\(script.uuid())\"")
        script.klog(at("07:13:22.118911"), streamID(.apiserver, "master-1"), "E", "timeout.go:141",
                    "post-timeout activity - time-elapsed: 3.218377ms, GET \"/api/v1/namespaces/shop/pods\" result: <nil>")

        dump.play(NamespaceStuckTerminating.incident, at: at("09:10:00"))

        dump.klogFile(.apiserver, host: "master-1", createdAt: at("06:00:00"), rotation: .logrotate(at: [at("10:58:41"), at("12:07:12")]),
                      .healthy(0.03, from: at("06:00:05")))
        dump.containerLog(.controllerManager, host: "master-1", .healthy(0.012, from: at("06:02:21")))
        dump.containerLog(.apiserver, host: "master-2", .healthy(0.004, from: at("06:04:18"), requestLog: false))
        // master-3's apiserver log is a `kubectl logs --since-time=09:00` excerpt.
        dump.kubectlLogs(.apiserver, host: "master-3", since: at("09:00:00"), .healthy(0.004, from: at("09:00:00"), requestLog: false))
        dump.containerLog(.scheduler, host: "master-3", .healthy(0.01, from: at("06:08:22")))
        if withCCM {
            dump.journal(.cloudControllerManager, host: "master-2", pid: 1126, from: parseTimestamp("2024-03-04T02:11:09Z")!, to: at("13:00:04"),
                         .healthy(0.008, from: at("06:04:48")))
        }
    }
}
