/// The literal prefilter: scans a whole block once for all literals of the active rules
/// (`LiteralScanners`), then tells, line by line, which literals each line holds. Lines must be
/// asked for in order; a line with no hit costs one comparison.
public final class BlockPrefilter {
    @usableFromInline let needles: [Needle]
    @usableFromInline let ids: [Int]
    private let scanner: LiteralScanner
    @usableFromInline var hits: [LiteralHit] = []
    @usableFromInline var cursor = 0
    @usableFromInline var nextOffset = Int.max

    /// `literals`: the global literal table; `active`: the ids worth searching in this stream.
    public init(literals: [Needle], active: [Int]) {
        needles = active.map { literals[$0] }
        ids = active
        scanner = LiteralScanners.make(needles: needles, ids: active)
        hits.reserveCapacity(1024)
    }

    public var isEmpty: Bool { needles.isEmpty }

    /// Starts a block: finds every hit of every literal.
    public func begin(_ block: UnsafeRawBufferPointer) {
        scanner.scan(block, into: &hits)
        cursor = 0
        nextOffset = hits.first?.offset ?? Int.max
    }

    /// Literals found in the line that spans `[start, end)` of the current block.
    @inlinable @inline(__always)
    public func mask(lineStart: Int, lineEnd: Int) -> LiteralMask {
        var m = LiteralMask()
        if nextOffset >= lineEnd { return m }
        while cursor < hits.count && hits[cursor].offset < lineEnd {
            if hits[cursor].offset >= lineStart { m.insert(hits[cursor].id) }
            cursor += 1
        }
        nextOffset = cursor < hits.count ? hits[cursor].offset : Int.max
        return m
    }

    /// Literals found in a buffer that is not part of the block (decoded docker/CRI partial lines).
    public func mask(of buf: UnsafeRawBufferPointer) -> LiteralMask {
        var m = LiteralMask()
        for k in needles.indices where needles[k].occurs(in: buf) { m.insert(ids[k]) }
        return m
    }
}
