import Foundation

/// Parses the body of a klog record (klog-formats.md §2.4): a Go-quoted message followed by
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
        let firstEnd = bytes.firstIndex(of: 0x0A) ?? n
        let startsQuoted = n > 0 && b(0) == 0x22
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
            while i < n && b(i) == 0x20 { i += 1 }
            if i >= n { break }
            if b(i) == 0x0A { continuation = restLines(from: i + 1); return }
            let ks = i
            while i < n, b(i) != 0x3D, b(i) != 0x20, b(i) != 0x0A { i += 1 }
            guard i < n, b(i) == 0x3D, i > ks else {
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
            if c == 0x22 {
                if let (v, end) = Self.goUnquote(bytes, i) {
                    fields.append((key, v)); i = end
                    if i < n, b(i) == 0x3A, !message.isEmpty { i += 1 }   // 1.18 httplog `srcIP="...": `
                    continue
                }
                let le = bytes[i...].firstIndex(of: 0x0A) ?? n
                fields.append((key, String(decoding: bytes[i..<le], as: UTF8.self))); i = le
            } else if c == 0x3C && (i + 1 == n || b(i + 1) == 0x0A) {
                // key=< block: TAB-prefixed lines until a line starting with " >"
                var lines: [String] = []
                var k = i + 2
                while k < n {
                    let le = bytes[k...].firstIndex(of: 0x0A) ?? n
                    if le > k && b(k) == 0x09 {
                        lines.append(String(decoding: bytes[(k + 1)..<le], as: UTF8.self)); k = le + 1; continue
                    }
                    if le >= k + 2 && b(k) == 0x20 && b(k + 1) == 0x3E { k += 2; break }
                    break
                }
                fields.append((key, lines.joined(separator: "\n")))
                i = k
            } else if c == 0x7B || c == 0x5B {
                var depth = 0, k = i, inStr = false
                while k < n && b(k) != 0x0A {
                    let ch = b(k)
                    if inStr { if ch == 0x5C { k += 1 } else if ch == 0x22 { inStr = false } }
                    else if ch == 0x22 { inStr = true }
                    else if ch == 0x7B || ch == 0x5B { depth += 1 }
                    else if ch == 0x7D || ch == 0x5D { depth -= 1; if depth == 0 { k += 1; break } }
                    k += 1
                }
                fields.append((key, String(decoding: bytes[i..<min(k, n)], as: UTF8.self))); i = k
            } else {
                let vs = i
                while i < n, b(i) != 0x20, b(i) != 0x0A { i += 1 }
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
            if c == 0x22 { return (String(decoding: out, as: UTF8.self), i + 1) }
            if c == 0x0A { return nil }
            if c == 0x5C && i + 1 < n {
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
                    let len = e == 0x75 ? 4 : 8
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

/// The apiserver request log before structured logging (klog-formats.md §2.6):
/// `GET /api/v1/namespaces/x: (1.2ms) 200 [kube-controller-manager/v1.12 ... 10.0.0.1:4242]`
/// (and the 1.5-era `[[UA] ip:port]`). Fields use the structured names.
public enum LegacyRequestLog {
    static let sourceFiles: Set<String> = ["wrap.go", "httplog.go", "handlers.go", "panics.go"]

    public static func fields(message: String, continuation: [String], sourceFile: String?) -> [(String, String)]? {
        guard let f = sourceFile, sourceFiles.contains(f) else { return nil }
        guard let sp = message.firstIndex(of: " ") else { return nil }
        let verb = String(message[..<sp])
        guard verb.count >= 3, verb.allSatisfy({ $0.isUppercase }) else { return nil }
        let rest = message[message.index(after: sp)...]
        guard let colon = rest.range(of: ": (") else { return nil }
        let uri = String(rest[..<colon.lowerBound])
        let afterLatency = rest[colon.upperBound...]
        guard let close = afterLatency.firstIndex(of: ")") else { return nil }
        let latency = String(afterLatency[..<close])
        let statusPart = afterLatency[afterLatency.index(after: close)...].drop { $0 == " " }
        let status = String(statusPart.prefix(3))
        guard status.count == 3, Int(status) != nil else { return nil }
        var out = [("verb", verb), ("URI", uri), ("latency", latency), ("resp", status)]
        let tailLine = continuation.last(where: { $0.hasSuffix("]") }) ?? message
        if tailLine.hasSuffix("]"), let open = tailLine.range(of: " [", options: .backwards) {
            var inner = tailLine[open.upperBound..<tailLine.index(before: tailLine.endIndex)]
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
}
