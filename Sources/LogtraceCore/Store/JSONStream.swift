/// A JSON value as ClickHouse's JSON formats print it (numbers kept as their text).
public indirect enum JSONValue: Equatable, Sendable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public var string: String? {
        switch self {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
    public var int: Int? { string.flatMap { Int($0) } }
    public var int64: Int64? { string.flatMap { Int64($0) } }
    public var strings: [String] {
        if case .array(let a) = self { return a.compactMap(\.string) }
        return []
    }
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o.last { $0.0 == key }?.1 }
        return nil
    }
}

/// A pull parser over a byte stream: values are read one at a time, so a result of millions of
/// rows is walked with one row in memory. Malformed input throws with the text around it
/// (ClickHouse appends an exception to a body it already started).
public final class JSONStream {
    private let source: ByteSource
    private var buf: [UInt8]
    private var pos = 0, end = 0
    private var eof = false
    /// Strings longer than this are an error (a runaway value must not grow memory unbounded).
    public var maxString = 16 << 20

    public init(_ source: ByteSource, bufferSize: Int = 256 << 10) {
        self.source = source
        buf = [UInt8](repeating: 0, count: max(64, bufferSize))
    }

    @inline(__always) private func peekByte() throws -> UInt8? {
        if pos < end { return buf[pos] }
        guard try refill() else { return nil }
        return buf[pos]
    }

    private func refill() throws -> Bool {
        if eof { return false }
        pos = 0
        end = try buf.withUnsafeMutableBytes { try source.read(into: $0) }
        if end <= 0 { end = 0; eof = true; return false }
        return true
    }

    @inline(__always) private func next() throws -> UInt8 {
        guard let b = try peekByte() else { throw error("unexpected end of the answer") }
        pos += 1
        return b
    }

    func error(_ what: String) -> StoreError {
        var tail = Array(buf[max(0, pos - 40)..<end])
        while tail.count < 600, let more = try? refill(), more { tail += buf[0..<end] }
        let text = String(decoding: tail.prefix(600), as: UTF8.self)
        if let r = text.range(of: "Code: ") { return StoreError("server error: " + ClickHouseClient.firstLine(String(text[r.lowerBound...]))) }
        return StoreError("malformed JSON from the server (\(what)) near: \(text.prefix(80))")
    }

    public func skipSpace() throws {
        while let b = try peekByte(), b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t") { pos += 1 }
    }

    /// The next non-space byte without consuming it (nil at the end).
    public func peek() throws -> UInt8? { try skipSpace(); return try peekByte() }

    public func expect(_ c: UInt8) throws {
        try skipSpace()
        let b = try next()
        guard b == c else { pos -= 1; throw error("expected '\(Character(Unicode.Scalar(c)))'") }
    }

    /// After an element of an array or object: true when another follows (consumes the comma),
    /// false at the closing bracket (consumed).
    public func more(closing: UInt8) throws -> Bool {
        try skipSpace()
        let b = try next()
        if b == UInt8(ascii: ",") { return true }
        if b == closing { return false }
        pos -= 1
        throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
    }

    /// Whether an array or object just opened is empty (consumes the closing bracket if so).
    public func isEmpty(closing: UInt8) throws -> Bool {
        if try peek() == closing { pos += 1; return true }
        return false
    }

    public func string() throws -> String {
        try expect(0x22)
        var out: [UInt8] = []
        while true {
            // Copy runs of plain bytes at once.
            var i = pos
            while i < end && buf[i] != UInt8(ascii: "\"") && buf[i] != UInt8(ascii: "\\") { i += 1 }
            out += buf[pos..<i]
            pos = i
            if out.count > maxString { throw StoreError("a value in the answer is longer than \(maxString) bytes") }
            if pos == end { guard try refill() else { throw error("unterminated string") }; continue }
            let c = try next()
            if c == UInt8(ascii: "\"") { break }
            let e = try next()
            switch e {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x30: out.append(0x00)
            case 0x75:
                var v = try hex4()
                if v >= 0xD800 && v < 0xDC00 {
                    if try peekByte() == UInt8(ascii: "\\") {
                        pos += 1
                        guard try next() == UInt8(ascii: "u") else { throw error("bad surrogate escape") }
                        let lo = try hex4()
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo &- 0xDC00)
                    }
                }
                let s = Unicode.Scalar(v) ?? "\u{FFFD}"
                out += Array(String(Character(s)).utf8)
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = try next()
            guard let d = UInt8(ascii: "0") <= c && c <= UInt8(ascii: "9") ? c - 48 : (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f") ? (c | 0x20) - 87 : nil else {
                throw error("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    public func value() throws -> JSONValue {
        guard let b = try peek() else { throw error("unexpected end of the answer") }
        switch b {
        case 0x22: return .string(try string())
        case 0x5B:
            pos += 1
            var items: [JSONValue] = []
            if try isEmpty(closing: 0x5D) { return .array(items) }
            repeat { items.append(try value()) } while try more(closing: 0x5D)
            return .array(items)
        case 0x7B:
            pos += 1
            var items: [(String, JSONValue)] = []
            if try isEmpty(closing: 0x7D) { return .object(items) }
            repeat {
                let k = try string()
                try expect(0x3A)
                items.append((k, try value()))
            } while try more(closing: 0x7D)
            return .object(items)
        default:
            var word: [UInt8] = []
            while let c = try peekByte(), c != UInt8(ascii: ","), c != UInt8(ascii: "]"), c != UInt8(ascii: "}"), c != UInt8(ascii: " "), c != UInt8(ascii: "\n"), c != UInt8(ascii: "\r"), c != UInt8(ascii: "\t") {
                word.append(c); pos += 1
                if word.count > 64 { throw error("bad literal") }
            }
            let w = String(decoding: word, as: UTF8.self)
            switch w {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                guard !w.isEmpty, w.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else {
                    throw error("unexpected '\(w.prefix(20))'")
                }
                return .number(w)
            }
        }
    }

    /// Parses one whole JSON document from a byte array (tests, small answers).
    public static func parse(_ text: String) throws -> JSONValue {
        let s = JSONStream(MemorySource(text), bufferSize: text.utf8.count + 1)
        return try s.value()
    }
}
