#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One byte searched with libc's vectorised `memchr`, for the core's lookups of a record's first
/// newline: Swift's generic `firstIndex(of:)` on a raw buffer walks it a byte at a time (about six
/// instructions a byte, once per hit in the evidence and the template of each record).
public enum ByteSearch {
    /// The offset of the first `byte` in `buffer`, or nil.
    @inlinable public static func first(_ byte: UInt8, in buffer: UnsafeRawBufferPointer) -> Int? {
        guard let base = buffer.baseAddress, buffer.count > 0,
              let p = memchr(base, Int32(byte), buffer.count) else { return nil }
        return UnsafeRawPointer(p) - base
    }

    /// The offset of the first `"` or `\` in `p[from..<end]`, or `end` when there is none: where a
    /// JSON string ends or escapes. Not inlined, so the loop keeps this target's flags in a caller
    /// built with `-O`.
    @inline(never)
    public static func quoteOrBackslash(_ p: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var i = from
        while i < end {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == 0x22 || c == 0x5C { return i }
            i += 1
        }
        return end
    }
}
