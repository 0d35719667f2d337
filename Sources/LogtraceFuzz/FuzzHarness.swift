#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceCore
import LogtraceRules

/// Fuzz targets, selected by the LOGTRACE_FUZZ_TARGET environment variable:
/// `stream` (every wrapper of `FormatRegistry`, klog/structured/JSON/request-log parsing, continuation attachment, the
/// prefilter and rule matching, at a small block size), `analyze` (the whole batch pipeline over
/// files: discovery, a rotation group's copytruncate seam filter, chunks of one file read in
/// parallel and their ordered merge, the relative-window first pass, the correlator), `gzip` (the
/// gzip reader), `rules` (the rule loader and compiler). Each must never crash or hang, whatever the bytes.
public enum FuzzHarness {
    static let rules: RuleSet = RuleCatalog.load(userDirs: [], log: DiagnosticLog())

    public static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "gzip": gzip(bytes)
        case "rules": ruleFile(bytes)
        case "analyze": analyze(bytes)
        default: stream(bytes)
        }
    }

    static func stream(_ bytes: [UInt8]) {
        let collector = HitCollector(rules: rules)
        let engine = SignalEngine(rules: rules)
        collector.onHit = { engine.add($0) }
        var o = ReadOptions()
        o.year = 2024
        o.maxLine = 4096
        o.blockSize = 4096
        // The first byte picks a wrapper of the registry: the input gets the name of that wrapper's
        // first sample and, when the byte is below 0x80, that sample's lines in front, so every
        // registered wrapper is explored past its detection.
        var name = "x.log"
        var input = bytes
        if let first = bytes.first {
            let formats = FormatRegistry.all
            let sample = formats[Int(first) % formats.count].samples.first
            name = sample?.file ?? name
            if first < 0x80, let s = sample { input = Array((s.lines.joined(separator: "\n") + "\n").utf8) + bytes.dropFirst() }
        }
        let group = InputGroup(files: [InputFile(path: name, displayPath: name)], component: ComponentNames.fromName(name))
        _ = StreamDriver(group: group, options: o, prefilter: rules.prefilter(component: group.component), sink: collector,
                         log: DiagnosticLog(), source: MemorySource(bytes: input, chunk: 997)).run()
        engine.flushEvents()
        _ = Correlator(rules: rules, components: []).findings(engine.groups)
    }

    /// Where `analyze` writes its files: one directory per process, made for each input and
    /// removed after it (a replay of the corpus leaves nothing behind in the temporary directory).
    static let analyzeDir: String = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/logtrace-fuzz-\(getpid())"

    /// The input split at 0xFF bytes into three files of one directory: `kube-apiserver.log.1`
    /// and `kube-apiserver.log` (one rotation group, the older member's records hashed for the
    /// seam filter) and `kube-controller-manager.log` (a bare klog file becomes chunks read in
    /// parallel, merged in order with their line numbers shifted). Two workers read them, as
    /// `analyze` does; an odd last byte adds `--since 1h` (the first pass over the times).
    static func analyze(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0xFF, maxSplits: 2, omittingEmptySubsequences: false)
        let names = ["kube-apiserver.log.1", "kube-apiserver.log", "kube-controller-manager.log"]
        mkdir(analyzeDir, 0o700)
        defer {
            for name in names { unlink(analyzeDir + "/" + name) }
            rmdir(analyzeDir)
        }
        for (k, name) in names.enumerated() {
            let fd = open(analyzeDir + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { continue }
            if k < parts.count { _ = parts[k].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
            close(fd)
        }
        var o = AnalysisOptions()
        o.read.year = 2024
        o.read.maxLine = 4096
        o.read.blockSize = 4096
        o.workers = 2
        o.minChunk = 512
        if let last = bytes.last, last & 1 == 1 { o.sinceBack = 3600 * 1_000_000 }
        _ = Analyzer(rules: rules, options: o).run(paths: [analyzeDir], log: DiagnosticLog())
    }

    static func gzip(_ bytes: [UInt8]) {
        // Prefix a valid gzip header so the fuzzer explores the deflate stream and trailer.
        let header: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
        for decoder in GzipDecoder.available {   // every decoder of this build reads the same bytes
            guard let g = try? GzipSource(MemorySource(bytes: header + bytes), decoder: decoder) else { continue }
            _ = try? BlockReader(maxLine: 4096, blockSize: 4096).forEachBlock(g) { _, _ in }
        }
    }

    static func ruleFile(_ bytes: [UInt8]) {
        let log = DiagnosticLog()
        let text = String(decoding: bytes, as: UTF8.self)
        guard let f = RuleLoader().load(text: text, name: "fuzz.yaml", source: "fuzz.yaml", log: log) else { return }
        let set = RuleSet(files: [f], log: log)
        _ = set.prefilter(component: nil)
    }
}
