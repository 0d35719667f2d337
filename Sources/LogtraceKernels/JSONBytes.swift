#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON output primitives on a raw cursor: each writes at `o` and advances it. They never check
/// capacity: the caller reserves the worst case first (six output bytes per input byte, for
/// `\u00XX`). Kept free of classes so the cursor stays in a register.
public enum JSONBytes {
    public typealias Cursor = UnsafeMutablePointer<UInt8>

    @inlinable @inline(__always) public static func put(_ o: inout Cursor, _ c: UInt8) { o.pointee = c; o += 1 }

    @inlinable @inline(__always) public static func put(_ o: inout Cursor, _ s: StaticString) { copy(o, s.utf8Start, s.utf8CodeUnitCount); o += s.utf8CodeUnitCount }

    @inlinable @inline(__always) public static func put(_ o: inout Cursor, _ p: UnsafeRawPointer, _ n: Int) { copy(o, p, n); o += n }

    /// memcpy without the call for the short runs JSON output is made of (overlapping word moves).
    @inlinable @inline(__always)
    public static func copy(_ d: UnsafeMutableRawPointer, _ s: UnsafeRawPointer, _ n: Int) {
        if n > 16 { memcpy(d, s, n); return }
        if n >= 8 {
            let a = s.loadUnaligned(as: UInt64.self), b = s.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            d.storeBytes(of: a, as: UInt64.self); d.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            let a = s.loadUnaligned(as: UInt32.self), b = s.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            d.storeBytes(of: a, as: UInt32.self); d.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
        } else {
            var k = 0
            while k < n { d.storeBytes(of: s.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self); k += 1 }
        }
    }

    /// Bytes that need more than a copy: `"`, `\`, control bytes, DEL and non-ASCII.
    public static let special: UnsafeMutablePointer<Bool> = {
        let t = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        for c in 0..<256 { t[c] = c < 0x20 || c == 0x22 || c == 0x5C || c >= 0x7F }
        return t
    }()

    /// Flags (high bit of a byte) for the bytes of `x` that need more than a copy.
    @inlinable @inline(__always)
    public static func specialFlags(_ x: UInt64) -> UInt64 {
        (x & SWAR.high) | SWAR.equalFlags(x, 0x22) | SWAR.equalFlags(x, 0x5C) | SWAR.equalFlags(x, 0x7F)
            | ((x &- (0x20 &* SWAR.ones)) & ~x & SWAR.high)   // below 0x20
    }

    /// Copies `p[i..<n]` to `o` up to the first byte that needs more than a copy, eight bytes per
    /// step: each word is stored before it is checked, and the cursor only moves past the clean
    /// part (the caller's reserve leaves room for the extra bytes). `i` ends at that byte or `n`.
    @inlinable @inline(__always)
    public static func copyClean(_ o: inout Cursor, _ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) {
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(o).storeBytes(of: x, as: UInt64.self)
            let m = specialFlags(x)
            if m != 0 { let k = m.trailingZeroBitCount >> 3; o += k; i &+= k; return }
            o += 8
            i &+= 8
        }
        let r = n &- i
        guard r > 0 else { return }
        if n >= 8 {
            // The last r (< 8) bytes: the final word of the range, shifted down to them.
            let x = UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self) >> UInt64(64 &- 8 &* r)
            UnsafeMutableRawPointer(o).storeBytes(of: x, as: UInt64.self)
            let m = specialFlags(x) & ((1 << UInt64(8 &* r)) &- 1)
            let k = m == 0 ? r : m.trailingZeroBitCount >> 3
            o += k
            i &+= k
            return
        }
        let special = Self.special
        while i < n {
            let c = p[i]
            if special[Int(c)] { return }
            o.pointee = c
            o += 1
            i &+= 1
        }
    }

    /// JSON-escapes raw bytes (without quotes): control bytes become `\n`, `\u00XX`...; invalid
    /// UTF-8 becomes U+FFFD exactly as `String(decoding:as:)` does it. The one JSON string escaper
    /// of the project: `JSONWriter.quote` calls it too.
    @inlinable public static func escape(_ o: inout Cursor, _ p: UnsafePointer<UInt8>, _ n: Int) {
        var i = 0
        while true {
            copyClean(&o, p, &i, n)
            if i >= n { return }
            let c = p[i]
            if c >= 0x80 {
                var e = i + 1
                while e < n && p[e] >= 0x80 { e += 1 }
                let seq = UnsafeRawBufferPointer(start: p + i, count: e - i)
                if validUTF8(seq) {
                    putUTF8(&o, p + i, e - i)
                } else {
                    var s = String(decoding: seq, as: UTF8.self)   // rare: replacement characters
                    s.withUTF8 { u in putUTF8(&o, u.baseAddress!, u.count) }
                }
                i = e
            } else {
                escapeByte(&o, c)
                i &+= 1
            }
        }
    }

    /// Copies well-formed UTF-8 of non-ASCII characters, writing the C1 controls (U+0080 to
    /// U+009F) and the line and paragraph separators (U+2028, U+2029) as `\u0085`, `\u2028`:
    /// valid JSON either way, but raw they break lines in editors and JavaScript. At most three
    /// output bytes per input byte.
    @inlinable @inline(__always)
    public static func putUTF8(_ o: inout Cursor, _ p: UnsafePointer<UInt8>, _ n: Int) {
        var run = 0, k = 0
        while k < n {
            let c = p[k]
            let code: UInt16, len: Int
            if c == 0xC2, k &+ 1 < n, p[k &+ 1] < 0xA0 {
                code = UInt16(p[k &+ 1]); len = 2
            } else if c == 0xE2, k &+ 2 < n, p[k &+ 1] == 0x80, p[k &+ 2] == 0xA8 || p[k &+ 2] == 0xA9 {
                code = 0x2000 | UInt16(p[k &+ 2] & 0x3F); len = 3
            } else {
                k &+= 1
                continue
            }
            put(&o, p + run, k &- run)
            put(&o, "\\u")
            put(&o, hexDigit(UInt8(code >> 12))); put(&o, hexDigit(UInt8((code >> 8) & 15)))
            put(&o, hexDigit(UInt8((code >> 4) & 15))); put(&o, hexDigit(UInt8(code & 15)))
            k &+= len
            run = k
        }
        put(&o, p + run, n &- run)
    }

    @inlinable @inline(__always) public static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    /// A quoted, escaped JSON string.
    @inlinable @inline(__always)
    public static func string(_ o: inout Cursor, _ u: UnsafeBufferPointer<UInt8>) {
        put(&o, 0x22)
        if let p = u.baseAddress { escape(&o, p, u.count) }
        put(&o, 0x22)
    }

    @inlinable @inline(__always) public static func escapeByte(_ o: inout Cursor, _ c: UInt8) {
        switch c {
        case 0x22: put(&o, 0x5C); put(&o, 0x22)
        case 0x5C: put(&o, 0x5C); put(&o, 0x5C)
        case 0x0A: put(&o, 0x5C); put(&o, 0x6E)
        case 0x0D: put(&o, 0x5C); put(&o, 0x72)
        case 0x09: put(&o, 0x5C); put(&o, 0x74)
        default:
            put(&o, "\\u00"); put(&o, hexDigit(c >> 4)); put(&o, hexDigit(c & 15))
        }
    }

    /// Whether a run of non-ASCII bytes is well-formed UTF-8 (no overlongs, no surrogates).
    @inlinable public static func validUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            let len: Int, lo: UInt8, hi: UInt8
            switch c {
            case 0xC2...0xDF: len = 2; lo = 0x80; hi = 0xBF
            case 0xE0: len = 3; lo = 0xA0; hi = 0xBF
            case 0xED: len = 3; lo = 0x80; hi = 0x9F
            case 0xE1...0xEF: len = 3; lo = 0x80; hi = 0xBF
            case 0xF0: len = 4; lo = 0x90; hi = 0xBF
            case 0xF4: len = 4; lo = 0x80; hi = 0x8F
            case 0xF1...0xF3: len = 4; lo = 0x80; hi = 0xBF
            default: return false
            }
            guard i + len <= n, b[i + 1] >= lo, b[i + 1] <= hi else { return false }
            for k in 2..<max(2, len) where b[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
    }

    /// A decimal integer.
    @inlinable @inline(__always)
    public static func number(_ o: inout Cursor, _ v: Int) {
        var v = v
        if v < 0 { put(&o, 0x2D); v = v == Int.min ? Int.max : -v }
        if v < 10 { put(&o, UInt8(truncatingIfNeeded: 0x30 &+ v)); return }
        var digits = 2, p = 100
        while digits < 19 && v >= p { digits += 1; p &*= 10 }
        var k = digits
        repeat { k &-= 1; o[k] = UInt8(truncatingIfNeeded: 0x30 &+ v % 10); v /= 10 } while v > 0
        o += digits
    }

    @inlinable @inline(__always) public static func two(_ o: inout Cursor, _ v: Int) {
        o[0] = UInt8(truncatingIfNeeded: 0x30 &+ v / 10); o[1] = UInt8(truncatingIfNeeded: 0x30 &+ v % 10); o += 2
    }
}
