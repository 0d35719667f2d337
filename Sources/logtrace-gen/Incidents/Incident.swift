/// An incident story: the records each component prints, placed relative to the incident's start time.
struct Incident {
    let name: String
    let summary: String
    /// Writes the incident's records starting at the given time.
    let write: (_ script: Script, _ start: Micros, _ cluster: ClusterProfile, _ roles: Roles) -> Void
}

enum Incidents {
    static let all: [Incident] = [
        NamespaceStuckTerminating.incident,
        AggregatedAPIDown.incident,
        CloudRouteSyncFailed.incident,
        AdmissionWebhookUnreachable.incident,
        NamespaceContentRemaining.incident,
        EtcdSlowLeaderElection.incident,
        CertificateExpired.incident,
    ]

    static func named(_ name: String) -> Incident? { all.first { $0.name == name } }
}
