#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bundled sample dump: its streams (files, formats, background) and its story.
struct Sample {
    let name: String
    /// Kubernetes object documents the collection holds besides the logs (`kubectl get ... -o
    /// yaml` output): a path under the sample directory and the document's text.
    var documents: [(path: String, text: String)] = []
    let build: (_ directory: String, _ seed: UInt64) -> (streams: [StreamSpec], script: Script)
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
        let (streams, script) = sample.build(directory, seed)
        let total = try runStreams(streams, events: routeEvents(script.events, to: streams), seed: seed, gzipLevel: 9)
        for (path, text) in sample.documents {
            let file = try OutputFile(creating: "\(directory)/\(path)")
            let buffer = ByteBuffer(capacity: text.utf8.count + 16)
            buffer.append(text)
            try file.write(buffer)
            try file.close()
        }
        reportSummary(total, since: started, label: "\(sample.name): ")
    }
}
