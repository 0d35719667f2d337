import Testing
@testable import LogtraceKernels

/// `ByteSearch.first` against `firstIndex(of:)`, on random buffers of every small size and some
/// large ones, for bytes present and absent.
@Suite struct ByteSearchTests {
    @Test func matchesFirstIndex() {
        var r = LiteralScanTests.RNG(s: 11)
        for size in Array(0...70) + [255, 256, 4097, 70_001] {
            let block = (0..<size).map { _ in UInt8(r.next(40)) }
            block.withUnsafeBytes { b in
                for byte: UInt8 in [0, 10, 39, 40, 255] {
                    #expect(ByteSearch.first(byte, in: b) == b.firstIndex(of: byte), "\(size) bytes, \(byte)")
                }
                if size > 2 {
                    let tail = UnsafeRawBufferPointer(rebasing: b[(size / 2)...])
                    #expect(ByteSearch.first(10, in: tail) == tail.firstIndex(of: 10), "slice of \(size) bytes")   // a rebased slice counts from 0
                }
            }
        }
    }

    /// `ByteSearch.quoteOrBackslash` against `firstIndex(where:)` from every start of small buffers
    /// and some large ones, quotes and backslashes rare and common.
    @Test func quoteOrBackslashMatchesFirstIndex() {
        var r = LiteralScanTests.RNG(s: 12)
        for size in Array(0...40) + [255, 4097] {
            for spread in [3, 40, 300] {
                let block = (0..<size).map { _ -> UInt8 in
                    switch r.next(spread) { case 0: return 0x22; case 1: return 0x5C; default: return UInt8(0x20 + r.next(90)) }
                }
                block.withUnsafeBytes { b in
                    let starts = size <= 40 ? Array(0...size) : [0, 1, size / 2, size - 1, size]
                    for from in starts {
                        let want = b[from...].firstIndex(where: { $0 == 0x22 || $0 == 0x5C }) ?? size
                        #expect(ByteSearch.quoteOrBackslash(b.baseAddress!, from: from, end: size) == want, "\(size) bytes from \(from)")
                    }
                }
            }
        }
    }
}
