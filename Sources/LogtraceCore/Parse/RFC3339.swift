/// Byte-level RFC 3339 parsing for wrapper timestamps (`2024-03-12T09:12:00.123456789Z`,
/// `...+01:00`, `...+0100`, or a space instead of `T`). Fractions of 0-9 digits are accepted.
public enum RFC3339 {
    /// Parses at the start of `p[0..<n]`; returns microseconds since the epoch (UTC) and the
    /// number of bytes consumed, or nil.
    @inline(__always)
    public static func parse(_ p: UnsafeRawPointer, _ n: Int) -> (time: Int64, length: Int)? {
        guard n >= 19 else { return nil }
        @inline(__always) func b(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        @inline(__always) func d(_ i: Int) -> Int? {
            let v = Int(b(i)) &- 48
            return UInt(bitPattern: v) <= 9 ? v : nil
        }
        guard let y1 = d(0), let y2 = d(1), let y3 = d(2), let y4 = d(3), b(4) == UInt8(ascii: "-"),
              let m1 = d(5), let m2 = d(6), b(7) == UInt8(ascii: "-"), let d1 = d(8), let d2 = d(9),
              b(10) == UInt8(ascii: "T") || b(10) == UInt8(ascii: " "),
              let h1 = d(11), let h2 = d(12), b(13) == UInt8(ascii: ":"), let i1 = d(14), let i2 = d(15), b(16) == UInt8(ascii: ":"),
              let s1 = d(17), let s2 = d(18) else { return nil }
        let year = y1 * 1000 + y2 * 100 + y3 * 10 + y4, month = m1 * 10 + m2, day = d1 * 10 + d2
        let hour = h1 * 10 + h2, minute = i1 * 10 + i2, second = s1 * 10 + s2
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= Timestamp.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19, micro = 0
        if i < n && (b(i) == UInt8(ascii: ".") || b(i) == UInt8(ascii: ",")) {
            i += 1
            var digits = 0
            while i < n, let v = d(i) {
                if digits < 6 { micro = micro * 10 + v }
                digits += 1; i += 1
            }
            guard digits > 0 else { return nil }
            var k = digits
            while k < 6 { micro *= 10; k += 1 }
        }
        var offset = 0
        if i < n {
            let c = b(i)
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") { i += 1 } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                guard i + 3 <= n, let oh1 = d(i + 1), let oh2 = d(i + 2) else { return nil }
                var j = i + 3
                if j < n && b(j) == UInt8(ascii: ":") { j += 1 }
                var om = 0
                if j + 2 <= n, let om1 = d(j), let om2 = d(j + 1) { om = om1 * 10 + om2; j += 2 }
                offset = (oh1 * 10 + oh2) * 3600 + om * 60
                if c == UInt8(ascii: "-") { offset = -offset }
                i = j
            }
        }
        let t = Timestamp.micros(year: year, month: month, day: day, hour: hour, minute: minute, second: second, micro: micro)
            - Int64(offset) * Timestamp.microsPerSecond
        guard Timestamp.inRange(t) else { return nil }
        return (t, i)
    }

    public static func parse(_ s: String) -> Int64? {
        var s = s
        return s.withUTF8 { buf in
            guard let base = buf.baseAddress, let r = parse(UnsafeRawPointer(base), buf.count), r.length == buf.count else { return nil }
            return r.time
        }
    }
}
