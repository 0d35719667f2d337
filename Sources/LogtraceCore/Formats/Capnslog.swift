/// etcd ≤ 3.3 (capnslog): `2018-08-01 10:00:00.123456 W | etcdserver: ...`. The time is read by
/// `KubectlTimestamps` (RFC 3339 with a space for the `T`); this prefix is the severity letter
/// and ` | ` right after it.
public struct Capnslog: LinePrefixFormat {
    public static let id = "capnslog"
    /// A severity letter, after `KubectlTimestamps`' time.
    public static let firstBytes = Array("DINWEC".utf8)

    public init() {}

    @inline(__always)
    public mutating func parse(_ p: UnsafeRawPointer, _ n: Int, _ s: inout PrefixState, _ years: YearResolver) -> Bool {
        let i = s.offset
        guard s.afterTimestamp == i, i + 4 <= n, p.load(fromByteOffset: i + 1, as: UInt8.self) == UInt8(ascii: " "),
              p.load(fromByteOffset: i + 2, as: UInt8.self) == UInt8(ascii: "|"), p.load(fromByteOffset: i + 3, as: UInt8.self) == UInt8(ascii: " "),
              let sev = Self.severity(p.load(fromByteOffset: i, as: UInt8.self)) else { return false }
        s.context.severity = sev
        s.offset = i + 4
        return true
    }

    static func severity(_ c: UInt8) -> Severity? {
        switch c {
        case UInt8(ascii: "D"), UInt8(ascii: "I"), UInt8(ascii: "N"): return .info
        case UInt8(ascii: "W"): return .warning
        case UInt8(ascii: "E"): return .error
        case UInt8(ascii: "C"): return .fatal
        default: return nil
        }
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "etcd.log", lines: [
            "2018-08-01 10:00:00.123456 W | etcdserver: read-only range request \"key:\\\"/registry/pods\\\" \" with result \"range_response_count:1 size:3456\" took too long (1.2s) to execute",
        ], records: [
            SampleRecord("etcdserver: read-only range request \"key:\\\"/registry/pods\\\" \" with result \"range_response_count:1 size:3456\" took too long (1.2s) to execute",
                         time: "2018-08-01T10:00:00.123456Z", component: "etcd", severity: "W"),
        ], source: "etcd 3.3 capnslog (etcd-io/etcd#10860)"),
    ]
}
