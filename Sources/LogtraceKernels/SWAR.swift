/// Byte tests on eight bytes at once (SIMD within a register), shared by the klog header parser
/// and the NDJSON writer. A flag is the high bit of a byte; bytes are in memory order, the first
/// in the lowest bits, so `flags.trailingZeroBitCount >> 3` is the index of the first flagged byte.
public enum SWAR {
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    public static let high: UInt64 = 0x8080_8080_8080_8080

    /// Flags zero bytes. Exact up to the first flag (a borrow may flag bytes after it).
    @inlinable @inline(__always) public static func zeroFlags(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }

    /// Flags bytes equal to `c`. Exact up to the first flag.
    @inlinable @inline(__always) public static func equalFlags(_ w: UInt64, _ c: UInt8) -> UInt64 { zeroFlags(w ^ (UInt64(c) &* ones)) }

    /// Flags every byte equal to `c`, exactly (no borrow between bytes).
    @inlinable @inline(__always)
    public static func exactBytes(_ w: UInt64, _ c: UInt8) -> UInt64 {
        let v = w ^ (UInt64(c) &* ones)
        return ~(((v & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | v) & high
    }

    /// True when every byte selected by `mask` is an ASCII digit.
    @inlinable @inline(__always)
    public static func digits(_ w: UInt64, mask: UInt64) -> Bool {
        let t = w ^ 0x3030_3030_3030_3030
        return (t | (t &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 & mask == 0
    }

    /// The value of eight digit values (0...9, one per byte, most significant first in memory).
    @inlinable @inline(__always)
    public static func eightDigits(_ v: UInt64) -> UInt64 {
        var v = v
        v = (v &* 10 &+ (v >> 8)) & 0x00FF_00FF_00FF_00FF
        v = (v &* 100 &+ (v >> 16)) & 0x0000_FFFF_0000_FFFF
        v = (v &* 10_000 &+ (v >> 32)) & 0xFFFF_FFFF
        return v
    }
}
