import Foundation
import LogtraceKernels

/// Parses the body of a klog record (docs/formats.md §2.4): a Go-quoted message followed by
/// `key=value` pairs (quoted, bare, JSON, or `key=<` multi-line blocks), or an unstructured
/// message. Lines after the first that no block consumed are the record's continuation.
/// Never fails: what does not fit the grammar stays in the message or the continuation.
public struct StructuredBody {
    public var message: String
    public var fields: [(String, String)] = []
    public var continuation: [String] = []
    public var structured = false

    public init(text: UnsafeRawBufferPointer) {
        let bytes = text
        let n = bytes.count
        var i = 0
        message = ""
        @inline(__always) func b(_ k: Int) -> UInt8 { bytes[k] }
        func restLines(from k: Int) -> [String] {
            guard k < n else { return [] }
            return bytes[k...].split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        let firstEnd = ByteSearch.first(0x0A, in: bytes) ?? n
        let startsQuoted = n > 0 && b(0) == UInt8(ascii: "\"")
        let startsVerb = n > 5 && bytes.starts(with: Array("verb=".utf8))
        guard startsQuoted || startsVerb else {
            message = String(decoding: bytes[0..<firstEnd], as: UTF8.self)
            continuation = restLines(from: firstEnd + 1)
            return
        }
        if startsQuoted {
            guard let (msg, end) = Self.goUnquote(bytes, 0) else {
                message = String(decoding: bytes[0..<firstEnd], as: UTF8.self)
                continuation = restLines(from: firstEnd + 1)
                return
            }
            message = msg
            i = end
        } else {
            message = "HTTP"
        }
        structured = true
        while i < n {
            while i < n && b(i) == UInt8(ascii: " ") { i += 1 }
            if i >= n { break }
            if b(i) == UInt8(ascii: "\n") { continuation = restLines(from: i + 1); return }
            let ks = i
            while i < n, b(i) != UInt8(ascii: "="), b(i) != UInt8(ascii: " "), b(i) != UInt8(ascii: "\n") { i += 1 }
            guard i < n, b(i) == UInt8(ascii: "="), i > ks else {
                // not a pair: keep the rest of the line with the message
                let le = bytes[ks...].firstIndex(of: 0x0A) ?? n
                message += " " + String(decoding: bytes[ks..<le], as: UTF8.self)
                continuation = restLines(from: le + 1)
                return
            }
            var key = String(decoding: bytes[ks..<i], as: UTF8.self)
            if key == "UserAgent" { key = "userAgent" }
            i += 1
            if i >= n { fields.append((key, "")); break }
            let c = b(i)
            if c == UInt8(ascii: "\"") {
                if let (v, end) = Self.goUnquote(bytes, i) {
                    fields.append((key, v)); i = end
                    if i < n, b(i) == UInt8(ascii: ":"), !message.isEmpty { i += 1 }   // 1.18 httplog `srcIP="...": `
                    continue
                }
                let le = bytes[i...].firstIndex(of: 0x0A) ?? n
                fields.append((key, String(decoding: bytes[i..<le], as: UTF8.self))); i = le
            } else if c == UInt8(ascii: "<") && (i + 1 == n || b(i + 1) == UInt8(ascii: "\n")) {
                // key=< block: TAB-prefixed lines until a line starting with " >"
                var lines: [String] = []
                var k = i + 2
                while k < n {
                    let le = bytes[k...].firstIndex(of: 0x0A) ?? n
                    if le > k && b(k) == UInt8(ascii: "\t") {
                        lines.append(String(decoding: bytes[(k + 1)..<le], as: UTF8.self)); k = le + 1; continue
                    }
                    if le >= k + 2 && b(k) == UInt8(ascii: " ") && b(k + 1) == UInt8(ascii: ">") { k += 2; break }
                    break
                }
                fields.append((key, lines.joined(separator: "\n")))
                i = k
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                var depth = 0, k = i, inStr = false
                while k < n && b(k) != UInt8(ascii: "\n") {
                    let ch = b(k)
                    if inStr { if ch == UInt8(ascii: "\\") { k += 1 } else if ch == UInt8(ascii: "\"") { inStr = false } }
                    else if ch == UInt8(ascii: "\"") { inStr = true }
                    else if ch == UInt8(ascii: "{") || ch == UInt8(ascii: "[") { depth += 1 }
                    else if ch == UInt8(ascii: "}") || ch == UInt8(ascii: "]") { depth -= 1; if depth == 0 { k += 1; break } }
                    k += 1
                }
                fields.append((key, String(decoding: bytes[i..<min(k, n)], as: UTF8.self))); i = k
            } else {
                let vs = i
                while i < n, b(i) != UInt8(ascii: " "), b(i) != UInt8(ascii: "\n") { i += 1 }
                fields.append((key, String(decoding: bytes[vs..<i], as: UTF8.self)))
            }
        }
    }

    /// Reads a Go-quoted string at `start` (which holds `"`); returns the value and the index after it.
    static func goUnquote(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> (String, Int)? {
        var out: [UInt8] = []
        var i = start + 1
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return (String(decoding: out, as: UTF8.self), i + 1) }
            if c == UInt8(ascii: "\n") { return nil }
            if c == UInt8(ascii: "\\") && i + 1 < n {
                let e = bytes[i + 1]
                i += 2
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x22, 0x5C, 0x27: out.append(e)
                case 0x78 where i + 2 <= n:
                    if let v = UInt8(String(decoding: bytes[i..<(i + 2)], as: UTF8.self), radix: 16) { out.append(v) }
                    i += 2
                case 0x75 where i + 4 <= n, 0x55 where i + 8 <= n:
                    let len = e == UInt8(ascii: "u") ? 4 : 8
                    if let v = UInt32(String(decoding: bytes[i..<(i + len)], as: UTF8.self), radix: 16), let s = Unicode.Scalar(v) {
                        out.append(contentsOf: Array(String(Character(s)).utf8))
                    }
                    i += len
                default: out.append(0x5C); out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        return nil
    }
}

/// The apiserver request log before structured logging (docs/formats.md §2.6):
/// `GET /api/v1/namespaces/x: (1.2ms) 200 [kube-controller-manager/v1.12 ... 10.0.0.1:4242]`
/// (and the 1.5-era `[[UA] ip:port]`). Fields use the structured names.
public enum LegacyRequestLog {
    static let sourceFiles: Set<String> = ["wrap.go", "httplog.go", "handlers.go", "panics.go"]

    /// The fields of a 1.12–1.17 request-log line, `GET /api/v1/...: (12.8ms) 200 [UA ip:port]`,
    /// parsed on the UTF-8 bytes (the request log is the bulk of a busy apiserver's lines).
    /// A message or continuation with a non-ASCII byte other than `µ`, where bytes and Characters
    /// can differ, takes `fieldsByCharacter`; the tests hold both to a Character-level reference. The `[UA ip:port]`
    /// is found by its balanced brackets (a user agent may hold brackets) after trailing blanks.
    public static func fields(message: String, continuation: [String], sourceFile: String?) -> [(String, String)]? {
        guard let f = sourceFile, sourceFiles.contains(f) else { return nil }
        var message = message
        let parsed: ByteFields?? = message.withUTF8 { m in
            guard splitsLikeCharacters(m) else { return nil }
            return .some(parseHead(m))
        }
        guard let head = parsed else { return fieldsByCharacter(message: message, continuation: continuation) }
        guard let head else { return nil }
        var out = [("verb", head.verb), ("URI", head.uri), ("latency", head.latency), ("resp", head.status)]
        var tail = message
        for i in continuation.indices.reversed() {
            var c = continuation[i]
            let verdict: Bool? = c.withUTF8 { splitsLikeCharacters($0) ? $0[..<trimmedEnd($0)].last == UInt8(ascii: "]") : nil }
            guard let endsInBracket = verdict else { return fieldsByCharacter(message: message, continuation: continuation) }
            if endsInBracket { tail = c; break }
        }
        tail.withUTF8 { t in
            let end = trimmedEnd(t)
            guard end > 0, t[end - 1] == UInt8(ascii: "]"), let bracket = openingBracket(t, end) else { return }
            var lo = bracket + 1, hi = end - 1   // inner = t[lo..<hi]
            var lastSpace = hi - 1
            while lastSpace >= lo && t[lastSpace] != UInt8(ascii: " ") { lastSpace -= 1 }
            guard lastSpace >= lo else { return }
            let ip = String(decoding: UnsafeBufferPointer(rebasing: t[(lastSpace + 1)..<hi]), as: UTF8.self)
            hi = lastSpace
            if hi - lo >= 2 && t[lo] == UInt8(ascii: "[") && t[hi - 1] == UInt8(ascii: "]") { lo += 1; hi -= 1 }
            out.append(("userAgent", String(decoding: UnsafeBufferPointer(rebasing: t[lo..<hi]), as: UTF8.self)))
            out.append(("srcIP", ip))
        }
        return out
    }

    struct ByteFields { var verb: String, uri: String, latency: String, status: String }

    /// ASCII, or ASCII with U+00B5 MICRO SIGN (`C2 B5`): Go writes sub-millisecond latencies as
    /// `(819.349µs)`, so most request-log lines of a busy apiserver hold it. `µ` is a letter that
    /// joins no neighbour into one Character, so bytes and Characters split such a text alike;
    /// any other non-ASCII byte (a combining mark could join a delimiter) takes the Character path.
    @inline(__always) static func splitsLikeCharacters(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let x = b[i]
            if x < 0x80 { i += 1; continue }
            guard x == 0xC2 && i + 1 < n && b[i + 1] == 0xB5 else { return false }
            i += 2
        }
        return true
    }

    /// The end of the line without trailing spaces, tabs and CRs (a paste's damage, a CRLF file).
    @inline(__always) static func trimmedEnd(_ t: UnsafeBufferPointer<UInt8>) -> Int {
        var e = t.count
        while e > 0 && (t[e - 1] == UInt8(ascii: " ") || t[e - 1] == UInt8(ascii: "\t") || t[e - 1] == UInt8(ascii: "\r")) { e -= 1 }
        return e
    }

    /// The `[` that opens the `[UA ip:port]` ending at `end - 1`, preceded by a space: the one
    /// that balances the final `]`, so a user agent may itself hold brackets (e2e.test puts the
    /// test name, `[sig-storage] ...`, in it). When the brackets do not balance, the last ` [`.
    static func openingBracket(_ t: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int? {
        var depth = 0, k = end - 1
        while k >= 0 {
            if t[k] == UInt8(ascii: "]") { depth += 1 } else if t[k] == UInt8(ascii: "[") {
                depth -= 1
                if depth == 0 { if k >= 1 && t[k - 1] == UInt8(ascii: " ") { return k }; break }
            }
            k -= 1
        }
        var open = end - 2
        while open >= 0 && !(t[open] == UInt8(ascii: " ") && t[open + 1] == UInt8(ascii: "[")) { open -= 1 }
        return open >= 0 ? open + 1 : nil
    }

    /// Verb, URI, latency and status of an ASCII message; nil when it is not a request-log line.
    static func parseHead(_ m: UnsafeBufferPointer<UInt8>) -> ByteFields? {
        let n = m.count
        var sp = 0
        while sp < n && m[sp] != UInt8(ascii: " ") { sp += 1 }
        guard sp < n, sp >= 3 else { return nil }
        for k in 0..<sp where !(m[k] >= UInt8(ascii: "A") && m[k] <= UInt8(ascii: "Z")) { return nil }
        // The first ": (" after the verb.
        var c = sp + 1
        while c + 2 < n && !(m[c] == UInt8(ascii: ":") && m[c + 1] == UInt8(ascii: " ") && m[c + 2] == UInt8(ascii: "(")) { c += 1 }
        guard c + 2 < n else { return nil }
        var close = c + 3
        while close < n && m[close] != UInt8(ascii: ")") { close += 1 }
        guard close < n else { return nil }
        var st = close + 1
        while st < n && m[st] == UInt8(ascii: " ") { st += 1 }
        guard st + 3 <= n else { return nil }
        // Int() of three characters: three digits, or a sign and two digits.
        @inline(__always) func digit(_ x: UInt8) -> Bool { x >= UInt8(ascii: "0") && x <= UInt8(ascii: "9") }
        guard (digit(m[st]) || m[st] == UInt8(ascii: "+") || m[st] == UInt8(ascii: "-")) && digit(m[st + 1]) && digit(m[st + 2]) else { return nil }
        func s(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: m[a..<b]), as: UTF8.self) }
        return ByteFields(verb: s(0, sp), uri: s(sp + 1, c), latency: s(c + 3, close), status: s(st, st + 3))
    }

    /// The same fields on Characters (for messages with non-ASCII text), without Foundation.
    static func fieldsByCharacter(message: String, continuation: [String]) -> [(String, String)]? {
        guard let sp = message.firstIndex(of: " ") else { return nil }
        let verb = String(message[..<sp])
        guard verb.count >= 3, verb.allSatisfy({ $0.isUppercase }) else { return nil }
        let rest = message[message.index(after: sp)...]
        guard let colon = firstRange(of: [":", " ", "("], in: rest) else { return nil }
        let uri = String(rest[..<colon.lowerBound])
        let afterLatency = rest[colon.upperBound...]
        guard let close = afterLatency.firstIndex(of: ")") else { return nil }
        let latency = String(afterLatency[..<close])
        let statusPart = afterLatency[afterLatency.index(after: close)...].drop { $0 == " " }
        let status = String(statusPart.prefix(3))
        guard status.count == 3, Int(status) != nil else { return nil }
        var out = [("verb", verb), ("URI", uri), ("latency", latency), ("resp", status)]
        let tailLine = continuation.last(where: { trimmed($0).hasSuffix("]") }).map(trimmed) ?? trimmed(message)
        if tailLine.hasSuffix("]"), let open = openingBracket(in: tailLine) {
            var inner = tailLine[open..<tailLine.index(before: tailLine.endIndex)]
            if let lastSpace = inner.lastIndex(of: " ") {
                let ip = String(inner[inner.index(after: lastSpace)...])
                inner = inner[..<lastSpace]
                if inner.hasPrefix("[") && inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
                out.append(("userAgent", String(inner)))
                out.append(("srcIP", ip))
            }
        }
        return out
    }

    private static func firstRange(of needle: [Character], in s: Substring) -> Range<String.Index>? {
        var i = s.startIndex
        while i < s.endIndex {
            if s[i...].starts(with: needle) { return i..<s.index(i, offsetBy: needle.count) }
            i = s.index(after: i)
        }
        return nil
    }

    private static func trimmed(_ s: String) -> Substring {
        var e = s.endIndex
        while e > s.startIndex, [" ", "\t", "\r"].contains(s[s.index(before: e)]) { e = s.index(before: e) }
        return s[..<e]
    }

    /// The index after the `[` that opens the final `[...]` (see the byte version).
    private static func openingBracket(in s: Substring) -> String.Index? {
        var depth = 0, k = s.endIndex
        while k > s.startIndex {
            k = s.index(before: k)
            if s[k] == "]" { depth += 1 } else if s[k] == "[" {
                depth -= 1
                if depth == 0 {
                    if k > s.startIndex && s[s.index(before: k)] == " " { return s.index(after: k) }
                    break
                }
            }
        }
        return lastRange(of: [" ", "["], in: s)?.upperBound
    }

    private static func lastRange(of needle: [Character], in s: Substring) -> Range<String.Index>? {
        var i = s.endIndex
        while i > s.startIndex {
            i = s.index(before: i)
            if s[i...].starts(with: needle) { return i..<s.index(i, offsetBy: needle.count) }
        }
        return nil
    }
}
