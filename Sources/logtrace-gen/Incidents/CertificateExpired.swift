/// The kubeadm client certificates (controller-manager.conf, scheduler.conf, admin.conf and
/// apiserver-kubelet-client.crt) expired at 2024-03-11T23:59:59Z. Open HTTP/2 connections kept
/// working until master-1's apiserver is restarted at `t0`: every client reconnecting with an
/// expired certificate is rejected, and the kubelet rejects the apiserver's own expired client certificate.
///
/// Times from `t0` (apiserver restart): +1s first rejected request, then every few seconds until the end.
enum CertificateExpired {
    static let incident = Incident(
        name: "certificate-expired",
        summary: "kubeadm client certificates expired -> apiserver and kubelet reject x509 clients after a restart",
        write: write)

    static let notAfter = "2024-03-11T23:59:59Z"

    static func write(_ s: Script, _ t0: Micros, _ cluster: ClusterProfile, _ roles: Roles) {
        let host = roles.apiservers[0]
        let apiserver = streamID(.apiserver, host)
        let kubelet = streamID(.kubelet, host)
        let kcm = streamID(.controllerManager, host)
        let scheduler = streamID(.scheduler, host)
        let end = t0 + minutes(29) + seconds(50)
        func expired(_ t: Micros) -> String {
            "x509: certificate has expired or is not yet valid: current time \(isoSeconds(t)) is after \(notAfter)"
        }
        func rejected(_ t: Micros, serial: String, authority: String) {
            s.klog(t, apiserver, "E", "authentication.go:63",
                   "\"Unable to authenticate the request\" err=\"[\(expired(t)), verifying certificate SN=\(serial), SKID=, AKID=\(authority) failed: \(expired(t))]\"")
        }
        let akid = "3A:9C:51:7E:0B:2D:64:F1:88:C4:19:77:52:AD:EE:41:02:6B:9F:13"
        let clients: [(serial: String, period: Double, offset: Double, stream: String, lock: String?)] = [
            ("5867299311428436277", 26, 1.02, kcm, "kube-system/kube-controller-manager"),
            ("4418209351936227045", 26, 9.61, scheduler, "kube-system/kube-scheduler"),
        ]
        // The standbys on master-1 retry their leases and informers; each attempt is rejected.
        for client in clients {
            var t = t0 + seconds(client.offset)
            var informer = t0 + seconds(client.offset + 0.4)
            while t < end {
                rejected(t, serial: client.serial, authority: akid)
                if let lock = client.lock {
                    s.klog(t + 1_900, client.stream, "E", "leaderelection.go:330", "error retrieving resource lock \(lock): Unauthorized")
                }
                if informer <= t {
                    let resource = s.rng.pick(["*v1.Secret", "*v1.ConfigMap", "*v1.Pod", "*v1.Node", "*v1.PersistentVolumeClaim"])
                    rejected(informer + 500, serial: client.serial, authority: akid)
                    s.klog(informer + 2_600, client.stream, "W", "reflector.go:324",
                           "k8s.io/client-go/informers/factory.go:134: failed to list \(resource): Unauthorized")
                    s.klog(informer + 2_700, client.stream, "E", "reflector.go:138",
                           "k8s.io/client-go/informers/factory.go:134: Failed to watch \(resource): failed to list \(resource): Unauthorized")
                    informer += seconds(Double(40 + s.rng.below(50)))
                }
                t += seconds(client.period) + s.jitter(30_000)
            }
        }
        // The on-call's kubectl with the expired admin.conf.
        for offset in [5.21, 5.62, 7.05] {
            rejected(t0 + minutes(offset) + s.jitter(500_000), serial: "1183630416218856103", authority: akid)
        }
        // The apiserver's expired kubelet client certificate, seen by the kubelet (logs, exec, port-forward).
        var call = t0 + seconds(31.4)
        while call < end {
            s.klog(call, kubelet, "E", "server.go:304",
                   "\"Unable to authenticate the request due to an error\" err=\"\(expired(call))\"")
            call += seconds(Double(20 + s.rng.below(60))) + s.jitter(900_000)
        }
    }
}
