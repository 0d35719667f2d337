import CSIMD
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The literal scanner on AVX2 and AVX-512 CPUs: Teddy, the SIMD fingerprint search of Hyperscan
/// (the kernels are in `CSIMD`). Each literal is represented by a 4-byte window of itself, spread
/// over eight buckets; the kernel tests 32 or 64 positions at a time against all buckets, and the
/// candidates are confirmed here against the literals of the buckets that matched.
///
/// The windows are picked from the data: on the first block, each literal's window is the one
/// that occurs least in a sample of it (a word like " for " would stop the scan every line), and
/// the buckets are filled so their byte sets stay apart. The plan changes only speed, never hits.
/// Literals shorter than the window are searched with `memmem`.
public final class TeddyScanner: LiteralScanner {
    /// The best kernel of this CPU: 2 AVX-512 VBMI, 1 AVX2, 0 none.
    public static let bestLevel = Int(lt_teddy_level())
    /// More literals share buckets, and shared buckets match more often by chance.
    public static let maxLiterals = 64
    static let buckets = 8
    /// Bytes of the first block used to pick the windows; a plan from a smaller first block is
    /// made again once a block of this size comes.
    static let sampleSize = 128 << 10

    private struct Entry {
        var back: Int                    // from the window's last byte back to the literal's first
        var needle: Unmanaged<Needle>    // kept alive by `needles`
        var id: Int
    }

    private let level: Int32
    /// Window length.
    let window = 4
    private let needles: [Needle]
    private let ids: [Int]
    private let long: [Int]
    private let short: [Int]
    private var masks = lt_teddy_masks()
    private let entries: UnsafeMutablePointer<Entry>
    private var bucketStart = [Int](repeating: 0, count: TeddyScanner.buckets + 1)
    private var plannedSample = -1
    private let capacity = 4096
    private let positions: UnsafeMutablePointer<UInt32>
    private let bits: UnsafeMutablePointer<UInt8>

    /// `level`: the kernel to use, at most `bestLevel` (tests run each one).
    public init(needles: [Needle], ids: [Int], level: Int = TeddyScanner.bestLevel) {
        precondition(level >= 1 && level <= Self.bestLevel, "Teddy kernel \(level) is not available on this CPU")
        self.level = Int32(level)
        let k = window
        self.needles = needles
        self.ids = ids
        long = needles.indices.filter { needles[$0].count >= k }
        short = needles.indices.filter { needles[$0].count > 0 && needles[$0].count < k }
        entries = .allocate(capacity: max(1, long.count))
        positions = .allocate(capacity: capacity)
        bits = .allocate(capacity: capacity)
        masks.k = Int32(window)
    }

    deinit { entries.deallocate(); positions.deallocate(); bits.deallocate() }

    public func scan(_ block: UnsafeRawBufferPointer, into out: inout [LiteralHit]) {
        out.removeAll(keepingCapacity: true)
        guard let base = block.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = block.count
        if plannedSample < 0 || (plannedSample < Self.sampleSize / 2 && n >= Self.sampleSize / 2) {
            plan(sample: UnsafeRawBufferPointer(rebasing: block[..<min(n, Self.sampleSize)]))
        }
        var sorted = true
        var last = -1
        var from = 0
        while !long.isEmpty && from < n {
            var next = 0
            let count = lt_teddy_scan(level, &masks, base, n, from, positions, bits, capacity, &next)
            for c in 0..<count {
                let end = Int(positions[c])
                var b = bits[c]
                while b != 0 {
                    let k = b.trailingZeroBitCount
                    b &= b &- 1
                    for e in bucketStart[k]..<bucketStart[k + 1] {
                        let entry = entries[e]
                        let start = end - entry.back
                        guard start >= 0, entry.needle._withUnsafeGuaranteedRef({ start + $0.count <= n && $0.matches(at: base + start) }) else { continue }
                        if start < last { sorted = false }
                        last = start
                        out.append(LiteralHit(offset: start, id: entry.id))
                    }
                }
            }
            from = next
        }
        for i in short where needles[i].appendOccurrences(in: base, n, id: ids[i], to: &out) { sorted = false }
        if !sorted { out.sort { $0.offset < $1.offset } }
    }

    // MARK: planning

    /// Picks each literal's window and bucket from a sample of the data, then fills the tables.
    private func plan(sample: UnsafeRawBufferPointer) {
        plannedSample = sample.count
        let k = window
        let counts = WindowCounter(windows: long.flatMap { i in (0...(needles[i].count - k)).map { Self.key(needles[i].bytes, $0, k) } })
        counts.count(in: sample)
        var share = [Double](repeating: 1, count: 256)   // bytes seen, plus one, so none is impossible
        if let p = sample.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            for i in 0..<sample.count { share[Int(p[i])] += 1 }
        }
        let total = share.reduce(0, +)
        share = share.map { $0 / total }
        let sampleBytes = Double(max(sample.count, 1))

        struct Choice { var needle: Int; var offset: Int; var seen: Int; var score: Int }
        var choices: [Choice] = long.map { i in
            let b = needles[i].bytes
            var best = Choice(needle: i, offset: 0, seen: Int.max, score: Int.max)
            for o in 0...(b.count - k) {
                let seen = counts[Self.key(b, o, k)], score = Self.score(b[o..<(o + k)])
                if seen < best.seen || (seen == best.seen && score < best.score) { best = Choice(needle: i, offset: o, seen: seen, score: score) }
            }
            return best
        }
        // Most frequent windows first, each into the bucket whose chance of matching grows least.
        choices.sort { ($0.seen, $0.score, -$0.needle) > ($1.seen, $1.score, -$1.needle) }
        var members: [[Choice]] = Array(repeating: [], count: Self.buckets)
        var shapes = [BucketShape](repeating: BucketShape(), count: Self.buckets)
        let odds = ByteOdds(share: share, exact: level >= 2)
        for ch in choices {
            let w = Array(needles[ch.needle].bytes[ch.offset..<(ch.offset + k)])
            let seen = Double(ch.seen) / sampleBytes
            var best = 0, bestCost = Double.infinity
            for b in 0..<Self.buckets {
                let cost = shapes[b].chance(adding: w, k: k, seen: seen, odds) - shapes[b].chance(odds, k)
                if cost < bestCost { bestCost = cost; best = b }
            }
            shapes[best].add(w, seen: seen, odds)
            members[best].append(ch)
        }
        var cls = [UInt8](repeating: 0, count: 4 * 64), lo = [UInt8](repeating: 0, count: 4 * 16), hi = lo
        var e = 0
        for (b, cs) in members.enumerated() {
            bucketStart[b] = e
            for ch in cs.sorted(by: { $0.needle < $1.needle }) {
                let nd = needles[ch.needle]
                for j in 0..<k {
                    let c = nd.bytes[ch.offset + j]
                    cls[j * 64 + Int(c & 0x3F)] |= 1 << UInt8(b)
                    lo[j * 16 + Int(c & 15)] |= 1 << UInt8(b)
                    hi[j * 16 + Int(c >> 4)] |= 1 << UInt8(b)
                }
                entries[e] = Entry(back: k - 1 + ch.offset, needle: .passUnretained(nd), id: ids[ch.needle])
                e += 1
            }
        }
        bucketStart[Self.buckets] = e
        var m = lt_teddy_masks()
        m.k = Int32(k)
        withUnsafeMutableBytes(of: &m.cls) { $0.copyBytes(from: cls) }
        withUnsafeMutableBytes(of: &m.lo) { $0.copyBytes(from: lo) }
        withUnsafeMutableBytes(of: &m.hi) { $0.copyBytes(from: hi) }
        masks = m
    }

    /// The `k` bytes at `o` as one little-endian integer (as `WindowCounter` reads them).
    static func key(_ b: [UInt8], _ o: Int, _ k: Int) -> UInt32 {
        (0..<k).reduce(0) { $0 | UInt32(b[o + $1]) << UInt32(8 * $1) }
    }

    /// Rareness of a run of bytes by the static model: the product of their frequencies.
    static func score(_ b: ArraySlice<UInt8>) -> Int { b.reduce(1) { $0 * LogBytes.frequency($1) } }
}

/// The chance that a position of the sample matches a window byte's class: the byte's low 6 bits
/// for the VBMI kernel, its two nibbles for the AVX2 kernel.
struct ByteOdds {
    let exact: Bool
    var cls = [Double](repeating: 0, count: 64), lo = [Double](repeating: 0, count: 16), hi = [Double](repeating: 0, count: 16)
    init(share: [Double], exact: Bool) {
        self.exact = exact
        for b in 0..<256 { cls[b & 0x3F] += share[b]; lo[b & 15] += share[b]; hi[b >> 4] += share[b] }
    }
}

/// The byte classes a bucket takes at each window place, and the chance it matches by accident.
struct BucketShape {
    var cls = [Bool](repeating: false, count: 4 * 64), lo = [Bool](repeating: false, count: 4 * 16), hi = [Bool](repeating: false, count: 4 * 16)
    /// Per window place, the summed odds of the classes taken so far.
    var sumCls = [Double](repeating: 0, count: 4), sumLo = [Double](repeating: 0, count: 4), sumHi = [Double](repeating: 0, count: 4)
    var seen = 0.0
    var empty = true

    mutating func add(_ w: [UInt8], seen s: Double, _ odds: ByteOdds) {
        seen += s
        empty = false
        for (j, c) in w.enumerated() {
            let x = Int(c & 0x3F), l = Int(c & 15), h = Int(c >> 4)
            if !cls[j * 64 + x] { cls[j * 64 + x] = true; sumCls[j] += odds.cls[x] }
            if !lo[j * 16 + l] { lo[j * 16 + l] = true; sumLo[j] += odds.lo[l] }
            if !hi[j * 16 + h] { hi[j * 16 + h] = true; sumHi[j] += odds.hi[h] }
        }
    }

    func chance(_ odds: ByteOdds, _ k: Int) -> Double { chance(adding: nil, k: k, seen: 0, odds) }

    /// The bucket's chance of matching a random sample position (with `w` added, if given), plus
    /// how often its windows occur in the sample.
    func chance(adding w: [UInt8]?, k: Int, seen s: Double, _ odds: ByteOdds) -> Double {
        if empty && w == nil { return 0 }
        var c = 1.0
        for j in 0..<k {
            var sc = sumCls[j], sl = sumLo[j], sh = sumHi[j]
            if let w {
                let x = Int(w[j] & 0x3F), l = Int(w[j] & 15), h = Int(w[j] >> 4)
                if !cls[j * 64 + x] { sc += odds.cls[x] }
                if !lo[j * 16 + l] { sl += odds.lo[l] }
                if !hi[j * 16 + h] { sh += odds.hi[h] }
            }
            c *= odds.exact ? sc : sl * sh
        }
        return c + seen + s
    }
}
