import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// `CIDR` reads addresses byte by byte; this is the simple reading it replaced (split on `.`,
/// `::` and `:`, one array per address), kept as the reference.
enum CIDRReference {
    static func contains(_ cidr: String, _ ip: String) -> Bool? {
        let parts = cidr.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let bits = Int(parts[1]), let net = address(String(parts[0])), let a = address(ip),
              net.count == a.count, bits >= 0, bits <= net.count * 8 else { return nil }
        var left = bits
        for i in 0..<net.count {
            guard left > 0 else { break }
            let take = min(8, left)
            let mask: UInt8 = take == 8 ? 0xFF : ~UInt8(0xFF >> take)
            if net[i] & mask != a[i] & mask { return false }
            left -= take
        }
        return true
    }

    static func address(_ s: String) -> [UInt8]? {
        if s.contains(":") {
            var out: [UInt8] = []
            let halves = s.components(separatedBy: "::")
            guard halves.count <= 2 else { return nil }
            func groups(_ h: String) -> [UInt16]? {
                if h.isEmpty { return [] }
                var g: [UInt16] = []
                for p in h.split(separator: ":", omittingEmptySubsequences: false) {
                    guard let v = UInt16(p, radix: 16), p.count <= 4 else { return nil }
                    g.append(v)
                }
                return g
            }
            guard let a = groups(halves[0]), let b = halves.count == 2 ? groups(halves[1]) : [] else { return nil }
            let fill = halves.count == 2 ? 8 - a.count - b.count : 0
            guard fill >= 0, a.count + b.count + fill == 8 else { return nil }
            for g in a + Array(repeating: 0, count: fill) + b { out.append(UInt8(g >> 8)); out.append(UInt8(g & 0xFF)) }
            return out
        }
        let p = s.split(separator: ".", omittingEmptySubsequences: false)
        guard p.count == 4 else { return nil }
        var out: [UInt8] = []
        for x in p { guard x.count <= 3, let v = UInt8(x) else { return nil }; out.append(v) }
        return out
    }
}

@Suite struct CIDRTests {
    static func bytes(_ a: CIDR.Address) -> [UInt8] {
        if !a.v6 { return (0..<4).map { UInt8(truncatingIfNeeded: a.lo >> UInt64(24 - 8 * $0)) } }
        return (0..<8).map { UInt8(truncatingIfNeeded: a.hi >> UInt64(56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: a.lo >> UInt64(56 - 8 * $0)) }
    }

    static let known = [
        "10.244.3.0/24", "10.244.3.17", "10.244.4.1", "0.0.0.0/0", "255.255.255.255", "1.2.3.4/32", "1.2.3.5",
        "10.0.0.0/8", "10.255.0.1", "192.168.0.0/16", "192.169.0.1", "1.2.3.4/33", "1.2.3.4/", "/8", "1.2.3",
        "1.2.3.4.5", "256.1.1.1", "01.002.3.4", "1.2.3.0004", "1..2.3", "", "fd00:10:244:3::/64", "fd00:10:244:3::17",
        "fd00:10:244:4::1", "2001:db8::1", "::1", "::", "::/0", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4::5:6:7:8", "1:2:3:4:5::6:7:8", "1::2::3", ":::", "1:::2", ":1", "1:", "fe80::1%eth0",
        "::ffff:1.2.3.4", "ABCD::ef01/16", "abcd:ef01::/129", "2001:db8::/32", "2001:db9::1", "12345::1",
        "10.244.3.0/0024", "10.244.3.0/99999999999999999999999", "2001:db8::/48", "2001:db8:0:ffff::1",
    ]

    @Test func addressesReadAsTheReferenceReadsThem() {
        var rng = SplitMix(seed: 15)
        let alphabet = Array("0123456789abcdefABCDEF.:/g%")
        var subjects = Self.known
        for _ in 0..<40_000 {
            let n = Int(rng.next() % 24)
            subjects.append(String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
        }
        // Mostly well-formed ones too, with a byte changed.
        for _ in 0..<20_000 {
            let v6 = rng.next() % 2 == 0
            var s = v6 ? (0..<8).map { _ in String(rng.next() % 0x10000, radix: 16) }.joined(separator: ":")
                       : (0..<4).map { _ in String(rng.next() % 256) }.joined(separator: ".")
            if v6 && rng.next() % 2 == 0, let r = s.range(of: ":0:") { s.replaceSubrange(r, with: "::") }
            if rng.next() % 2 == 0 { s += "/" + String(rng.next() % 140) }
            if rng.next() % 3 == 0 {
                var b = Array(s)
                b[Int(rng.next() % UInt64(b.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                s = String(b)
            }
            subjects.append(s)
        }
        for s in subjects {
            #expect(CIDR.address(s).map(Self.bytes) == CIDRReference.address(s), "address \(s)")
        }
        // Containment for pairs: every known pair, and random pairs of the generated subjects.
        for a in Self.known { for b in Self.known {
            #expect(CIDR.contains(a, b) == CIDRReference.contains(a, b), "\(a) holds \(b)")
        } }
        for _ in 0..<40_000 {
            let a = subjects[Int(rng.next() % UInt64(subjects.count))], b = subjects[Int(rng.next() % UInt64(subjects.count))]
            #expect(CIDR.contains(a, b) == CIDRReference.contains(a, b), "\(a) holds \(b)")
        }
    }

    @Test func prefixesAtEveryLength() {
        for bits in 0...33 {
            #expect(CIDR.contains("10.244.3.0/\(bits)", "10.244.3.255") == CIDRReference.contains("10.244.3.0/\(bits)", "10.244.3.255"))
            #expect(CIDR.contains("10.244.3.0/\(bits)", "11.0.0.0") == CIDRReference.contains("10.244.3.0/\(bits)", "11.0.0.0"))
        }
        for bits in 0...129 {
            for ip in ["fd00:10:244:3:ffff:ffff:ffff:ffff", "fd00:10:244:3::", "fd00:10:244:2::1", "7d00::"] {
                #expect(CIDR.contains("fd00:10:244:3::/\(bits)", ip) == CIDRReference.contains("fd00:10:244:3::/\(bits)", ip), "/\(bits) \(ip)")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
