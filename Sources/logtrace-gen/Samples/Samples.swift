/// A bundled sample dump: its cluster, who runs what, the span of the healthy background, and its
/// story, which lays out the files (`Dump`'s layouts) and writes the records of the incident.
struct Sample {
    let name: String
    var cluster = ClusterProfile.alibaba(masters: 3)
    let roles: Roles
    /// The healthy background's span (a stream may name its own).
    let span: Range<Micros>
    /// The name of the script's random stream, if not the sample's.
    var timeline: String?
    let story: (Dump) -> Void
}

enum Samples {
    static let all: [Sample] = [
        NamespaceStuckSample.sample,
        NamespaceStuckSample.withoutCCM,
        AggregatedAPIDownSample.sample,
        CloudRouteSyncFailedSample.sample,
        AdmissionWebhookSample.sample,
        NamespaceContentRemainingSample.sample,
        EtcdSlowSample.sample,
        CertificateExpiredSample.sample,
        HealthySample.sample,
    ]

    static func named(_ name: String) -> Sample? { all.first { $0.name == name } }
}

func writeSamples(_ name: String, into output: String, seed: UInt64) throws {
    let chosen = name == "all" ? Samples.all : Samples.named(name).map { [$0] } ?? []
    guard !chosen.isEmpty else {
        throw GeneratorError("unknown sample \(name) (known: \(Samples.all.map(\.name).joined(separator: ", ")), all)")
    }
    for sample in chosen {
        let started = monotonicSeconds()
        let directory = "\(output)/\(sample.name)"
        if fileExists(directory) { try Subprocess.run(["rm", "-rf", "--", directory]) }
        let dump = Dump(directory: directory, seed: seed, timeline: sample.timeline ?? sample.name, cluster: sample.cluster,
                        roles: sample.roles, span: sample.span)
        sample.story(dump)
        let total = try dump.write(gzipLevel: 9)
        reportSummary(total, since: started, label: "\(sample.name): ")
    }
}
