#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes a wrapper saw last in one of its fields (a journald ident, a kubectl pod), so the
/// strings and names made from them are made once per change, not once per line.
struct ByteMemo {
    private var bytes: [UInt8] = []
    private var valid = false

    /// True when `p[r]` equals the bytes seen last; otherwise remembers them (in the same storage:
    /// no allocation once it has held a field this long) and returns false.
    @inline(__always)
    mutating func same(_ p: UnsafeRawPointer, _ r: Range<Int>) -> Bool {
        let n = r.count
        if valid && bytes.count == n {
            let equal = bytes.withUnsafeBytes { b in
                n == 0 || memcmp(b.baseAddress!, p + r.lowerBound, n) == 0
            }
            if equal { return true }
        }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: p + r.lowerBound, count: n))
        valid = true
        return false
    }
}
