/// Every wrapper logtrace reads, in detection order. A new wrapper is one file in `Formats/` and
/// one line here; the reader, the sample tests, the fuzzer (`FuzzHarness`) and the generator
/// (`logtrace-gen --rewrap`) all take their list from this registry.
public enum FormatRegistry {
    /// File wrappers, tried in this order on a member's first non-empty line; the first that
    /// accepts it reads the whole member. The last one, bare lines, accepts anything.
    public static let files: [any FileWrapper.Type] = [
        DockerJSON.self,
        CRI.self,
        BareLines.self,
    ]

    /// Per-line prefixes of bare files, tried in this order, each at the offset the ones before left.
    public static let prefixes: [any LinePrefixFormat.Type] = [
        KubectlPrefix.self,
        KubectlTimestamps.self,
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

    /// Every writer, by name (`logtrace-gen --rewrap NAME`).
    public static var rewrappers: [Rewrapper] { all.flatMap { $0.rewrappers } }
}
