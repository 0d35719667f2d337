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
}
