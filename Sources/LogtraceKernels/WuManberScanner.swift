#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The portable literal scanner (CPUs without AVX2, or more literals than Teddy's buckets take
/// well): finds every occurrence of many literals in one pass over a block (Wu-Manber with 2-byte
/// blocks): a shift table skips ahead by up to `m - 1` bytes where no literal can end, so the
/// scan touches only a fraction of the bytes; candidates are confirmed with `memcmp`. Literals
/// shorter than `minWindow` are searched with `memmem` instead, since they would make every
/// shift small. Each literal is represented by the `m`-byte window whose last two bytes are the
/// rarest in log text (not always its first `m` bytes), so common bigrams rarely stop the scan.
public final class WuManberScanner: LiteralScanner {
    private let needles: [Needle]
    private let ids: [Int]
    private var long: [Int] = []          // indices into needles handled by the shift table
    private var short: [Int] = []         // indices searched with memmem
    private let m: Int
    private let shift: UnsafeMutablePointer<UInt8>
    private let bucketStart: UnsafeMutablePointer<Int32>
    /// Exact 2-byte blocks that end some literal's window: a 64 Ki-bit set checked before the
    /// (hashed) bucket, so hash collisions rarely reach `memcmp`.
    private let exactEnds: UnsafeMutablePointer<UInt64>
    private var bucketItems: [Int32] = []
    /// Offset of each needle's window inside the needle.
    private var windowOffset: [Int] = []
    public static let minWindow = 6
    /// The shift table is indexed by the low 6 bits of both bytes: 4 KiB, so it stays in L1
    /// (a 64 KiB table made every step an L2 miss on the scan's dependency chain).
    static let tableSize = 4096
    @inline(__always) static func hash(_ v: Int) -> Int { (v & 0x3F) | ((v >> 2) & 0xFC0) }

    public init(needles: [Needle], ids: [Int]) {
        self.needles = needles
        self.ids = ids
        for (i, n) in needles.enumerated() { if n.count >= Self.minWindow { long.append(i) } else if n.count > 0 { short.append(i) } }
        m = min(16, long.map { needles[$0].count }.min() ?? Self.minWindow)
        windowOffset = Array(repeating: 0, count: needles.count)
        shift = .allocate(capacity: Self.tableSize)
        shift.initialize(repeating: UInt8(m - 1), count: Self.tableSize)
        bucketStart = .allocate(capacity: Self.tableSize + 1)
        bucketStart.initialize(repeating: 0, count: Self.tableSize + 1)
        exactEnds = .allocate(capacity: 1024)
        exactEnds.initialize(repeating: 0, count: 1024)
        var byBlock: [Int: [Int32]] = [:]
        for i in long {
            let full = needles[i].bytes
            var best = 0, bestScore = Int.max
            for o in 0...(full.count - m) {
                let score = LogBytes.frequency(full[o + m - 2]) * LogBytes.frequency(full[o + m - 1])
                if score < bestScore { bestScore = score; best = o }
            }
            windowOffset[i] = best
            let b = Array(full[best..<(best + m)])
            for q in 2...m {
                let block = Self.hash(Int(b[q - 2]) | Int(b[q - 1]) << 8)
                let s = UInt8(m - q)
                if s < shift[block] { shift[block] = s }
            }
            let lastExact = Int(b[m - 2]) | Int(b[m - 1]) << 8
            exactEnds[lastExact >> 6] |= 1 << UInt64(lastExact & 63)
            let last = Self.hash(lastExact)
            byBlock[last, default: []].append(Int32(i))
        }
        var flat: [Int32] = []
        for block in 0..<Self.tableSize {
            bucketStart[block] = Int32(flat.count)
            if let l = byBlock[block] { flat += l }
        }
        bucketStart[Self.tableSize] = Int32(flat.count)
        bucketItems = flat
    }

    deinit { shift.deallocate(); bucketStart.deallocate(); exactEnds.deallocate() }

    private var laneHits: [[LiteralHit]] = [[], [], [], []]

    /// Confirms the literals whose window ends at `pos` (its last 2-byte block hashes to `block`).
    @inline(never)
    private func verify(_ base: UnsafePointer<UInt8>, _ n: Int, _ pos: Int, _ block: Int, lane: Int) {
        let exact = Int(UnsafeRawPointer(base + pos - 1).loadUnaligned(as: UInt16.self))
        guard exactEnds[exact >> 6] & (1 << UInt64(exact & 63)) != 0 else { return }
        var k = Int(bucketStart[block])
        let end = Int(bucketStart[block + 1])
        while k < end {
            let ni = Int(bucketItems[k])
            let nd = needles[ni]
            let start = pos - m + 1 - windowOffset[ni]
            if start >= 0 && start + nd.count <= n && nd.matches(at: base + start) {
                laneHits[lane].append(LiteralHit(offset: start, id: ids[ni]))
            }
            k += 1
        }
    }

    /// Every (offset, literal id) in the block, by increasing offset within each method; the
    /// result is sorted by offset.
    public func scan(_ block: UnsafeRawBufferPointer, into out: inout [LiteralHit]) {
        out.removeAll(keepingCapacity: true)
        guard let base = block.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = block.count
        if !long.isEmpty && n >= m {
            // Four lanes scan four quarters of the block in one loop: each lane's step waits on
            // two dependent loads, so interleaving lanes keeps the core busy.
            let lanes = 4
            let span = (n - (m - 1) + lanes - 1) / lanes
            var pos = [Int](repeating: 0, count: lanes), end = [Int](repeating: 0, count: lanes)
            for l in 0..<lanes {
                pos[l] = min(n, m - 1 + l * span)
                end[l] = min(n, m - 1 + (l + 1) * span)
            }
            for l in laneHits.indices { laneHits[l].removeAll(keepingCapacity: true) }
            let shift = self.shift
            var p0 = pos[0], p1 = pos[1], p2 = pos[2], p3 = pos[3]
            let e0 = end[0], e1 = end[1], e2 = end[2], e3 = end[3]
            @inline(__always) func h(_ p: Int) -> Int {
                Self.hash(Int(UnsafeRawPointer(base + p - 1).loadUnaligned(as: UInt16.self)))
            }
            while p0 < e0 && p1 < e1 && p2 < e2 && p3 < e3 {
                let b0 = h(p0), b1 = h(p1), b2 = h(p2), b3 = h(p3)
                let s0 = Int(shift[b0]), s1 = Int(shift[b1]), s2 = Int(shift[b2]), s3 = Int(shift[b3])
                if (s0 == 0) || (s1 == 0) || (s2 == 0) || (s3 == 0) {
                    if s0 == 0 { verify(base, n, p0, b0, lane: 0) }
                    if s1 == 0 { verify(base, n, p1, b1, lane: 1) }
                    if s2 == 0 { verify(base, n, p2, b2, lane: 2) }
                    if s3 == 0 { verify(base, n, p3, b3, lane: 3) }
                }
                p0 &+= s0 == 0 ? 1 : s0
                p1 &+= s1 == 0 ? 1 : s1
                p2 &+= s2 == 0 ? 1 : s2
                p3 &+= s3 == 0 ? 1 : s3
            }
            pos = [p0, p1, p2, p3]
            for l in 0..<lanes {
                var p = pos[l]
                while p < end[l] {
                    let b = h(p)
                    let sh = Int(shift[b])
                    if sh != 0 { p &+= sh; continue }
                    verify(base, n, p, b, lane: l)
                    p += 1
                }
            }
            for l in 0..<lanes { out += laneHits[l] }
            if out.count > 1 { out.sort { $0.offset < $1.offset } }
        }
        if !short.isEmpty {
            for i in short { needles[i].appendOccurrences(in: base, n, id: ids[i], to: &out) }
            out.sort { $0.offset < $1.offset }
        }
    }
}
