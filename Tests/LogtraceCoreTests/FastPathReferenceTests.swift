import Foundation
import Testing
@testable import LogtraceCore

/// Core fast paths outside the kernels against their simple references.
@Suite struct FastPathReferenceTests {
    /// `Timestamp.rfc3339` writes digits into the string's storage; the reference pads decimal
    /// strings. Every kind of time: the epoch, before it, each field's carry, both ends of the range
    /// RFC 3339 can write and beyond them (clamped), and pseudo-random times in between.
    @Test func rfc3339MatchesReference() {
        var times: [Int64] = [0, -1, 1, 999_999, 1_000_000, 59_999_999, 86_399_999_999, 86_400_000_000, -86_400_000_000,
                              951_782_400_000_000, 1_710_236_351_856_894, Timestamp.minTime, Timestamp.maxTime,
                              Timestamp.minTime - 1, Timestamp.maxTime + 1, .min, .max]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            times.append(Int64(bitPattern: x) % (Timestamp.maxTime + 1))
        }
        for t in times {
            #expect(Timestamp.rfc3339(t) == Timestamp.rfc3339Reference(t), "\(t)")
        }
        #expect(Timestamp.rfc3339(1_710_236_351_856_894) == "2024-03-12T09:39:11.856894Z")
    }

    /// `Correlator.replacing` (bytes, `memmem`) against Foundation's `replacingOccurrences`, on
    /// placeholders at the ends, repeated, adjacent, absent, overlapping, and next to non-ASCII text.
    @Test func placeholderReplacementMatchesFoundation() {
        let templates = ["kubectl get ns <ns>", "<ns>", "<ns><ns>", "a <ns> b <ns> c", "no placeholder", "", "<n<ns>s>",
                         "ünïcode <ns> → <ns>", "{namespace} and {namespace}", "<<ns>>", "aaaa", "<ns"]
        let cases: [(String, String)] = [("<ns>", "kube-system"), ("<ns>", ""), ("<ns>", "<ns>"), ("{namespace}", "tobedeleted"),
                                         ("aa", "b"), ("<ns>", "ns with spaces ✓")]
        for t in templates {
            for (p, v) in cases {
                #expect(Correlator.replacing(t, p, with: v) == t.replacingOccurrences(of: p, with: v), "\(t) \(p) \(v)")
            }
        }
    }
}
