/// A message pattern compiled once: literal bytes and `${...}` slots filled per record.
///
/// Slots: `${uuid}` audit ID, `${UUID}` upper-case request ID, `${hex:N}`, `${alnum:N}` (Kubernetes'
/// random-name alphabet), `${pod}` (a 5-character pod suffix, the same within one record), `${int:A-B}`,
/// `${dur:LO-HI}` (a Go duration, log-uniform between LO and HI milliseconds), `${lat}` (= `${dur:0.25-35}`),
/// `${port}`, `${rv}` (resourceVersion), `${watch}` (`timeout=7m32s&timeoutSeconds=452`) and `${watchlat}`
/// (a latency just above that timeout), `${pick:a|b|c}`, `${table.column}` (see `Vocabulary`), and for
/// apiserver traces `${tid}`, `${tms}` (total ms), `${tsec}` (the same as a Go duration), `${tstart}`, `${tend}`.
struct Template {
    enum Op {
        case literal(UnsafeRawBufferPointer)
        case uuid
        case upperUUID
        case hex(Int)
        case alnum(Int)
        case podSuffix
        case integer(Int, Int)
        case duration(Double, Double)
        case port
        case resourceVersion
        case watchTimeout
        case watchLatency
        case pick([UnsafeRawBufferPointer])
        case column(Int, Int)
        case traceID
        case traceMilliseconds
        case traceSeconds
        case traceStart
        case traceEnd
    }

    let ops: [Op]

    init(_ text: String, vocabulary: Vocabulary) {
        var ops: [Op] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            literal += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                fatalError("unterminated slot in template: \(text)")
            }
            if !literal.isEmpty {
                ops.append(.literal(permanentBytes(literal)))
                literal = ""
            }
            ops.append(Template.slot(String(rest[open.upperBound..<close]), vocabulary: vocabulary, template: text))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { ops.append(.literal(permanentBytes(literal))) }
        self.ops = ops
    }

    private static func slot(_ spec: String, vocabulary: Vocabulary, template: String) -> Op {
        let (name, argument) = spec.firstIndex(of: ":").map { (String(spec[..<$0]), String(spec[spec.index(after: $0)...])) }
            ?? (spec, "")
        func bounds() -> (Double, Double) {
            let parts = argument.split(separator: "-").compactMap { Double($0) }
            guard parts.count == 2 else { fatalError("bad range in ${\(spec)} of template: \(template)") }
            return (parts[0], parts[1])
        }
        switch name {
        case "uuid": return .uuid
        case "UUID": return .upperUUID
        case "hex": return .hex(Int(argument) ?? 8)
        case "alnum": return .alnum(Int(argument) ?? 5)
        case "pod": return .podSuffix
        case "int":
            let (lo, hi) = bounds()
            return .integer(Int(lo), Int(hi))
        case "dur":
            let (lo, hi) = bounds()
            return .duration(lo * 1e6, hi * 1e6)
        case "lat": return .duration(0.25e6, 35e6)
        case "port": return .port
        case "rv": return .resourceVersion
        case "watch": return .watchTimeout
        case "watchlat": return .watchLatency
        case "pick": return .pick(argument.split(separator: "|", omittingEmptySubsequences: false).map { permanentBytes(String($0)) })
        case "tid": return .traceID
        case "tms": return .traceMilliseconds
        case "tsec": return .traceSeconds
        case "tstart": return .traceStart
        case "tend": return .traceEnd
        default:
            let parts = name.split(separator: ".")
            guard parts.count == 2, let (t, c) = vocabulary.locate(String(parts[0]), String(parts[1])) else {
                fatalError("unknown slot ${\(spec)} in template: \(template)")
            }
            return .column(t, c)
        }
    }
}

/// Renders templates; holds the per-record choices (table rows, pod suffix, trace numbers).
final class TemplateRenderer {
    private let vocabulary: Vocabulary
    private var rows: [Int]
    private var time = TimeFormatter()
    private var recordTime: Micros = 0
    private var podSuffix: UInt64 = 0
    private var watchSeconds = 0
    private var traceID = 0
    private var traceMilliseconds = 0

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        rows = Array(repeating: -1, count: vocabulary.tables.count)
    }

    /// Forgets the previous record's choices.
    @inline(__always)
    func beginRecord(at t: Micros, rng: inout SplitMix64) {
        recordTime = t
        for i in rows.indices { rows[i] = -1 }
        podSuffix = rng.next()
        watchSeconds = 300 + rng.below(300)
        traceID = 100_000_000 + rng.below(2_047_483_647)
        traceMilliseconds = 500 + rng.below(2200)
    }

    func render(_ template: Template, rng: inout SplitMix64, into out: ByteBuffer) {
        for op in template.ops {
            switch op {
            case .literal(let bytes):
                out.append(bytes)
            case .uuid:
                appendUUID(rng: &rng, uppercase: false, into: out)
            case .upperUUID:
                appendUUID(rng: &rng, uppercase: true, into: out)
            case .hex(let n):
                var left = n
                while left > 0 {
                    let take = min(left, 16)
                    out.appendHex(rng.next(), digits: take)
                    left -= take
                }
            case .alnum(let n):
                var bits = rng.next()
                for _ in 0..<n {
                    out.append(randomNameAlphabet[Int(bits % 27)])
                    bits /= 27
                }
            case .podSuffix:
                var bits = podSuffix
                for _ in 0..<5 {
                    out.append(randomNameAlphabet[Int(bits % 27)])
                    bits /= 27
                }
            case .integer(let lo, let hi):
                out.appendDecimal(rng.range(lo, hi))
            case .duration(let lo, let hi):
                appendGoDuration(Int64(rng.logUniform(lo, hi)), to: out)
            case .port:
                out.appendDecimal(32_768 + rng.below(28_232))
            case .resourceVersion:
                out.appendDecimal(41_000_000 + rng.below(9_000_000))
            case .watchTimeout:
                out.append(watchTimeoutPrefix)
                appendGoDuration(Int64(watchSeconds) * 1_000_000_000, to: out)
                out.append(watchSecondsPrefix)
                out.appendDecimal(watchSeconds)
            case .watchLatency:
                appendGoDuration(Int64(watchSeconds) * 1_000_000_000 + Int64(rng.below(3_000_000_000)), to: out)
            case .pick(let choices):
                out.append(choices[rng.below(choices.count)])
            case .column(let table, let column):
                if rows[table] < 0 { rows[table] = rng.below(vocabulary.tables[table].rows.count) }
                out.append(vocabulary.tables[table].rows[rows[table]][column])
            case .traceID:
                out.appendDecimal(traceID)
            case .traceMilliseconds:
                out.appendDecimal(traceMilliseconds)
            case .traceSeconds:
                appendGoDuration(Int64(traceMilliseconds) * 1_000_000 + Int64(podSuffix % 1_000_000), to: out)
            case .traceStart:
                time.trace(recordTime - Int64(traceMilliseconds) * 1000, into: out)
            case .traceEnd:
                time.traceClock(recordTime, into: out)
            }
        }
    }

    private func appendUUID(rng: inout SplitMix64, uppercase: Bool, into out: ByteBuffer) {
        let a = rng.next()
        let b = rng.next()
        out.appendHex(a >> 32, digits: 8, uppercase: uppercase)
        out.append(UInt8(ascii: "-"))
        out.appendHex(a >> 16, digits: 4, uppercase: uppercase)
        out.append(UInt8(ascii: "-"))
        out.appendHex(0x4000 | (a & 0x0FFF), digits: 4, uppercase: uppercase)
        out.append(UInt8(ascii: "-"))
        out.appendHex(0x8000 | (b >> 48 & 0x3FFF), digits: 4, uppercase: uppercase)
        out.append(UInt8(ascii: "-"))
        out.appendHex(b, digits: 12, uppercase: uppercase)
    }
}

/// `k8s.io/apimachinery/pkg/util/rand`: the alphabet of generated pod-name suffixes (no vowels, no 0/1/3).
let randomNameAlphabet: [UInt8] = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

private let watchTimeoutPrefix = permanentBytes("timeout=")
private let watchSecondsPrefix = permanentBytes("&timeoutSeconds=")
