#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceKernels

/// docker's json-file log driver: `{"log":"<line>\n","stream":"stderr","time":"<RFC3339Nano>"}`
/// (docs/formats.md §6). docker splits lines at 16 KiB: a `log` that does not end in a newline
/// continues in the next object of its stream (`PartialLines`).
///
/// moby writes the three keys in that order with no spaces; such a line is decoded in one pass
/// into a reused buffer (`decode`). Any other object (keys reordered, extra keys, surrogate
/// escapes) goes through the general JSON scanner (`decodeGeneral`), and a line that is no JSON
/// object with a string `log` is read as a raw line.
public struct DockerJSON: FileWrapper {
    public static let id = "docker"
    private var partial = PartialLines()
    private var scratch: [UInt8] = []

    public init() {}

    public static func detect(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count > 8 && Self.starts(line, Self.logKey)
    }

    static let logKey: StaticString = #"{"log":"#
    /// The start of moby's layout: the key and the string's opening quote.
    static let logString: StaticString = #"{"log":""#

    @inline(__always)
    static func starts(_ line: UnsafeRawBufferPointer, _ s: StaticString) -> Bool {
        guard line.count >= s.utf8CodeUnitCount else { return false }
        return memcmp(line.baseAddress!, s.utf8Start, s.utf8CodeUnitCount) == 0
    }

    @inline(__always)
    public mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver) {
        guard line.baseAddress != nil else { return }
        guard let d = Self.decode(line, into: &scratch) ?? Self.decodeGeneral(line, into: &scratch) else {
            out.emit(line, lineNumber, out.mask(of: line), LineContext()); return
        }
        var n = scratch.count
        let complete = n > 0 && scratch[n - 1] == UInt8(ascii: "\n")
        if complete {
            n -= 1
            if n > 0 && scratch[n - 1] == UInt8(ascii: "\r") { n -= 1 }
        }
        let time = d.time
        let decoded = scratch   // no copy: shares the storage until the next line's decode
        decoded.withUnsafeBytes { all in
            let content = UnsafeRawBufferPointer(rebasing: all[..<n])
            if complete && partial.passesThrough(d.stream, content.count, out) {
                // A whole line with nothing pending: straight on, no copy into the partial buffer.
                var ctx = LineContext()
                ctx.streamKey = d.stream
                ctx.wrapperTime = time
                out.emitJoined(content, lineNumber, ctx)
                return
            }
            partial.add(d.stream, content, lineNumber, time, out)
            if complete { partial.complete(d.stream, out) }
        }
    }

    public mutating func finish(_ out: StreamDriver) { partial.finish(out) }

    /// moby's layout, decoded without allocating: the `log` value unescaped into `out` (emptied
    /// first), the stream (0 stdout, 1 stderr) and the time; nil when the line is laid out any
    /// other way (the caller then tries `decodeGeneral`).
    @inline(__always)
    static func decode(_ line: UnsafeRawBufferPointer, into out: inout [UInt8]) -> (stream: Int, time: Int64?)? {
        let n = line.count
        guard n > 8, let p = line.baseAddress, starts(line, logString) else { return nil }
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        out.removeAll(keepingCapacity: true)
        var i = 8, run = 8
        while true {
            i = ByteSearch.quoteOrBackslash(p, from: i, end: n)
            guard i < n else { return nil }
            if b(i) == UInt8(ascii: "\"") { break }
            if i > run { out.append(contentsOf: UnsafeRawBufferPointer(start: p + run, count: i - run)) }
            guard i + 1 < n else { return nil }
            let e = b(i + 1)
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard i + 4 <= n, let cp = JSONScanner.hex4(p, i), cp < 0xD800 || cp >= 0xE000 else { return nil }
                i += 4
                if cp < 0x80 {
                    out.append(UInt8(cp))
                } else if cp < 0x800 {
                    out.append(UInt8(0xC0 | cp >> 6)); out.append(UInt8(0x80 | cp & 0x3F))
                } else {
                    out.append(UInt8(0xE0 | cp >> 12)); out.append(UInt8(0x80 | cp >> 6 & 0x3F)); out.append(UInt8(0x80 | cp & 0x3F))
                }
            default: out.append(e)
            }
            run = i
        }
        if i > run { out.append(contentsOf: UnsafeRawBufferPointer(start: p + run, count: i - run)) }
        // `","stream":"stdout","time":"...."}` and the end of the line.
        i += 1
        guard rest(p, n, &i, #","stream":""#) else { return nil }
        let s0 = i
        i = ByteSearch.quoteOrBackslash(p, from: i, end: n)
        guard i < n, b(i) == UInt8(ascii: "\"") else { return nil }
        let stream = b(s0) == UInt8(ascii: "s") && i - s0 > 3 && b(s0 + 3) == UInt8(ascii: "e") ? 1 : 0
        i += 1
        guard rest(p, n, &i, #","time":""#) else { return nil }
        let t0 = i
        i = ByteSearch.quoteOrBackslash(p, from: i, end: n)
        guard i + 2 == n, b(i) == UInt8(ascii: "\""), b(i + 1) == UInt8(ascii: "}") else { return nil }
        return (stream, RFC3339.parse(p + t0, i - t0)?.time)
    }

    @inline(__always)
    private static func rest(_ p: UnsafeRawPointer, _ n: Int, _ i: inout Int, _ s: StaticString) -> Bool {
        let k = s.utf8CodeUnitCount
        guard i + k <= n, memcmp(p + i, s.utf8Start, k) == 0 else { return false }
        i += k
        return true
    }

    /// Any flat JSON object with a string `log` (the last of each key wins): the general scanner,
    /// for layouts other than moby's own.
    static func decodeGeneral(_ line: UnsafeRawBufferPointer, into out: inout [UInt8]) -> (stream: Int, time: Int64?)? {
        guard let p = line.baseAddress else { return nil }
        var log: [UInt8]?
        var stream = 0
        var time: Int64?
        let ok = JSONScanner.scan(p, line.count) { key, value in
            guard case .string(let s) = value else { return }
            if key.elementsEqual("log".utf8) { log = s }
            else if key.elementsEqual("stream".utf8) { stream = s.first == UInt8(ascii: "s") && s.count > 3 && s[3] == UInt8(ascii: "e") ? 1 : 0 }
            else if key.elementsEqual("time".utf8) { time = s.withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time } }
        }
        guard ok, let log else { return nil }
        out = log
        return (stream, time)
    }

    public static let rewrappers = [
        Rewrapper("docker", "docker json-file: `{\"log\":\"<escaped line>\\n\",\"stream\":\"stderr\",\"time\":\"<RFC3339Nano>\"}`") { line, nanos, _, out in
            WireText.append(#"{"log":""#, &out)
            escape(line, &out)
            WireText.append(#"\n","stream":"stderr","time":""#, &out)
            WireText.rfc3339(nanos: nanos, trimmed: true, &out)
            WireText.append(#""}"#, &out)
        },
    ]

    /// moby's JSON escaping of the `log` value: `\\`, `\"`, `\n`, `\r`, `\t`, other controls as
    /// `\u00XX`, and `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`.
    static func escape(_ line: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for b in line {
            switch b {
            case 0x22: out.append(92); out.append(0x22)
            case 0x5C: out.append(92); out.append(0x5C)
            case 0x0A: out.append(92); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(92); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(92); out.append(UInt8(ascii: "t"))
            case 0x3C, 0x3E, 0x26, 0..<0x20:
                WireText.append("\\u00", &out)
                out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "abc-json.log", lines: [
            #"{"log":"E1201 10:00:00.000000       1 a.go:1] \"Observed a panic\" stacktrace=\u003c\n","stream":"stderr","time":"2019-12-01T10:00:00.1Z"}"#,
            #"{"log":"\tgoroutine 1\n","stream":"stderr","time":"2019-12-01T10:00:00.2Z"}"#,
            #"{"log":" \u003e\n","stream":"stderr","time":"2019-12-01T10:00:00.3Z"}"#,
            #"{"log":"I1201 10:00:01.000000       1 a.go:2] part ","stream":"stderr","time":"2019-12-01T10:00:01Z"}"#,
            #"{"log":"two\n","stream":"stderr","time":"2019-12-01T10:00:01Z"}"#,
            #"{"stream":"stdout","log":"reordered keys, caf\u00e9 \ud83d\ude00\r\n","time":"2019-12-01T10:00:02Z","attrs":{"tag":"x"}}"#,
        ], records: [
            SampleRecord("E1201 10:00:00.000000       1 a.go:1] \"Observed a panic\" stacktrace=<\n\tgoroutine 1\n >",
                         time: "2019-12-01T10:00:00.000000Z", pid: 1, severity: "E"),
            SampleRecord("I1201 10:00:01.000000       1 a.go:2] part two", time: "2019-12-01T10:00:01.000000Z", pid: 1, severity: "I"),
            SampleRecord("reordered keys, café 😀", time: "2019-12-01T10:00:02.000000Z"),
        ], source: "moby json-file driver, 16 KiB splits (moby/moby#34620); keys in another order from other writers"),
    ]
}
