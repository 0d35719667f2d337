/// `namespace-content-remaining/`: cert-manager's conversion webhook is gone while its objects remain,
/// 2024-03-12 10:00–11:30 UTC. master-1's apiserver runs at `-v=3` (request log).
enum NamespaceContentRemainingSample {
    static let sample = Sample(
        name: "namespace-content-remaining",
        roles: Roles(apiservers: ["master-1"]),
        span: at("10:00:00")..<at("11:30:00")
    ) { dump in
        let (start, end) = (dump.span.lowerBound, dump.span.upperBound)
        dump.script.controllerManagerLeaseTraffic(dump.roles, client: "10.0.1.11:41822", from: start, acquired: start, to: end, period: seconds(26))
        dump.play(NamespaceContentRemaining.incident, at: at("10:05:00"))

        dump.containerLog(.apiserver, host: "master-1", .healthy(0.015))
        dump.containerLog(.controllerManager, host: "master-1", .healthy(0.012))
    }
}
