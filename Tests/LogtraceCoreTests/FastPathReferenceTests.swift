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

    /// `GoQuote.append` copies runs without a byte to escape; the reference escapes byte by byte.
    @Test func goQuoteMatchesReference() {
        func reference(_ s: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for b in s.utf8 {
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x09: out += [0x5C, 0x74]
                case 0x0D: out += [0x5C, 0x72]
                default: out.append(b)
                }
            }
            return out + [0x22]
        }
        var x: UInt64 = 42
        var cases = ["", "plain", "\"", "\\", "a\nb\tc\rd", "ends with quote\"", "\"starts", "ünï \u{2028} ✓", "\n\n\n"]
        let alphabet = Array("ab\"\\\n\t\r é✓")
        for _ in 0..<2_000 {
            var s = ""
            for _ in 0..<Int(x % 12) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; s.append(alphabet[Int(x % UInt64(alphabet.count))]) }
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            cases.append(s)
        }
        for s in cases {
            var got: [UInt8] = [0x41]
            GoQuote.append(s, to: &got)
            #expect(got == [0x41] + reference(s), "\(s.debugDescription)")
        }
    }

    /// `JSONScanner.readString`'s copy of a string without escapes, and its byte loop for the
    /// rest, against Foundation's JSON decoding of the same string literal.
    @Test func jsonStringMatchesFoundation() throws {
        let literals = [#""""#, #""plain""#, #""with \"quote\" inside""#, #""back\\slash""#, #""\n\t\r\b\f""#,
                        #""\u00e9\u2028 \ud83d\ude00""#, #""ü raw UTF-8 ✓""#, #""\/ slash""#, #""a\\""#, #""\\\"""#]
        for lit in literals {
            let want = try JSONSerialization.jsonObject(with: Data("[\(lit)]".utf8)) as! [String]
            var bytes = Array(lit.utf8) + Array(", \"next\"".utf8)
            let got: [UInt8]? = bytes.withUnsafeMutableBytes { b in
                var i = 0
                let s = JSONScanner.readString(UnsafeRawPointer(b.baseAddress!), b.count, &i)
                #expect(i == lit.utf8.count, "\(lit): stops after the closing quote")
                return s
            }
            #expect(got.map { String(decoding: $0, as: UTF8.self) } == want.first, "\(lit)")
        }
        // Unterminated: nil on both paths.
        for lit in [#""open"#, #""esc \"#, #""esc \" still open"#] {
            var bytes = Array(lit.utf8)
            let got: [UInt8]? = bytes.withUnsafeMutableBytes { b in var i = 0; return JSONScanner.readString(UnsafeRawPointer(b.baseAddress!), b.count, &i) }
            #expect(got == nil, "\(lit)")
        }
    }
}
