#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// logtrace-gen: deterministic corpora and the bundled sample dumps. See `usage`.
func main() -> Int32 {
    do {
        switch try parseCommandLine(Array(CommandLine.arguments.dropFirst())) {
        case .help:
            print(usage)
        case .list:
            print("incidents (--incident NAME@TIME):")
            for incident in Incidents.all { print("  \(incident.name)  \(incident.summary)") }
            print("samples (--sample NAME):")
            for sample in Samples.all { print("  \(sample.name)") }
        case .corpus(let options):
            try writeCorpus(options)
        case .sample(let name, let output, let seed):
            try writeSamples(name, into: output, seed: seed)
        case .rewrap(let format, let output, let files, let year):
            try rewrap(format, files: files, into: output, year: year)
        }
        return 0
    } catch {
        fputs("logtrace-gen: \(error)\n", stderr)
        return 1
    }
}

func writeCorpus(_ options: CorpusOptions) throws {
    if directoryHasEntries(options.output) && !options.force {
        throw GeneratorError("\(options.output) is not empty (use --force to write into it)")
    }
    let started = monotonicSeconds()
    let end = options.start + options.duration
    let dump = Dump(directory: options.output, seed: options.seed, timeline: "incidents", cluster: ClusterProfile.alibaba(masters: options.nodes),
                    roles: Roles.standard(masters: options.nodes), span: options.start..<end)
    Corpus.lay(options, into: dump, layout: Roles.standard(masters: options.plainOnly || options.bench ? 1 : options.nodes))
    for incident in options.incidents { dump.play(Incidents.named(incident.name)!, at: incident.time) }
    let outside = dump.script.removeEvents { $0.time < options.start || $0.time >= end - 10_000 }
    if outside > 0 {
        fputs("logtrace-gen: note: \(outside) incident records fall outside the time span and were left out\n", stderr)
    }
    let total = try dump.write(gzipLevel: 1)
    reportSummary(total, since: started)
}

func reportSummary(_ total: StreamResult, since started: Double, label: String = "") {
    let seconds = monotonicSeconds() - started
    let mib = Double(total.bytes) / 1_048_576
    let onDisk = total.files.reduce(0) { $0 + fileSize($1) }
    let disk = onDisk == total.bytes ? "" : ", \(formatted(Double(onDisk) / 1_048_576, 1)) MiB on disk"
    let line = "logtrace-gen: \(label)\(total.files.count) files, \(total.bytes) bytes (\(formatted(mib, 1)) MiB\(disk)), "
        + "\(total.lines) lines in \(formatted(seconds, 2)) s (\(formatted(mib / max(seconds, 1e-9), 0)) MiB/s)\n"
    fputs(line, stderr)
}

func formatted(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if decimals == 0 { return String(Int(rounded)) }
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let fraction = text.distance(from: dot, to: text.endIndex) - 1
        if fraction < decimals { text += String(repeating: "0", count: decimals - fraction) }
    }
    return text
}

/// Elapsed-time measurement for the summary only; never used for generated content.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

exit(main())
