/// Every wrapper logtrace reads, in detection order. A new wrapper is one file in `Formats/` and
/// one line here; the reader, the sample tests, the fuzzer (`FuzzHarness`) and the generator
/// (`logtrace-gen --rewrap`) all take their list from this registry.
public enum FormatRegistry {
    /// File wrappers, tried in this order on a member's first non-empty line; the first that
    /// accepts it reads the whole member. The last one, bare lines, accepts anything.
    public static let files: [any FileWrapper.Type] = [
        DockerJSON.self,
        LokiJSONL.self,
        CRI.self,
        AzureDiagnostics.self,
        CloudLogging.self,
        CloudLoggingArray.self,
        BareLines.self,
    ]

    /// Per-line prefixes of bare files, tried in this order, each at the offset the ones before left.
    public static let prefixes: [any LinePrefixFormat.Type] = [
        KubectlPrefix.self,
        KubectlTimestamps.self,
        CloudWatchStream.self,
        Capnslog.self,
        Journald.self,
    ]

    /// Every wrapper, file wrappers first.
    public static var all: [any WireFormat.Type] { files.map { $0 as any WireFormat.Type } + prefixes.map { $0 as any WireFormat.Type } }

    /// The file wrapper of a member whose first non-empty line is `line`.
    public static func detect(_ line: UnsafeRawBufferPointer) -> any FileWrapper.Type {
        for f in files where f.detect(line) { return f }
        return BareLines.self
    }

    /// Whether `line`, a file's first non-empty line, is from a managed control plane's log
    /// export (AKS diagnostic records, Cloud Logging entries or `gcloud logging read`'s array, `aws logs tail` of an EKS log
    /// group): such a file names no node, whatever directories it sits in.
    public static func isManagedExport(_ line: UnsafeRawBufferPointer) -> Bool {
        let f = detect(line)
        if f.id == AzureDiagnostics.id || f.id == CloudLogging.id || f.id == CloudLoggingArray.id { return true }
        guard let p = line.baseAddress, let ts = RFC3339.parse(p, line.count), ts.length < line.count,
              line[ts.length] == UInt8(ascii: " ") else { return false }
        var e = ts.length + 1
        while e < line.count && line[e] != UInt8(ascii: " ") { e += 1 }
        return CloudWatchStream.component(p, ts.length + 1, e) != nil
    }

    /// Every writer, by name (`logtrace-gen --rewrap NAME`).
    public static var rewrappers: [Rewrapper] { all.flatMap { $0.rewrappers } }
}
