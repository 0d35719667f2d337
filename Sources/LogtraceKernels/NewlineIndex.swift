import CSIMD

/// The newlines of a block as a bitmap made in one SIMD pass (`CSIMD`), then walked in order:
/// the end of each line costs a few instructions instead of a `memchr` call. One index per
/// stream, reused for every block.
public final class NewlineIndex {
    public static let bestLevel = Int(lt_newline_level())
    private let level: Int32
    private var words: UnsafeMutablePointer<UInt64>
    private var capacity = 0

    /// `level`: the kernel, 2 AVX-512BW, 1 AVX2, 0 scalar (tests run each one this CPU has).
    public init(level: Int = NewlineIndex.bestLevel) {
        self.level = Int32(min(level, Self.bestLevel))
        words = .allocate(capacity: 1)
    }
    deinit { words.deallocate() }

    /// Indexes a block and returns a cursor over its newlines, from the first.
    public func index(_ block: UnsafeRawBufferPointer) -> Cursor {
        let end = block.count
        let used = (end + 63) / 64
        if used > capacity {
            words.deallocate()
            capacity = max(used, 1)
            words = .allocate(capacity: capacity)
        }
        if let p = block.baseAddress, end > 0 { lt_newline_bits(level, p.assumingMemoryBound(to: UInt8.self), end, words) }
        return Cursor(words: words, used: used, end: end)
    }

    /// Walks the newlines of one indexed block; a value, so a loop keeps it in registers.
    public struct Cursor {
        @usableFromInline let words: UnsafeMutablePointer<UInt64>
        @usableFromInline let used: Int
        @usableFromInline let end: Int
        @usableFromInline var word = 0
        @usableFromInline var bits: UInt64

        init(words: UnsafeMutablePointer<UInt64>, used: Int, end: Int) {
            self.words = words; self.used = used; self.end = end
            bits = used > 0 ? words[0] : 0
        }

        /// The offset of the next newline, or the block's end when none is left.
        @inlinable @inline(__always)
        public mutating func next() -> Int {
            while bits == 0 {
                word += 1
                guard word < used else { return end }
                bits = words[word]
            }
            let at = word << 6 | bits.trailingZeroBitCount
            bits &= bits &- 1
            return at
        }
    }
}
