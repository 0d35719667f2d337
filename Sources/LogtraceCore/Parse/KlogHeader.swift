import LogtraceKernels
/// The klog/glog header `Lmmdd hh:mm:ss.uuuuuu pid file:line] ` parsed by fixed byte offsets into
/// numbers and byte ranges of the line; no String is built. Strict on purpose: a continuation line
/// (`goroutine 1 [running]:`, `Trace[...]`, a TAB line) never parses as a header.
public struct KlogHeader {
    public var severity: Severity
    public var month: Int, day: Int
    public var hour: Int, minute: Int, second: Int, micro: Int
    public var pid: Int
    public var fileStart: Int, fileEnd: Int
    public var sourceLine: Int
    /// Offset of the message: just after `] ` (or the end of the line when it ends at `]`).
    public var bodyStart: Int

    /// Parses the header at the start of `p[0..<n]`; nil when the line does not start with one.
    /// The fixed part (`Lmmdd hh:mm:ss.uuuuuu `) is checked and converted eight bytes at a time
    /// (SWAR), as is the source line number.
    @inline(__always)
    public static func parse(_ p: UnsafeRawPointer, _ n: Int) -> KlogHeader? {
        var memo = KlogHeaderMemo()
        return parse(p, n, memo: &memo)
    }

    /// The same, remembering the date, clock and pid columns in `memo`: the next header of the
    /// stream with the same bytes there (most lines: a busy component logs many per second) skips
    /// checking and converting them again.
    @inline(__always)
    public static func parse(_ p: UnsafeRawPointer, _ n: Int, memo: inout KlogHeaderMemo) -> KlogHeader? {
        guard n >= 30 else { return nil }
        guard let sev = Severity(byte: p.load(as: UInt8.self)) else { return nil }
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        @inline(__always) func d(_ i: Int) -> Int { Int(b(i)) &- 48 }
        // Three words: bytes 1..<9 `MMDD hh:`, 9..<17 `mm:ss.uu`, 14..<22 `.uuuuuu `.
        let a = p.loadUnaligned(fromByteOffset: 1, as: UInt64.self)
        let m = p.loadUnaligned(fromByteOffset: 9, as: UInt64.self)
        let c = p.loadUnaligned(fromByteOffset: 14, as: UInt64.self)
        let mo: Int, dd: Int, hh: Int, mi: Int, ss: Int
        if a == memo.date && m & 0xFF_FFFF_FFFF == memo.clock && memo.date != 0 {
            // `MMDD hh:mm:ss` as in the last header: only `.uuuuuu ` is new.
            guard c & 0xFF00_0000_0000_00FF == 0x2000_0000_0000_002E, SWAR.digits(c, mask: 0x00FF_FFFF_FFFF_FF00) else { return nil }
            (mo, dd, hh, mi, ss) = (memo.month, memo.day, memo.hour, memo.minute, memo.second)
        } else {
            // Punctuation at its place, digits (0x30...0x39) everywhere else.
            guard a & 0xFF00_00FF_0000_0000 == 0x3A00_0020_0000_0000,
                  m & 0x0000_FF00_00FF_0000 == 0x0000_2E00_003A_0000,
                  c & 0xFF00_0000_0000_00FF == 0x2000_0000_0000_002E,
                  SWAR.digits(a, mask: 0x00FF_FF00_FFFF_FFFF), SWAR.digits(m, mask: 0xFFFF_00FF_FF00_FFFF),
                  SWAR.digits(c, mask: 0x00FF_FFFF_FFFF_FF00) else { return nil }
            @inline(__always) func pair(_ w: UInt64, _ byte: Int) -> Int {
                Int((w >> UInt64(byte * 8)) & 0xFF) &* 10 &+ Int((w >> UInt64(byte * 8 + 8)) & 0xFF) &- 528   // 48 * 11
            }
            (mo, dd, hh, mi, ss) = (pair(a, 0), pair(a, 2), pair(a, 5), pair(m, 0), pair(m, 3))
            guard mo >= 1, mo <= 12, dd >= 1, dd <= (mo == 2 ? 29 : mo == 4 || mo == 6 || mo == 9 || mo == 11 ? 30 : 31),
                  hh < 24, mi < 60, ss < 61 else { return nil }   // no Feb 30 (it would become Mar 2)
            memo.date = a; memo.clock = m & 0xFF_FFFF_FFFF
            (memo.month, memo.day, memo.hour, memo.minute, memo.second) = (mo, dd, hh, mi, ss)
        }
        // Microseconds: bytes 1...6 of `c`, as an eight-digit number with two leading zeros.
        let us = Int(SWAR.eightDigits(((c ^ 0x3030_3030_3030_3030) >> 8 & 0xFFFF_FFFF_FFFF) << 16))
        // pid: spaces then digits (7 columns in klog; C++ glog may print more digits)
        var i = 21
        var pid = 0
        // The klog case at once: bytes 22..<29 are spaces then 1-7 digits, byte 29 a space.
        let w = p.loadUnaligned(fromByteOffset: 22, as: UInt64.self)
        if w == memo.pidColumns && w != 0 {
            pid = memo.pid
            i = 30
        } else {
            let spaces = SWAR.exactBytes(w, 0x20)
            let lead = (~spaces & 0x0080_8080_8080_8080).trailingZeroBitCount >> 3   // spaces before the digits
            let digitBytes: UInt64 = lead >= 7 ? 0 : (0x00FF_FFFF_FFFF_FFFF >> UInt64(8 * lead)) << UInt64(8 * lead)
            if spaces >> 56 == 0x80 && lead < 7 && SWAR.digits(w, mask: digitBytes) {
                pid = Int(SWAR.eightDigits(((w ^ 0x3030_3030_3030_3030) & digitBytes) << 8))
                i = 30
                memo.pidColumns = w; memo.pid = pid
            } else {
                while i < n && b(i) == UInt8(ascii: " ") { i += 1 }
                guard i > 21 else { return nil }
                var pidDigits = 0
                while i < n, UInt(bitPattern: d(i)) <= 9 { pid = pid &* 10 &+ d(i); i += 1; pidDigits += 1 }
                guard pidDigits > 0, pidDigits <= 12, i < n, b(i) == UInt8(ascii: " ") else { return nil }
                i += 1
            }
        }
        // file:line]  (file has no spaces or colons)
        let fs = i
        // Eight bytes per step (SWAR) to the first `:`, ` ` or `]`.
        while i &+ 8 <= n {
            let x = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let hit = SWAR.equalFlags(x, 0x3A) | SWAR.equalFlags(x, 0x20) | SWAR.equalFlags(x, 0x5D)
            if hit != 0 { i &+= hit.trailingZeroBitCount >> 3; break }
            i &+= 8
        }
        while i < n {
            let ch = b(i)
            if ch == UInt8(ascii: ":") || ch == UInt8(ascii: " ") || ch == UInt8(ascii: "]") { break }
            i += 1
        }
        guard i > fs, i < n, b(i) == UInt8(ascii: ":") else { return nil }
        let fe = i
        i += 1
        var line = 0, lineDigits = 0
        if i &+ 8 <= n {
            // Up to seven digits then `]`, eight bytes at once.
            let t = p.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x3030_3030_3030_3030
            let nonDigit = (t | (t &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0
            lineDigits = nonDigit == 0 ? 8 : nonDigit.trailingZeroBitCount >> 3
            if lineDigits > 0 && lineDigits < 8 {
                line = Int(SWAR.eightDigits(t << UInt64(64 - 8 * lineDigits)))
                i &+= lineDigits
            } else {
                lineDigits = 0
            }
        }
        if lineDigits == 0 {
            while i < n, UInt(bitPattern: d(i)) <= 9 { line = line &* 10 &+ d(i); i += 1; lineDigits += 1 }
        }
        guard lineDigits > 0, lineDigits <= 9, i < n, b(i) == UInt8(ascii: "]") else { return nil }
        i += 1
        let body = (i < n && b(i) == UInt8(ascii: " ")) ? i + 1 : i
        return KlogHeader(severity: sev, month: mo, day: dd, hour: hh, minute: mi, second: ss, micro: us,
                          pid: pid, fileStart: fs, fileEnd: fe, sourceLine: line, bodyStart: body)
    }
}

/// The fixed columns of the last header a stream parsed, and their values (see
/// `KlogHeader.parse(_:_:memo:)`). A word is 0 until a header set it (a checked date word ends in
/// `:`, a pid word in a space), and 0 is never taken as a match.
public struct KlogHeaderMemo {
    var date: UInt64 = 0, clock: UInt64 = 0, pidColumns: UInt64 = 0
    var month = 0, day = 0, hour = 0, minute = 0, second = 0, pid = 0
    public init() {}
}
