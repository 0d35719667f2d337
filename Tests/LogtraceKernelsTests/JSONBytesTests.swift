import Testing
@testable import LogtraceKernels

/// `JSONBytes.escape` against a scalar-by-scalar reference: bytes decoded as `String(decoding:)`
/// does (invalid UTF-8 becomes U+FFFD), then `"`, `\`, `\n`, `\r`, `\t` escaped by name and every
/// other control character (C0, DEL, C1) and U+2028/U+2029 as `\u` and four lowercase hex digits.
@Suite struct JSONBytesTests {
    static func reference(_ bytes: [UInt8]) -> String {
        var o = ""
        for u in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u.value == 0x2028 || u.value == 0x2029 {
                    let h = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { o.unicodeScalars.append(u) }
            }
        }
        return o
    }

    static func escape(_ bytes: [UInt8]) -> String {
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count * 6 + 16)
        defer { out.deallocate() }
        var o = out
        bytes.withUnsafeBufferPointer { if let p = $0.baseAddress { JSONBytes.escape(&o, p, $0.count) } }
        return String(decoding: UnsafeBufferPointer(start: out, count: o - out), as: UTF8.self)
    }

    @Test func namedCases() {
        let cases: [[UInt8]] = [
            [], Array("plain ascii".utf8), [0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x00, 0x1F, 0x7F],
            Array("sep \u{2028} para \u{2029} nel \u{85} c1 \u{9F} nbsp \u{A0} é 日本 🙂".utf8),
            [0xE2, 0x80, 0xA8], [0xC2, 0x85], [0xE2, 0x80], [0xC2], [0xFF, 0xE2, 0x80, 0xA9, 0xC2, 0x80, 0xC3],
            Array(repeating: 0x01, count: 41) + [0x78],
        ]
        for c in cases { #expect(Self.escape(c) == Self.reference(c), "\(c)") }
        #expect(Self.escape(Array("a\u{2028}b".utf8)) == "a\\u2028b")
    }

    @Test func randomBytes() {
        var s: UInt64 = 7
        func next(_ n: Int) -> Int { s = s &* 6364136223846793005 &+ 1442695040888963407; return Int((s >> 33) % UInt64(n)) }
        // Bytes that make up the interesting sequences, so they occur often.
        let alphabet: [UInt8] = Array("ab \"\\\n\t".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xA8, 0xA9, 0xBF, 0xC2, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
        for _ in 0..<20_000 {
            let b = (0..<next(40)).map { _ in alphabet[next(alphabet.count)] }
            let got = Self.escape(b), want = Self.reference(b)
            if got != want { Issue.record("\(b): \(got) != \(want)"); return }
        }
    }
}

/// SWAR byte tests against a byte-by-byte loop.
@Suite struct SWARTests {
    @Test func flagsMatchBytes() {
        var s: UInt64 = 11
        func next() -> UInt64 { s = s &* 6364136223846793005 &+ 1442695040888963407; return s }
        let picks: [UInt8] = [0x00, 0x20, 0x30, 0x39, 0x3A, 0x5D, 0x7F, 0x80, 0xFF, 0x01]
        for _ in 0..<50_000 {
            var bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: next() >> 40) }
            for k in 0..<8 where next() % 3 == 0 { bytes[k] = picks[Int(next() % UInt64(picks.count))] }
            let w = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            for c: UInt8 in [0x00, 0x20, 0x3A, 0x5D] {
                let first = bytes.firstIndex(of: c)
                let f = SWAR.equalFlags(w, c)
                if (f == 0 ? nil : f.trailingZeroBitCount >> 3) != first { Issue.record("equalFlags \(bytes) \(c)"); return }
                let exact = SWAR.exactBytes(w, c)
                for k in 0..<8 where (exact >> (8 * UInt64(k) + 7)) & 1 != (bytes[k] == c ? 1 : 0) { Issue.record("exactBytes \(bytes) \(c)"); return }
            }
            let ds = (0..<8).map { _ in UInt8(0x30 + next() % 10) }
            let dw = ds.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let dv = ds.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
            if !SWAR.digits(dw, mask: ~0) || SWAR.eightDigits(dw ^ 0x3030_3030_3030_3030) != dv { Issue.record("digits \(ds)"); return }
            let allDigits = bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if SWAR.digits(w, mask: ~0) != allDigits { Issue.record("digits \(bytes)"); return }
            if allDigits {
                let value = bytes.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
                if SWAR.eightDigits(w ^ 0x3030_3030_3030_3030) != value { Issue.record("eightDigits \(bytes)"); return }
            }
        }
    }
}
