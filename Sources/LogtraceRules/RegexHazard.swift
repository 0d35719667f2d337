import LogtraceCore

/// Finds regexes that can backtrack catastrophically, before any input does: a group repeated
/// without bound (`*`, `+`, `{n,}`) whose body can match the same text in more than one way,
/// because it holds alternatives that can start alike (`(a|a)*`, `(a|ab)+`), or an unbounded
/// repetition followed, inside the body or by the next round of it, by something that can start
/// with the same byte (`(x+x+)+`, `(a*)*`, `(\w+\s?)*`). First bytes are tracked as byte sets
/// (classes and escapes approximated), so the check errs towards rejecting. The lint also runs
/// each regex on subjects made of its own literals (`hostileSubjects`) under PCRE2's limits.
public enum RegexHazard {
    /// A set of bytes.
    struct ByteSet: Equatable {
        var w = [UInt64](repeating: 0, count: 4)
        static var all: ByteSet { var s = ByteSet(); s.w = [~0, ~0, ~0, ~0]; return s }
        mutating func insert(_ b: UInt8) { w[Int(b >> 6)] |= 1 << UInt64(b & 63) }
        mutating func insert(_ r: ClosedRange<UInt8>) { for b in r { insert(b) } }
        mutating func formUnion(_ o: ByteSet) { for i in 0..<4 { w[i] |= o.w[i] } }
        func intersects(_ o: ByteSet) -> Bool { (0..<4).contains { w[$0] & o.w[$0] != 0 } }
        var inverted: ByteSet { var s = ByteSet(); s.w = w.map { ~$0 }; return s }
        var isEmpty: Bool { w.allSatisfy { $0 == 0 } }
    }

    /// A parsed piece of a pattern: an atom (its possible first bytes, or a group) and its quantifier.
    indirect enum Node {
        case atom(ByteSet)
        case group([[Node]])              // alternatives, each a sequence
        case empty                        // anchors, lookarounds, backreferences: match no byte we track
        case repeated(Node, min: Int, unbounded: Bool)
    }

    /// Why the pattern is hazardous, or nil.
    public static func hazard(_ pattern: String) -> String? {
        var p = Parser(bytes: Array(pattern.utf8))
        let alts = p.alternatives()
        return check(.group(alts))
    }

    static func check(_ n: Node) -> String? {
        switch n {
        case .atom, .empty: return nil
        case .group(let alts):
            for seq in alts { for x in seq { if let h = check(x) { return h } } }
            return nil
        case .repeated(let inner, _, let unbounded):
            if let h = check(inner) { return h }
            guard unbounded else { return nil }
            let body: [[Node]]
            if case .group(let a) = inner { body = a } else { body = [[inner]] }
            // Alternatives that can start with the same byte.
            let firsts = body.map { first(of: $0) }
            for i in firsts.indices { for j in firsts.indices where j > i && firsts[i].set.intersects(firsts[j].set) {
                return "alternatives that can match alike under an unbounded repetition"
            } }
            if body.contains(where: { first(of: $0).nullable }) { return "an unbounded repetition of something that can match nothing" }
            // Inside a branch: an unbounded repetition followed by what can start alike, or by
            // the next round of the group.
            for seq in body {
                for (k, x) in seq.enumerated() {
                    guard case .repeated(let r, _, true) = x else { continue }
                    let mine = first(of: [r]).set
                    var after = first(of: Array(seq[(k + 1)...]))
                    if after.nullable { after.set.formUnion(firsts.reduce(ByteSet()) { var s = $0; s.formUnion($1.set); return s }) }
                    if mine.intersects(after.set) { return "nested unbounded repetitions that can match the same text" }
                }
            }
            return nil
        }
    }

    /// The bytes a sequence can start with, and whether it can match nothing.
    static func first(of seq: [Node]) -> (set: ByteSet, nullable: Bool) {
        var set = ByteSet()
        for x in seq {
            let (s, nullable) = first(x)
            set.formUnion(s)
            if !nullable { return (set, false) }
        }
        return (set, true)
    }

    static func first(_ n: Node) -> (ByteSet, Bool) {
        switch n {
        case .atom(let s): return (s, false)
        case .empty: return (ByteSet(), true)
        case .group(let alts):
            var set = ByteSet(), nullable = false
            for a in alts { let f = first(of: a); set.formUnion(f.set); nullable = nullable || f.nullable }
            return (set, nullable)
        case .repeated(let inner, let min, _):
            let (s, nullable) = first(inner)
            return (s, nullable || min == 0)
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func alternatives() -> [[Node]] {
            var alts: [[Node]] = [[]]
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: ")") { break }   // )
                if c == UInt8(ascii: "|") { i += 1; alts.append([]); continue }   // |
                if let a = atom() { alts[alts.count - 1].append(quantified(a)) }
            }
            return alts
        }

        mutating func quantified(_ a: Node) -> Node {
            guard i < bytes.count else { return a }
            var node = a
            switch bytes[i] {
            case 0x2A: i += 1; node = .repeated(a, min: 0, unbounded: true)   // *
            case 0x2B: i += 1; node = .repeated(a, min: 1, unbounded: true)   // +
            case 0x3F: i += 1; node = .repeated(a, min: 0, unbounded: false)  // ?
            case 0x7B:                                                          // {n}, {n,}, {n,m}
                var j = i + 1, lo = 0, digits = 0
                while j < bytes.count, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "9") { if digits < 6 { lo = lo * 10 + Int(bytes[j] - 0x30) }; digits += 1; j += 1 }
                guard digits > 0, j < bytes.count else { return a }
                if bytes[j] == UInt8(ascii: "}") { i = j + 1; node = .repeated(a, min: lo, unbounded: false); break }
                guard bytes[j] == UInt8(ascii: ",") else { return a }
                j += 1
                var hiDigits = 0
                while j < bytes.count, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "9") { j += 1; hiDigits += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "}") else { return a }
                i = j + 1
                node = .repeated(a, min: lo, unbounded: hiDigits == 0)
            default: return a
            }
            if i < bytes.count && (bytes[i] == UInt8(ascii: "?") || bytes[i] == UInt8(ascii: "+")) { i += 1 }   // lazy or possessive marker
            return node
        }

        mutating func atom() -> Node? {
            let c = bytes[i]
            switch c {
            case 0x28:   // (
                i += 1
                var lookaround = false
                if i < bytes.count && bytes[i] == UInt8(ascii: "?") {   // (?: (?<name> (?P<name> (?= (?! (?<= (?<! (?i)
                    i += 1
                    if i < bytes.count && (bytes[i] == UInt8(ascii: "=") || bytes[i] == UInt8(ascii: "!")) { lookaround = true; i += 1 }
                    else if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "<") && (bytes[i + 1] == UInt8(ascii: "=") || bytes[i + 1] == UInt8(ascii: "!")) { lookaround = true; i += 2 }
                    else if i < bytes.count && (bytes[i] == UInt8(ascii: "<") || bytes[i] == UInt8(ascii: "P") || bytes[i] == UInt8(ascii: "'")) {
                        while i < bytes.count && bytes[i] != UInt8(ascii: ">") && bytes[i] != UInt8(ascii: "'") { i += 1 }
                        if i < bytes.count { i += 1 }
                    } else {
                        while i < bytes.count && bytes[i] != UInt8(ascii: ":") && bytes[i] != UInt8(ascii: ")") { i += 1 }   // flags
                        if i < bytes.count && bytes[i] == UInt8(ascii: ")") { i += 1; return .empty }
                        if i < bytes.count { i += 1 }
                    }
                }
                let alts = alternatives()
                if i < bytes.count { i += 1 }   // )
                return lookaround ? .empty : .group(alts)
            case 0x5B: return .atom(charClass())
            case 0x2E: i += 1; var s = ByteSet.all; s.w[0] &= ~(1 << 10); return .atom(s)   // . (not \n)
            case 0x5E, 0x24: i += 1; return .empty   // ^ $
            case 0x5C: return escape(inClass: false).map { .atom($0) } ?? .empty
            default:
                i += 1
                var s = ByteSet(); s.insert(c)
                return .atom(s)
            }
        }

        /// An escape at `i` (the backslash): its byte set, or nil for an anchor or backreference.
        mutating func escape(inClass: Bool) -> ByteSet? {
            i += 1
            guard i < bytes.count else { return nil }
            let e = bytes[i]
            i += 1
            var s = ByteSet()
            switch e {
            case UInt8(ascii: "d"): s.insert(0x30...0x39)
            case UInt8(ascii: "w"): s.insert(0x30...0x39); s.insert(0x41...0x5A); s.insert(0x61...0x7A); s.insert(0x5F); s.insert(0x80...0xFF)
            case UInt8(ascii: "s"): for b: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { s.insert(b) }
            case UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "S"), UInt8(ascii: "N"), UInt8(ascii: "H"), UInt8(ascii: "V"),
                 UInt8(ascii: "p"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "R"), UInt8(ascii: "C"):
                if (e == UInt8(ascii: "p") || e == UInt8(ascii: "P")) && i < bytes.count && bytes[i] == UInt8(ascii: "{") {
                    while i < bytes.count && bytes[i] != UInt8(ascii: "}") { i += 1 }
                    if i < bytes.count { i += 1 }
                }
                return .all
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "G"), UInt8(ascii: "K"):
                if inClass { s.insert(0x08); return s }
                return nil
            case UInt8(ascii: "t"): s.insert(0x09)
            case UInt8(ascii: "n"): s.insert(0x0A)
            case UInt8(ascii: "r"): s.insert(0x0D)
            case UInt8(ascii: "x"):
                if i < bytes.count && bytes[i] == UInt8(ascii: "{") { while i < bytes.count && bytes[i] != UInt8(ascii: "}") { i += 1 }; i += 1; return .all }
                var v = 0, k = 0
                while k < 2, i < bytes.count, let h = hex(bytes[i]) { v = v * 16 + h; i += 1; k += 1 }
                s.insert(UInt8(v))
            case 0x31...0x39:
                if inClass { s.insert(e); return s }
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
                return nil   // a backreference
            case UInt8(ascii: "Q"):
                // \Q...\E literal text: its first byte.
                let start = i
                while i + 1 < bytes.count && !(bytes[i] == UInt8(ascii: "\\") && bytes[i + 1] == UInt8(ascii: "E")) { i += 1 }
                if start < bytes.count { s.insert(bytes[start]) }
                i = min(bytes.count, i + 2)
            default: s.insert(e)
            }
            return s
        }

        func hex(_ b: UInt8) -> Int? {
            switch b {
            case 0x30...0x39: return Int(b - 0x30)
            case 0x41...0x46: return Int(b - 0x41 + 10)
            case 0x61...0x66: return Int(b - 0x61 + 10)
            default: return nil
            }
        }

        mutating func charClass() -> ByteSet {
            i += 1
            var negated = false
            if i < bytes.count && bytes[i] == UInt8(ascii: "^") { negated = true; i += 1 }
            var s = ByteSet()
            var firstItem = true
            var prev: UInt8?
            while i < bytes.count && (bytes[i] != UInt8(ascii: "]") || firstItem) {
                firstItem = false
                if bytes[i] == UInt8(ascii: "[") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ":") {   // [:alpha:]
                    while i < bytes.count && bytes[i] != UInt8(ascii: "]") { i += 1 }
                    i += 1
                    s = .all; prev = nil; continue
                }
                if bytes[i] == UInt8(ascii: "\\") {
                    if let e = escape(inClass: true) { s.formUnion(e) }
                    prev = nil; continue
                }
                if bytes[i] == UInt8(ascii: "-"), let lo = prev, i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "]") {
                    let hi = bytes[i + 1]
                    if hi >= lo { s.insert(lo...hi) }
                    i += 2; prev = nil; continue
                }
                s.insert(bytes[i]); prev = bytes[i]; i += 1
            }
            if i < bytes.count { i += 1 }   // ]
            return negated ? s.inverted : s
        }
    }

    /// Subjects for the lint made of the pattern's own literal bytes: each repeated, then a byte
    /// the pattern may not expect; a long run of each; and all of them in turn.
    public static func hostileSubjects(_ pattern: String) -> [String] {
        var literals: [UInt8] = []
        var seen = Set<UInt8>()
        var p = Array(pattern.utf8)[...]
        while let c = p.popFirst() {
            var b = c
            if c == UInt8(ascii: "\\"), let e = p.popFirst() {
                guard !(e >= UInt8(ascii: "A") && e <= UInt8(ascii: "Z")) && !(e >= UInt8(ascii: "a") && e <= UInt8(ascii: "z")) && !(e >= UInt8(ascii: "0") && e <= UInt8(ascii: "9")) else {
                    // \d \w \s: a representative byte
                    if e == UInt8(ascii: "d") { b = 0x31 } else if e == UInt8(ascii: "w") { b = 0x61 } else if e == UInt8(ascii: "s") { b = 0x20 } else { continue }
                    if seen.insert(b).inserted { literals.append(b) }
                    continue
                }
                b = e
            } else if "()[]{}|*+?^$.".utf8.contains(c) { continue }
            if b >= UInt8(ascii: " ") && b < 0x7F && seen.insert(b).inserted { literals.append(b) }
        }
        // The run is broken by a byte the pattern may not expect, and every literal follows, so
        // PCRE2's required-byte check does not reject the subject before any backtracking.
        var out: [String] = []
        let all = String(decoding: literals.prefix(24), as: UTF8.self)
        let tail = "\u{1}" + all
        for b in literals.prefix(24) {
            let s = String(decoding: [b], as: UTF8.self)
            out.append(String(repeating: s, count: 28) + tail)
            out.append(String(repeating: s, count: 5_000) + tail)
        }
        if !literals.isEmpty {
            out.append(String(repeating: all, count: 2_000) + tail)
            for b in literals.prefix(24) {   // each literal doubled: (a|ab)-like overlaps
                let s = String(decoding: [b, b], as: UTF8.self)
                out.append(String(repeating: s + all, count: 200) + tail)
            }
        }
        return out
    }
}
