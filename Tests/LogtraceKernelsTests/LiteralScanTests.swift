#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LogtraceKernels

/// Every literal scanner (Teddy on each kernel this CPU has, Wu-Manber) finds exactly the hits a
/// naive search finds.
@Suite struct LiteralScanTests {
    struct RNG { var s: UInt64; mutating func next(_ n: Int) -> Int { s = s &* 6364136223846793005 &+ 1442695040888963407; return Int((s >> 33) % UInt64(n)) } }

    func naive(_ text: [UInt8], _ lits: [[UInt8]]) -> [LiteralHit] {
        var out: [LiteralHit] = []
        for (id, l) in lits.enumerated() where !l.isEmpty && l.count <= text.count {
            text.withUnsafeBufferPointer { t in
                l.withUnsafeBufferPointer { l in
                    for i in 0...(t.count - l.count) where memcmp(t.baseAddress! + i, l.baseAddress!, l.count) == 0 { out.append(LiteralHit(offset: i, id: id)) }
                }
            }
        }
        return out.sorted { ($0.offset, $0.id) < ($1.offset, $1.id) }
    }

    /// Needles are made from strings: invalid UTF-8 becomes U+FFFD, so tests use `needle.bytes`.
    func scanners(_ needles: [Needle]) -> [(String, LiteralScanner)] {
        let lits = needles.map(\.bytes)
        var out: [(String, LiteralScanner)] = [("wu-manber", WuManberScanner(needles: needles, ids: Array(lits.indices)))]
        if TeddyScanner.bestLevel >= 1 { for level in 1...TeddyScanner.bestLevel { out.append(("teddy-\(level)", TeddyScanner(needles: needles, ids: Array(lits.indices), level: level))) } }
        return out
    }

    func check(_ text: [UInt8], _ lits: [[UInt8]], _ scanners: [(String, LiteralScanner)], at loc: SourceLocation = #_sourceLocation) {
        let want = naive(text, lits)
        for (name, s) in scanners {
            var got: [LiteralHit] = []
            text.withUnsafeBytes { s.scan($0, into: &got) }
            #expect(got.map(\.offset) == got.map(\.offset).sorted(), "\(name): not sorted", sourceLocation: loc)
            let sortedGot = got.sorted { ($0.offset, $0.id) < ($1.offset, $1.id) }
            if sortedGot != want {
                let first = Array(zip(sortedGot, want)).firstIndex { $0 != $1 } ?? min(sortedGot.count, want.count)
                let a = first < sortedGot.count ? "\(sortedGot[first])" : "none", b = first < want.count ? "\(want[first])" : "none"
                Issue.record("\(name) on \(text.count) bytes: \(sortedGot.count) hits, want \(want.count); first difference at #\(first): \(a) vs \(b)",
                             sourceLocation: loc)
            }
        }
    }

    @Test func randomLiteralsAndTexts() {
        var r = RNG(s: 42)
        let alphabet = Array("abcdeton :/-\"=\n".utf8) + [0xC3, 0xA9, 0x80, 0xFF, 0x00]
        if TeddyScanner.bestLevel == 0 { print("note: no Teddy kernel on this CPU; only Wu-Manber is checked") }
        for round in 0..<60 {
            var lits: [[UInt8]] = []
            for _ in 0..<(1 + r.next(40)) {
                lits.append((0..<(1 + r.next(14))).map { _ in alphabet[r.next(alphabet.count)] })
            }
            if round % 3 == 0 { lits = lits.filter { $0.count >= 6 } }   // the Wu-Manber long-only path
            var seen = Set<[UInt8]>()
            let needles = lits.map { Needle(String(decoding: $0, as: UTF8.self)) }.filter { seen.insert($0.bytes).inserted }
            lits = needles.map(\.bytes)
            guard !lits.isEmpty else { continue }
            let s = scanners(needles)
            for _ in 0..<4 {
                var text: [UInt8] = []
                let size = [0, 3, 31, 64, 65, 200, 5000, 40_000][r.next(8)]
                while text.count < size {
                    if r.next(5) == 0 { text += lits[r.next(lits.count)] } else { text.append(alphabet[r.next(alphabet.count)]) }
                }
                check(text, lits, s)
            }
        }
    }

    /// A block with far more candidates than the kernel's output buffer, planned on a small first
    /// block and planned again on a large one.
    @Test func manyCandidatesAndReplanning() {
        let needles = ["failed to renew lease ", "for node", " for ", "route"].map(Needle.init)
        let lits = needles.map(\.bytes)
        let s = scanners(needles)
        check(Array("route for node x".utf8), lits, s)
        let line = Array("I0312 00:00:00.000000       1 c.go:1] route for node n1: failed to renew lease x\n".utf8)
        var text: [UInt8] = []
        for _ in 0..<3000 { text += line }
        check(text, lits, s)
        check(Array(text[7...]), lits, s)
    }
}
