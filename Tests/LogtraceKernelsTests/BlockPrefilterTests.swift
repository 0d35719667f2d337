import Testing
@testable import LogtraceKernels

/// `BlockPrefilter.mask` asked line by line gives the literals that start in each line: the same
/// set a naive search of every literal at every offset of the line gives.
@Suite struct BlockPrefilterTests {
    @Test func masksMatchNaiveSearchPerLine() {
        var r = LiteralScanTests.RNG(s: 3)
        let alphabet = Array("abcde fail\n=\"".utf8)
        for _ in 0..<200 {
            var words: [String] = []
            for _ in 0..<(1 + r.next(12)) { words.append(String(decoding: (0..<(1 + r.next(7))).map { _ in alphabet[r.next(alphabet.count - 1)] }, as: UTF8.self)) }
            let needles = Array(Set(words)).sorted().map(Needle.init)
            let ids = needles.indices.map { $0 * 3 + 1 }   // ids are global literal ids, not indices
            var table = [Needle](repeating: Needle("unused"), count: (ids.last ?? 0) + 1)
            for (k, id) in ids.enumerated() { table[id] = needles[k] }
            let prefilter = BlockPrefilter(literals: table, active: ids)
            let text = (0..<r.next(3000)).map { _ in alphabet[r.next(alphabet.count)] }
            text.withUnsafeBytes { block in
                prefilter.begin(block)
                var start = 0
                while start <= text.count {
                    let end = text[start...].firstIndex(of: 0x0A) ?? text.count
                    let got = prefilter.mask(lineStart: start, lineEnd: end)
                    var want = LiteralMask()
                    for (k, n) in needles.enumerated() {
                        let l = n.bytes
                        var at = start
                        while at < end, at + l.count <= text.count {
                            if Array(text[at..<(at + l.count)]) == l { want.insert(ids[k]); break }
                            at += 1
                        }
                    }
                    if got != want { Issue.record("line \(start)..<\(end) of \(text.count) bytes: \(got) != \(want)"); return }
                    start = end + 1
                }
            }
        }
    }
}
