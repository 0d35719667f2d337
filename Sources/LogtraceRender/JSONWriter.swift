import LogtraceKernels
import LogtraceCore

/// A minimal deterministic JSON writer: keys come out in the order written, strings escaped per
/// RFC 8259 (control characters as \u00XX), so the same input gives the same bytes.
public struct JSONWriter {
    public private(set) var out = ""
    private var needComma: [Bool] = [false]
    public init() {}

    /// `s` as a JSON string, escaped by `JSONBytes.escape` (the same bytes `logtrace parse`'s
    /// fast writer gives): `"`, `\`, control characters, DEL, the C1 controls and U+2028/U+2029.
    public static func quote(_ s: String) -> String {
        var s = s
        return s.withUTF8 { u in
            String(unsafeUninitializedCapacity: u.count * 6 + 2) { buf in
                var o = buf.baseAddress!
                JSONBytes.string(&o, u)
                return o - buf.baseAddress!
            }
        }
    }

    private mutating func comma() {
        if needComma[needComma.count - 1] { out += "," }
        needComma[needComma.count - 1] = true
    }

    public mutating func key(_ k: String) { comma(); out += Self.quote(k) + ":"; needComma[needComma.count - 1] = false; pendingKey = true }
    private var pendingKey = false

    private mutating func valuePrefix() {
        if pendingKey { pendingKey = false; needComma[needComma.count - 1] = true } else { comma() }
    }

    public mutating func beginObject() { valuePrefix(); out += "{"; needComma.append(false) }
    public mutating func endObject() { needComma.removeLast(); out += "}" }
    public mutating func beginArray() { valuePrefix(); out += "["; needComma.append(false) }
    public mutating func endArray() { needComma.removeLast(); out += "]" }
    public mutating func string(_ s: String) { valuePrefix(); out += Self.quote(s) }
    public mutating func number(_ n: Int) { valuePrefix(); out += String(n) }
    public mutating func number(_ d: Double) { valuePrefix(); out += String(format2(d)) }
    public mutating func bool(_ b: Bool) { valuePrefix(); out += b ? "true" : "false" }
    public mutating func null() { valuePrefix(); out += "null" }

    public mutating func field(_ k: String, _ s: String?) { if let s { key(k); string(s) } }
    public mutating func field(_ k: String, _ n: Int?) { if let n { key(k); number(n) } }

    private func format2(_ d: Double) -> String {
        let scaled = (d * 100).rounded() / 100
        var s = String(scaled)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}
