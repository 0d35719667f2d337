/// `admission-webhook-unreachable/`: a hung Kyverno blocks pod creation, 2024-03-12 10:00–11:20 UTC.
enum AdmissionWebhookSample {
    static let sample = Sample(name: "admission-webhook-unreachable") { directory, seed in
        let cluster = ClusterProfile.alibaba(masters: 3)
        let kit = SampleKit(directory: directory, cluster: cluster)
        let roles = Roles(apiservers: ["master-1", "master-2"], requestLog: false, controllerManager: "master-1",
                          scheduler: "master-2", cloudControllerManager: "master-2", etcd: "master-1")
        let start = at("10:00:00")
        let end = at("11:20:00")
        let script = Script(seed: seed, name: "admission-webhook-unreachable")
        AdmissionWebhookUnreachable.write(script, at("10:12:00"), cluster, roles)
        let streams = [
            kit.containerLog(.apiserver, host: "master-1", background: kit.background(.apiserver, rate: 0.006, from: start, to: end, requestLog: false)),
            kit.containerLog(.apiserver, host: "master-2", background: kit.background(.apiserver, rate: 0.005, from: start, to: end, requestLog: false)),
            // No background pod creations: while the webhook is down none would succeed.
            kit.containerLog(.controllerManager, host: "master-1",
                             background: kit.background(.controllerManager, rate: 0.012, from: start, to: end,
                                                        messages: Messages.controllerManager(cluster).filter { !$0.text.contains("SuccessfulCreate") })),
        ]
        return (streams, script)
    }
}
