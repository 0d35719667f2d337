import CShims
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A literal byte string searched with glibc's SIMD `memmem`.
public final class Needle: @unchecked Sendable {
    public let bytes: [UInt8]
    @usableFromInline let ptr: UnsafeMutableRawPointer
    public let count: Int
    /// The first four bytes as one integer: a cheap check before `memcmp` (needles of 4+ bytes).
    @usableFromInline let head4: UInt32

    public init(_ s: String) {
        bytes = Array(s.utf8)
        count = bytes.count
        ptr = .allocate(byteCount: max(count, 1), alignment: 16)
        let n = count, p = ptr
        bytes.withUnsafeBytes { if n > 0 { p.copyMemory(from: $0.baseAddress!, byteCount: n) } }
        head4 = n >= 4 ? UnsafeRawPointer(p).loadUnaligned(as: UInt32.self) : 0
    }

    deinit { ptr.deallocate() }

    /// Offset of the first occurrence in `hay[0..<len]`, or nil.
    @inlinable @inline(__always)
    public func find(in hay: UnsafeRawPointer, _ len: Int) -> Int? {
        guard len >= count else { return nil }
        guard let r = memmem(hay, len, ptr, count) else { return nil }
        return hay.distance(to: UnsafeRawPointer(r))
    }

    /// True when the needle's bytes start at `p` (the caller checked the bounds).
    @inlinable @inline(__always)
    public func matches(at p: UnsafeRawPointer) -> Bool {
        if count >= 4 && p.loadUnaligned(as: UInt32.self) != head4 { return false }
        return memcmp(p, ptr, count) == 0
    }

    /// Appends every occurrence in `hay[0..<len]` to `out` as hits of `id` (by `memmem`, for
    /// literals too short for a scanner's window); true when it found any.
    @discardableResult
    func appendOccurrences(in hay: UnsafeRawPointer, _ len: Int, id: Int, to out: inout [LiteralHit]) -> Bool {
        var at = 0, found = false
        while at < len, let off = find(in: hay + at, len - at) {
            out.append(LiteralHit(offset: at + off, id: id))
            at += off + 1
            found = true
        }
        return found
    }

    @inlinable @inline(__always)
    public func occurs(in buf: UnsafeRawBufferPointer) -> Bool {
        guard let b = buf.baseAddress else { return count == 0 }
        return find(in: b, buf.count) != nil
    }
}
