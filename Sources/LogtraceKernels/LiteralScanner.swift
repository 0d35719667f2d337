import CSIMD

/// One occurrence of a literal in a block: where it starts and the literal's id.
public struct LiteralHit: Equatable {
    public var offset: Int
    public var id: Int
    @inlinable public init(offset: Int, id: Int) { self.offset = offset; self.id = id }
}

/// Finds every occurrence of a fixed set of literals in a block, in one pass.
public protocol LiteralScanner: AnyObject {
    /// Every (offset, literal id) of the block, sorted by offset.
    func scan(_ block: UnsafeRawBufferPointer, into out: inout [LiteralHit])
}

public enum LiteralScanners {
    /// Teddy (SIMD fingerprints) when the CPU has AVX2 or AVX-512 VBMI and the literals fit its eight buckets
    /// well; Wu-Manber otherwise. Both find exactly the same hits.
    public static func make(needles: [Needle], ids: [Int]) -> LiteralScanner {
        if TeddyScanner.bestLevel > 0 && needles.count <= TeddyScanner.maxLiterals {
            return TeddyScanner(needles: needles, ids: ids)
        }
        return WuManberScanner(needles: needles, ids: ids)
    }
}

/// What the scanners assume of log text when they pick the part of a literal to look for.
enum LogBytes {
    /// A rough frequency of a byte in control-plane logs (spaces and lowercase letters dominate).
    static func frequency(_ c: UInt8) -> Int {
        switch c {
        case 0x20: return 16
        case 0x65, 0x74, 0x61, 0x6F, 0x69, 0x6E, 0x73, 0x72: return 10   // e t a o i n s r
        case 0x61...0x7A: return 6
        case 0x30...0x39: return 4
        case 0x22, 0x3D, 0x2E, 0x2F, 0x3A, 0x2D: return 4               // " = . / : -
        default: return 1
        }
    }
}
