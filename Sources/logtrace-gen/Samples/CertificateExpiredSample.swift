/// `certificate-expired/`: expired kubeadm client certificates surface when master-1's apiserver
/// restarts, 2024-03-12 09:30–10:30 UTC.
enum CertificateExpiredSample {
    static let sample = Sample(
        name: "certificate-expired",
        roles: Roles(apiservers: ["master-1"], requestLog: false, scheduler: "master-1"),
        span: at("09:30:00")..<at("10:30:00")
    ) { dump in
        let script = dump.script
        let t0 = at("10:00:00")
        let apiserver = streamID(.apiserver, "master-1")
        let kubelet = streamID(.kubelet, "master-1")
        // An audit-policy edit of the static pod manifest restarts the apiserver.
        script.klog(t0 - seconds(3.9), kubelet, "I", "kubelet.go:2106", "\"SyncLoop REMOVE\" source=\"file\" pods=[kube-system/kube-apiserver-master-1]")
        script.klog(t0 - seconds(3.598), apiserver, "I", "genericapiserver.go:456", "\"[graceful-termination] shutdown event\" name=\"ShutdownInitiated\"")
        script.klog(t0 - seconds(3.597), apiserver, "I", "controller.go:186", "Shutting down kubernetes service endpoint reconciler")
        script.klog(t0 - seconds(2.1), apiserver, "I", "genericapiserver.go:492", "\"[graceful-termination] shutdown event\" name=\"InFlightRequestsDrained\"")
        script.klog(t0 - seconds(2.05), apiserver, "I", "secure_serving.go:255", "Stopped listening on [::]:6443")
        script.restart(t0 - seconds(1.9), apiserver)
        let uid = fakeHash("kube-apiserver-master-1")
        script.klog(t0 - seconds(1.87), kubelet, "I", "kubelet.go:2117",
                    "\"SyncLoop (PLEG): event for pod\" pod=\"kube-system/kube-apiserver-master-1\" event=&{ID:\(uid) Type:ContainerDied Data:\(fakeHash("c0") + fakeHash("c1"))}")
        script.klog(t0 - seconds(1.6), kubelet, "I", "kubelet.go:2096", "\"SyncLoop ADD\" source=\"file\" pods=[kube-system/kube-apiserver-master-1]")
        script.klog(t0 - seconds(1.1), kubelet, "I", "kubelet.go:2117",
                    "\"SyncLoop (PLEG): event for pod\" pod=\"kube-system/kube-apiserver-master-1\" event=&{ID:\(uid) Type:ContainerStarted Data:\(fakeHash("c2") + fakeHash("c3"))}")
        script.apiserverStartup(t0 - seconds(0.97), host: "master-1", ip: "10.0.1.11", masterIPs: dump.cluster.masters.map(\.ip))
        // master-1's controller-manager and scheduler are standbys, quiet since they started a week ago.
        script.controllerManagerStartup(parseTimestamp("2024-03-04T08:12:40.207731Z")!, host: "master-1", leaderAt: nil)
        script.schedulerStartup(parseTimestamp("2024-03-04T08:12:41.930412Z")!, host: "master-1", leaderAt: nil)
        dump.play(CertificateExpired.incident, at: t0 + seconds(2.3))

        dump.containerLog(.apiserver, host: "master-1", .healthy(0.008, requestLog: false, quiet: [t0 - seconds(4)..<t0 + seconds(4)]))
        dump.journal(.kubelet, host: "master-1", pid: 1043, from: parseTimestamp("2024-02-27T11:40:52Z")!, to: at("10:30:01"), .healthy(0.02))
        dump.containerLog(.controllerManager, host: "master-1")
        dump.containerLog(.scheduler, host: "master-1")
    }
}
