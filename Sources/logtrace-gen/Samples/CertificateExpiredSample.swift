/// `certificate-expired/`: expired kubeadm client certificates surface when master-1's apiserver
/// restarts, 2024-03-12 09:30–10:30 UTC.
enum CertificateExpiredSample {
    static let sample = Sample(name: "certificate-expired") { directory, seed in
        let cluster = ClusterProfile.alibaba(masters: 3)
        let kit = SampleKit(directory: directory, cluster: cluster)
        let roles = Roles(apiservers: ["master-1"], requestLog: false, controllerManager: "master-1",
                          scheduler: "master-1", cloudControllerManager: "master-2", etcd: "master-1")
        let start = at("09:30:00")
        let end = at("10:30:00")
        let t0 = at("10:00:00")
        let script = Script(seed: seed, name: "certificate-expired")
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
        script.apiserverStartup(t0 - seconds(0.97), host: "master-1", ip: "10.0.1.11", masterIPs: cluster.masters.map(\.ip))
        // master-1's controller-manager and scheduler are standbys, quiet since they started a week ago.
        script.controllerManagerStartup(parseTimestamp("2024-03-04T08:12:40.207731Z")!, host: "master-1", leaderAt: nil)
        script.schedulerStartup(parseTimestamp("2024-03-04T08:12:41.930412Z")!, host: "master-1", leaderAt: nil)
        CertificateExpired.write(script, t0 + seconds(2.3), cluster, roles)
        let streams = [
            kit.containerLog(.apiserver, host: "master-1",
                             background: kit.background(.apiserver, rate: 0.008, from: start, to: end, requestLog: false, quiet: [t0 - seconds(4)..<t0 + seconds(4)])),
            kit.journal(.kubelet, host: "master-1", pid: 1043, journalStart: parseTimestamp("2024-02-27T11:40:52Z")!, journalEnd: at("10:30:01"),
                        background: kit.background(.kubelet, rate: 0.02, from: start, to: end)),
            kit.containerLog(.controllerManager, host: "master-1", background: nil),
            kit.containerLog(.scheduler, host: "master-1", background: nil),
        ]
        return (streams, script)
    }
}
