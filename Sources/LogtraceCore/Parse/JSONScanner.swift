import LogtraceKernels

/// A small byte-level scanner for one flat JSON object per line (docker json-file wrappers,
/// component-base JSON logs, etcd's zap JSON). Nested objects and arrays are kept as raw text.
/// Duplicate keys are reported in order; callers let the last one win.
public struct JSONScanner {
    public enum Value {
        case string([UInt8])
        case number(Range<Int>)
        case literal(Range<Int>)      // true, false, null
        case raw(Range<Int>)          // nested object or array
    }

    /// Calls `body(key, value)` for each top-level pair. Returns false when the text is not a
    /// well-formed flat JSON object (the caller then treats the line as text).
    public static func scan(_ p: UnsafeRawPointer, _ n: Int, _ body: ([UInt8], Value) -> Void) -> Bool {
        var i = 0
        @inline(__always) func b(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        func skipWS() { while i < n, b(i) == UInt8(ascii: " ") || b(i) == UInt8(ascii: "\t") || b(i) == UInt8(ascii: "\r") || b(i) == UInt8(ascii: "\n") { i += 1 } }
        skipWS()
        guard i < n, b(i) == UInt8(ascii: "{") else { return false }
        i += 1
        skipWS()
        if i < n && b(i) == UInt8(ascii: "}") { return true }
        while i < n {
            skipWS()
            guard i < n, b(i) == UInt8(ascii: "\""), let key = readString(p, n, &i) else { return false }
            skipWS()
            guard i < n, b(i) == UInt8(ascii: ":") else { return false }
            i += 1
            skipWS()
            guard i < n else { return false }
            let c = b(i)
            if c == UInt8(ascii: "\"") {
                guard let s = readString(p, n, &i) else { return false }
                body(key, .string(s))
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                let start = i
                guard skipNested(p, n, &i) else { return false }
                body(key, .raw(start..<i))
            } else {
                let start = i
                while i < n, b(i) != UInt8(ascii: ","), b(i) != UInt8(ascii: "}"), b(i) != UInt8(ascii: " ") { i += 1 }
                guard i > start else { return false }
                let isNum = (b(start) >= UInt8(ascii: "0") && b(start) <= UInt8(ascii: "9")) || b(start) == UInt8(ascii: "-")
                body(key, isNum ? .number(start..<i) : .literal(start..<i))
            }
            skipWS()
            guard i < n else { return false }
            if b(i) == UInt8(ascii: ",") { i += 1; continue }
            if b(i) == UInt8(ascii: "}") { return true }
            return false
        }
        return false
    }

    /// Reads a JSON string starting at the opening quote; decodes escapes to UTF-8 bytes.
    static func readString(_ p: UnsafeRawPointer, _ n: Int, _ i: inout Int) -> [UInt8]? {
        @inline(__always) func b(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        i += 1
        // Most strings have no escape: the closing quote is the first `"` and no `\` comes
        // before it, so the bytes are copied once (memchr for both). `readStringByByte` is the
        // general loop and the reference (JSONLazyTests).
        if i <= n, let q = ByteSearch.first(UInt8(ascii: "\""), in: UnsafeRawBufferPointer(start: p + i, count: n - i)),
           ByteSearch.first(UInt8(ascii: "\\"), in: UnsafeRawBufferPointer(start: p + i, count: q)) == nil {
            let out = [UInt8](UnsafeRawBufferPointer(start: p + i, count: q))
            i += q + 1
            return out
        }
        return readStringByByte(p, n, &i)
    }

    /// `readString` after the opening quote, one byte at a time: escapes decoded.
    static func readStringByByte(_ p: UnsafeRawPointer, _ n: Int, _ i: inout Int) -> [UInt8]? {
        @inline(__always) func b(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        var out: [UInt8] = []
        var runStart = i
        while i < n {
            let c = b(i)
            if c == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeRawBufferPointer(start: p + runStart, count: i - runStart))
                i += 1
                return out
            }
            if c == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeRawBufferPointer(start: p + runStart, count: i - runStart))
                guard i + 1 < n else { return nil }
                let e = b(i + 1)
                i += 2
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    guard i + 4 <= n, var cp = hex4(p, i) else { return nil }
                    i += 4
                    if cp >= 0xD800 && cp < 0xDC00, i + 6 <= n, b(i) == UInt8(ascii: "\\"), b(i + 1) == UInt8(ascii: "u"), let lo = hex4(p, i + 2),
                       lo >= 0xDC00 && lo < 0xE000 {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                        i += 6
                    }
                    appendUTF8(&out, Unicode.Scalar(cp) ?? "\u{FFFD}")
                default: out.append(e)
                }
                runStart = i
                continue
            }
            i += 1
        }
        return nil
    }

    static func hex4(_ p: UnsafeRawPointer, _ i: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = p.load(fromByteOffset: i + k, as: UInt8.self)
            let h: UInt32
            switch c {
            case 0x30...0x39: h = UInt32(c - 0x30)
            case 0x41...0x46: h = UInt32(c - 0x37)
            case 0x61...0x66: h = UInt32(c - 0x57)
            default: return nil
            }
            v = v << 4 | h
        }
        return v
    }

    static func appendUTF8(_ out: inout [UInt8], _ s: Unicode.Scalar) {
        out.append(contentsOf: Array(String(Character(s)).utf8))
    }

    static func skipNested(_ p: UnsafeRawPointer, _ n: Int, _ i: inout Int) -> Bool {
        var depth = 0
        var inString = false
        while i < n {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") { inString = true } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { i += 1; return true }
            }
            i += 1
        }
        return false
    }
}
