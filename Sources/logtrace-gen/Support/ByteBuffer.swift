#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer filled with raw stores. Every byte logtrace-gen writes passes through one.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 20) {
        self.capacity = capacity
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The contents as a String (a copy, made while the buffer is certainly alive).
    var text: String {
        // The optimizer may end `self`'s lifetime right after reading `base`; keep it alive for the copy.
        withExtendedLifetime(self) { String(decoding: UnsafeRawBufferPointer(start: base, count: count), as: UTF8.self) }
    }

    func removeAll() { count = 0 }

    /// Drops the last `n` bytes.
    func removeLast(_ n: Int) { count -= min(n, count) }

    @inline(__always)
    func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0 else { return }
        reserve(n)
        UnsafeMutableRawPointer(base + count).copyMemory(from: bytes.baseAddress!, byteCount: n)
        count += n
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    func append(_ string: String) {
        var s = string
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    func append(_ other: ByteBuffer) {
        append(UnsafeRawBufferPointer(start: other.base, count: other.count))
    }

    // The digit writers fill their field from the right with indices into it; they never form a
    // pointer before the field (that would be out of bounds, and the optimizer drops such stores).

    /// Decimal, no padding.
    @inline(__always)
    func appendDecimal(_ value: Int) {
        var v = value
        if v < 0 {
            append(UInt8(ascii: "-"))
            v = -v
        }
        var digits = 1
        var t = v / 10
        while t > 0 {
            digits += 1
            t /= 10
        }
        reserve(digits)
        let field = base + count
        var i = digits - 1
        repeat {
            field[i] = 48 + UInt8(v % 10)
            v /= 10
            i -= 1
        } while i >= 0
        count += digits
    }

    /// `value` right-aligned in `width` characters, padded with `pad` (klog's pid column).
    @inline(__always)
    func appendPadded(_ value: Int, width: Int, pad: UInt8) {
        reserve(width)
        let field = base + count
        var v = value
        var i = width - 1
        repeat {
            field[i] = 48 + UInt8(v % 10)
            v /= 10
            i -= 1
        } while v > 0 && i >= 0
        while i >= 0 {
            field[i] = pad
            i -= 1
        }
        count += width
    }

    /// Exactly `digits` decimal digits, zero padded (clock fields, fractions).
    @inline(__always)
    func appendZeroPadded(_ value: Int, digits: Int) {
        reserve(digits)
        let field = base + count
        var v = value
        var i = digits - 1
        while i >= 0 {
            field[i] = 48 + UInt8(v % 10)
            v /= 10
            i -= 1
        }
        count += digits
    }

    /// `digits` hexadecimal digits of `value`.
    @inline(__always)
    func appendHex(_ value: UInt64, digits: Int, uppercase: Bool = false) {
        reserve(digits)
        let alphabet: UInt8 = uppercase ? 55 : 87  // 'A' - 10 or 'a' - 10
        let field = base + count
        var v = value
        var i = digits - 1
        while i >= 0 {
            let d = UInt8(v & 0xF)
            field[i] = d < 10 ? 48 + d : alphabet + d
            v >>= 4
            i -= 1
        }
        count += digits
    }
}

/// Bytes that live as long as the process: literal pieces of templates and vocabularies.
func permanentBytes(_ string: String) -> UnsafeRawBufferPointer {
    let utf8 = Array(string.utf8)
    let p = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
    utf8.withUnsafeBytes { p.copyMemory(from: $0) }
    return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(p)[0..<utf8.count])
}
