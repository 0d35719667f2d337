import LogtraceKernels

/// A transport wrapper: what a collector puts around each line a program wrote (docs/formats.md
/// §5-§7). Every wrapper is one file in `Formats/` and one line in `FormatRegistry`; its samples
/// are replayed by the tests (`FormatSampleTests`), fed to the fuzzer, and its rewrappers are what
/// `logtrace-gen --rewrap` writes.
public protocol WireFormat {
    /// The name in `InputStats.wrapper` (file wrappers) and in `logtrace-gen --rewrap` (writers).
    static var id: String { get }
    /// Lines as the collector writes them, and the records they must give.
    static var samples: [FormatSample] { get }
    /// Writers of this wrapper around a bare line (several for one reader: containerd and CRI-O).
    static var rewrappers: [Rewrapper] { get }
}

extension WireFormat {
    public static var rewrappers: [Rewrapper] { [] }
}

/// A wrapper of a whole file, detected once from its first non-empty line; the reader keeps one
/// value of it per member (its partial-line state, memos) and hands it every line.
public protocol FileWrapper: WireFormat {
    /// Whether `line`, the first non-empty line of a member, is in this wrapper.
    static func detect(_ line: UnsafeRawBufferPointer) -> Bool
    /// Bare klog lines no literal hit may take the reader's lite path (bare files only).
    static var allowsLite: Bool { get }
    init()
    /// Unwraps one physical line (without its newline) and hands its content to `out`.
    mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver)
    /// End of the member: hands on what is still pending (a partial line with no final fragment).
    mutating func finish(_ out: StreamDriver)
}

extension FileWrapper {
    public static var allowsLite: Bool { false }
    public mutating func finish(_ out: StreamDriver) {}
}

/// A prefix in front of a line of a bare file (journald, `kubectl logs --timestamps` and
/// `--prefix`, capnslog). The bare-file wrapper tries each in registry order at the offset the
/// ones before left; each fills what it knows into the line's context.
///
/// Two promises let the bare wrapper skip prefixes (`BareLines.prefixes`, held to the plain loop by
/// `WrapperReferenceTests`): a prefix matches only if the byte at `state.offset` is one of its
/// `firstBytes`, and no prefix matches where a klog header starts (`KlogHeader.parse` accepts the
/// bytes at `state.offset`).
public protocol LinePrefixFormat: WireFormat {
    /// The bytes this prefix can start with, wherever it is tried (at the start of the line or
    /// after the prefixes before it).
    static var firstBytes: [UInt8] { get }
    init()
    /// Parses this prefix at `state.offset` of `p[0..<n]`; on a match advances the offset, fills
    /// the context and returns true.
    mutating func parse(_ p: UnsafeRawPointer, _ n: Int, _ state: inout PrefixState, _ years: YearResolver) -> Bool
}

/// What the prefixes of one line found so far.
public struct PrefixState {
    /// Bytes of prefix consumed: the content starts here.
    public var offset = 0
    public var context = LineContext()
    /// The offset right after a wrapper timestamp and its space (capnslog and journalctl
    /// short-iso come after one), or -1.
    public var afterTimestamp = -1
    /// A `kubectl logs --prefix` gave the container (its component and stream win over journald's).
    public var fromPod = false
    /// Set by a prefix that also acts on later lines it does not match (`CloudWatchStream`: the bare
    /// lines of a multi-line event keep its stream); from then on every line of the member is tried.
    public var followsLines = false
    @inline(__always) public init() {}
}

/// One sample of a wrapper: physical lines in, records out (checked by `FormatSampleTests`).
public struct FormatSample: Sendable {
    /// The input's name (it drives the component, as a file name does).
    public var file: String
    /// The physical lines, as the collector writes them (with its damage, if it has any).
    public var lines: [String]
    public var records: [SampleRecord]
    /// Where the line shape comes from (`owner/repo#number`, a collector's documented layout).
    public var source: String
    public init(file: String, lines: [String], records: [SampleRecord], source: String) {
        self.file = file; self.lines = lines; self.records = records; self.source = source
    }
}

/// One record a sample must give: its bytes (the lines after unwrapping, joined by newlines),
/// time (RFC 3339, µs), component, node, pid and severity (`I`, `W`, `E`, `F`; nil: none).
public struct SampleRecord: Sendable, Equatable {
    public var text: String
    public var time: String?
    public var component: String?
    public var node: String?
    public var pid: Int?
    public var severity: String?
    public init(_ text: String, time: String?, component: String? = nil, node: String? = nil, pid: Int? = nil, severity: String? = nil) {
        self.text = text; self.time = time; self.component = component; self.node = node; self.pid = pid; self.severity = severity
    }
}

/// Writes a bare line inside a wrapper: `logtrace-gen --rewrap NAME`. `nanos` is the wrapper's
/// time (ns since the epoch, UTC), `ident` the program name a journal would show.
public struct Rewrapper: Sendable {
    public let name: String
    public let summary: String
    public let write: @Sendable (_ line: UnsafeRawBufferPointer, _ nanos: Int64, _ ident: String, _ out: inout [UInt8]) -> Void
    public init(_ name: String, _ summary: String, write: @escaping @Sendable (UnsafeRawBufferPointer, Int64, String, inout [UInt8]) -> Void) {
        self.name = name; self.summary = summary; self.write = write
    }
}

/// Byte writers shared by the rewrappers.
enum WireText {
    static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    @inline(__always)
    static func digits(_ v: Int, _ width: Int, _ out: inout [UInt8]) {
        var d = 1
        for _ in 1..<max(width, 1) { d *= 10 }
        var v = v
        while d > 0 { out.append(UInt8(ascii: "0") + UInt8(v / d % 10)); v %= d; d /= 10 }
    }

    static func append(_ s: String, _ out: inout [UInt8]) { out.append(contentsOf: s.utf8) }

    /// `2024-03-12T09:12:00` of `seconds` since the epoch.
    static func dateTime(_ seconds: Int64, _ out: inout [UInt8]) {
        var days = seconds / 86_400, sod = seconds % 86_400
        if sod < 0 { sod += 86_400; days -= 1 }
        let (y, mo, d) = Timestamp.civil(days: days)
        digits(y, 4, &out); out.append(UInt8(ascii: "-")); digits(mo, 2, &out); out.append(UInt8(ascii: "-")); digits(d, 2, &out)
        out.append(UInt8(ascii: "T"))
        clock(Int(sod), &out)
    }

    static func clock(_ sod: Int, _ out: inout [UInt8]) {
        digits(sod / 3600, 2, &out); out.append(UInt8(ascii: ":")); digits(sod / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":")); digits(sod % 60, 2, &out)
    }

    /// RFC3339Nano: `2024-03-12T09:12:00.123456789` then `Z` unless `zone` is given; `trimmed`
    /// drops trailing zeros of the fraction (and the dot with them), as Go's RFC3339Nano does.
    static func rfc3339(nanos: Int64, trimmed: Bool, zone: String = "Z", _ out: inout [UInt8]) {
        var s = nanos / 1_000_000_000, f = Int(nanos % 1_000_000_000)
        if f < 0 { f += 1_000_000_000; s -= 1 }
        dateTime(s, &out)
        if trimmed {
            if f > 0 {
                var width = 9
                while f % 10 == 0 { f /= 10; width -= 1 }
                out.append(UInt8(ascii: ".")); digits(f, width, &out)
            }
        } else {
            out.append(UInt8(ascii: ".")); digits(f, 9, &out)
        }
        append(zone, &out)
    }
}
