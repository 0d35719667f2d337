@testable import LogtraceCore
@testable import LogtraceRender

/// The klog header parser before its SWAR rewrite, kept as the oracle for `KlogHeader.parse`.
/// The klog/glog header `Lmmdd hh:mm:ss.uuuuuu pid file:line] ` parsed by fixed byte offsets into
/// numbers and byte ranges of the line; no String is built. Strict on purpose: a continuation line
/// (`goroutine 1 [running]:`, `Trace[...]`, a TAB line) never parses as a header.
struct KlogHeaderReference {
    public var severity: Severity
    public var month: Int, day: Int
    public var hour: Int, minute: Int, second: Int, micro: Int
    public var pid: Int
    public var fileStart: Int, fileEnd: Int
    public var sourceLine: Int
    /// Offset of the message: just after `] ` (or the end of the line when it ends at `]`).
    public var bodyStart: Int

    /// Parses the header at the start of `p[0..<n]`; nil when the line does not start with one.
    @inline(__always)
    public static func parse(_ p: UnsafeRawPointer, _ n: Int) -> KlogHeaderReference? {
        guard n >= 30 else { return nil }
        guard let sev = Severity(byte: p.load(as: UInt8.self)) else { return nil }
        @inline(__always) func d(_ i: Int) -> Int { Int(p.load(fromByteOffset: i, as: UInt8.self)) &- 48 }
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        let mo = d(1) &* 10 &+ d(2), dd = d(3) &* 10 &+ d(4)
        let hh = d(6) &* 10 &+ d(7), mi = d(9) &* 10 &+ d(10), ss = d(12) &* 10 &+ d(13)
        guard b(5) == 0x20, b(8) == 0x3A, b(11) == 0x3A, b(14) == 0x2E, b(21) == 0x20 else { return nil }
        @inline(__always) func isDigit(_ i: Int) -> Bool { UInt(bitPattern: d(i)) <= 9 }
        guard isDigit(1), isDigit(2), isDigit(3), isDigit(4), isDigit(6), isDigit(7),
              isDigit(9), isDigit(10), isDigit(12), isDigit(13) else { return nil }
        guard mo >= 1, mo <= 12, dd >= 1, dd <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1], hh < 24, mi < 60, ss < 61 else { return nil }
        var us = 0
        for i in 15..<21 {
            let v = d(i)
            guard UInt(bitPattern: v) <= 9 else { return nil }
            us = us &* 10 &+ v
        }
        // pid: spaces then digits (7 columns in klog; C++ glog may print more digits)
        var i = 21
        while i < n && b(i) == 0x20 { i += 1 }
        guard i > 21 else { return nil }
        var pid = 0, digits = 0
        while i < n, UInt(bitPattern: d(i)) <= 9 { pid = pid &* 10 &+ d(i); i += 1; digits += 1 }
        guard digits > 0, digits <= 12, i < n, b(i) == 0x20 else { return nil }
        i += 1
        // file:line]  (file has no spaces or colons)
        let fs = i
        // Eight bytes per step (SWAR) to the first `:`, ` ` or `]`.
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        while i &+ 8 <= n {
            let x = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let m = zero(x ^ (0x3A &* ones)) | zero(x ^ (0x20 &* ones)) | zero(x ^ (0x5D &* ones))
            if m != 0 { i &+= m.trailingZeroBitCount >> 3; break }
            i &+= 8
        }
        while i < n {
            let c = b(i)
            if c == 0x3A || c == 0x20 || c == 0x5D { break }
            i += 1
        }
        guard i > fs, i < n, b(i) == 0x3A else { return nil }
        let fe = i
        i += 1
        var line = 0, ld = 0
        while i < n, UInt(bitPattern: d(i)) <= 9 { line = line &* 10 &+ d(i); i += 1; ld += 1 }
        guard ld > 0, ld <= 9, i < n, b(i) == 0x5D else { return nil }
        i += 1
        let body = (i < n && b(i) == 0x20) ? i + 1 : i
        return KlogHeaderReference(severity: sev, month: mo, day: dd, hour: hh, minute: mi, second: ss, micro: us,
                          pid: pid, fileStart: fs, fileEnd: fe, sourceLine: line, bodyStart: body)
    }
}
