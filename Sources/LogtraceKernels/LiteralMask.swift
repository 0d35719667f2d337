/// A bitset of prefilter literal ids (up to 256) found in a record's lines.
public struct LiteralMask: Equatable, Sendable {
    public var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    public static let capacity = 256
    @inlinable public init() {}
    @inlinable @inline(__always) public var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 }
    @inlinable @inline(__always) public mutating func insert(_ i: Int) {
        let bit = UInt64(1) << UInt64(i & 63)
        switch i >> 6 { case 0: w0 |= bit; case 1: w1 |= bit; case 2: w2 |= bit; default: w3 |= bit }
    }
    @inlinable @inline(__always) public mutating func formUnion(_ o: LiteralMask) { w0 |= o.w0; w1 |= o.w1; w2 |= o.w2; w3 |= o.w3 }
    /// True when every bit of `sub` is set here.
    @inlinable @inline(__always) public func contains(_ sub: LiteralMask) -> Bool {
        (w0 & sub.w0) == sub.w0 && (w1 & sub.w1) == sub.w1 && (w2 & sub.w2) == sub.w2 && (w3 & sub.w3) == sub.w3
    }
}
