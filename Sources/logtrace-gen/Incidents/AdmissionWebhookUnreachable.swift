/// The only Kyverno pod hangs (its endpoint stays registered), so every pod creation in the namespaces
/// its fail-closed policy covers waits 10s and is rejected; ReplicaSets cannot replace pods until the
/// pod is restarted.
///
/// Times from `t0` (Kyverno stops answering): +24s first failed call, then one per admission attempt;
/// +50m the on-call deletes the pod; +51m10s calls succeed again.
enum AdmissionWebhookUnreachable {
    static let incident = Incident(
        name: "admission-webhook-unreachable",
        summary: "Kyverno hangs -> fail-closed validating webhook times out -> pod creations rejected",
        write: write)

    static let webhook = "validate.kyverno.svc-fail"
    static let url = "https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s"
    static let recoveredAfter = minutes(51) + seconds(10)

    static func write(_ s: Script, _ t0: Micros, _ cluster: ClusterProfile, _ roles: Roles) {
        let kcm = streamID(.controllerManager, roles.controllerManager)
        let callError = "failed calling webhook \"\(webhook)\": failed to call webhook: Post \"\(url)\": context deadline exceeded"
        let recovered = t0 + recoveredAfter
        let replicaSets = ["shop/cart-5d8f7c9b64", "shop/frontend-7c9d5f6b8d", "payments/api-84c6d7b9f5"]
        var retries = [0, 0, 0]
        var next = [t0 + seconds(24.1), t0 + seconds(131.7), t0 + seconds(602.4)]
        let apiservers = roles.apiservers
        var call = 0
        while true {
            guard let i = next.indices.min(by: { next[$0] < next[$1] }), next[i] < recovered else { break }
            let t = next[i]
            let host = apiservers[call % apiservers.count]
            call += 1
            s.klog(t + seconds(10.0012), streamID(.apiserver, host), "W", "dispatcher.go:159",
                   "Failed calling webhook, failing closed \(webhook): \(callError)")
            if call % 9 == 1 {
                let pod = replicaSets[i].split(separator: "/")[0] + "/pods"
                s.apiserverTrace(t + seconds(10.0031), host: host, operation: "Create",
                                 fields: "url:/api/v1/namespaces/\(pod),user-agent:\(UserAgent.controllerManager("replicaset-controller")),audit-id:\(s.uuid()),client:10.0.1.11,accept:application/vnd.kubernetes.protobuf, */*,protocol:HTTP/2.0",
                                 steps: [("About to write a response", 10002)], totalMilliseconds: 10003)
            }
            s.event(t + seconds(10.006), kcm, object: replicaSets[i], kind: "ReplicaSet", apiVersion: "apps/v1", type: "Warning",
                    reason: "FailedCreate", message: "Error creating: Internal error occurred: \(callError)")
            s.klog(t + seconds(10.0065), kcm, "E", "replica_set.go:536",
                   "sync \"\(replicaSets[i])\" failed with Internal error occurred: \(callError)")
            // The ReplicaSet controller retries with its rate limiter (5ms doubling); other events on the
            // ReplicaSet re-queue it sooner, so after the first minute attempts come every one to five minutes.
            retries[i] += 1
            next[i] = t + seconds(10.01) + min(seconds(0.005 * Double(1 << min(retries[i], 20))), minutes(1) + s.jitter(240_000_000))
        }
        // Kyverno is restarted; the next creations pass.
        for (index, rs) in replicaSets.enumerated() {
            let t = recovered + seconds(3.0 + 7.3 * Double(index))
            let name = String(rs.split(separator: "/")[1])
            s.event(t, kcm, object: rs, kind: "ReplicaSet", apiVersion: "apps/v1", reason: "SuccessfulCreate",
                    message: "Created pod: \(name)-\(s.suffix())")
        }
    }
}
