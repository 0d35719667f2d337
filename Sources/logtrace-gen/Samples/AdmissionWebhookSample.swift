/// `admission-webhook-unreachable/`: a hung Kyverno blocks pod creation, 2024-03-12 10:00–11:20 UTC.
enum AdmissionWebhookSample {
    static let sample = Sample(
        name: "admission-webhook-unreachable",
        roles: Roles(apiservers: ["master-1", "master-2"], requestLog: false),
        span: at("10:00:00")..<at("11:20:00")
    ) { dump in
        dump.play(AdmissionWebhookUnreachable.incident, at: at("10:12:00"))

        dump.containerLog(.apiserver, host: "master-1", .healthy(0.006, requestLog: false))
        dump.containerLog(.apiserver, host: "master-2", .healthy(0.005, requestLog: false))
        // No background pod creations: while the webhook is down none would succeed.
        dump.containerLog(.controllerManager, host: "master-1",
                          .healthy(0.012, messages: Messages.controllerManager(dump.cluster).filter { !$0.text.contains("SuccessfulCreate") }))
    }
}
