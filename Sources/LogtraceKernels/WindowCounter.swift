/// Counts how often each of a set of 4-byte windows (Teddy's) occurs in a buffer (open addressing;
/// a window is its bytes as a little-endian integer).
final class WindowCounter {
    private var keys: [UInt32]
    private var used: [Bool]
    private var counts: [Int]
    private let mask: Int

    init(windows: [UInt32]) {
        var size = 64
        while size < windows.count * 4 { size <<= 1 }
        keys = [UInt32](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        counts = [Int](repeating: 0, count: size)
        mask = size - 1
        for w in windows {
            var s = Self.slot(w, mask)
            while used[s] && keys[s] != w { s = (s + 1) & mask }
            used[s] = true; keys[s] = w
        }
    }

    @inline(__always) static func slot(_ w: UInt32, _ mask: Int) -> Int { Int(truncatingIfNeeded: (w &* 0x9E37_79B1) >> 12) & mask }

    func count(in buf: UnsafeRawBufferPointer) {
        guard let p = buf.baseAddress, buf.count >= 4 else { return }
        keys.withUnsafeBufferPointer { keys in
            used.withUnsafeBufferPointer { used in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in 0...(buf.count - 4) {
                        let w = p.loadUnaligned(fromByteOffset: i, as: UInt32.self)
                        var s = Self.slot(w, mask)
                        while used[s] {
                            if keys[s] == w { counts[s] += 1; break }
                            s = (s + 1) & mask
                        }
                    }
                }
            }
        }
    }

    subscript(w: UInt32) -> Int {
        var s = Self.slot(w, mask)
        while used[s] {
            if keys[s] == w { return counts[s] }
            s = (s + 1) & mask
        }
        return 0
    }
}
