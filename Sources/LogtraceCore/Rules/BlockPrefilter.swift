/// The literal prefilter: scans a whole block once per literal with `memmem`, then tells, line by
/// line, which literals the line holds. Searches resume from the end of the last line that held
/// a hit, so each literal costs one pass over the block whatever the number of lines.
public final class BlockPrefilter {
    private let needles: [Needle]
    private let ids: [Int]
    private var next: [Int]
    private var minNext = Int.max
    private var base: UnsafeRawPointer?
    private var count = 0

    /// `literals`: the global literal table; `active`: the ids worth searching in this stream.
    public init(literals: [Needle], active: [Int]) {
        needles = active.map { literals[$0] }
        ids = active
        next = Array(repeating: Int.max, count: active.count)
    }

    public var isEmpty: Bool { needles.isEmpty }

    /// Starts a block: finds the first hit of every literal.
    public func begin(_ block: UnsafeRawBufferPointer) {
        base = block.baseAddress
        count = block.count
        minNext = Int.max
        guard let b = base else { return }
        for k in needles.indices {
            let v = needles[k].find(in: b, count) ?? Int.max
            next[k] = v
            if v < minNext { minNext = v }
        }
    }

    /// Literals found in the line that spans `[start, end)` of the current block. Lines must be
    /// asked for in order.
    @inline(__always)
    public func mask(lineStart: Int, lineEnd: Int) -> LiteralMask {
        var m = LiteralMask()
        if minNext >= lineEnd { return m }
        return slowMask(lineEnd: lineEnd, &m)
    }

    private func slowMask(lineEnd: Int, _ m: inout LiteralMask) -> LiteralMask {
        guard let b = base else { return m }
        var newMin = Int.max
        for k in needles.indices {
            if next[k] < lineEnd {
                m.insert(ids[k])
                let from = lineEnd
                next[k] = from < count ? (needles[k].find(in: b + from, count - from).map { $0 + from } ?? Int.max) : Int.max
            }
            if next[k] < newMin { newMin = next[k] }
        }
        minNext = newMin
        return m
    }

    /// Literals found in a buffer that is not part of the block (decoded docker/CRI partial lines).
    public func mask(of buf: UnsafeRawBufferPointer) -> LiteralMask {
        var m = LiteralMask()
        for k in needles.indices where needles[k].occurs(in: buf) { m.insert(ids[k]) }
        return m
    }
}
