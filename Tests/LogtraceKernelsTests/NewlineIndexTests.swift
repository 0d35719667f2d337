import Testing
@testable import LogtraceKernels

/// The newline index returns exactly the newlines `memchr` finds, then the block's end.
@Suite struct NewlineIndexTests {
    @Test func matchesMemchr() {
        var r = LiteralScanTests.RNG(s: 7)
        for level in 0...NewlineIndex.bestLevel {
            let index = NewlineIndex(level: level)
            for size in [0, 1, 63, 64, 65, 127, 128, 129, 1000, 70_001] {
                let block = (0..<size).map { _ in r.next(9) == 0 ? UInt8(10) : UInt8(r.next(256)) }
                var want: [Int] = []
                for (i, c) in block.enumerated() where c == 10 { want.append(i) }
                var got: [Int] = []
                block.withUnsafeBytes { b in
                    var c = index.index(b)
                    while true { let nl = c.next(); if nl >= size { break }; got.append(nl) }
                    #expect(c.next() == size, "level \(level): the end again after the last newline")
                }
                #expect(got == want, "level \(level), \(size) bytes")
            }
        }
    }
}
