import LogtraceKernels

/// Counts error and warning message templates (numbers, IDs, IPs, names masked to `<*>`) for the
/// report's "unexplained errors". Bounded: at most `capacity` templates are tracked.
public final class TemplateCounter: @unchecked Sendable {
    public struct Entry: Sendable {
        public var template: String
        public var component: String
        public var count: Int
        public var first: Int64
        public var last: Int64
    }
    public private(set) var entries: [String: Entry] = [:]
    public static let capacity = 5_000
    public private(set) var overflow = 0

    public init() {}

    /// The cap, when it was reached: the report's "unexplained errors" then leave out messages.
    public var overflowDiagnostic: Diagnostic? {
        overflow == 0 ? nil : Diagnostic(.warning, kind: .limit,
            "more than \(Self.capacity) distinct error and warning message templates: \(overflow) records of further templates are not in \"unexplained errors\"",
            help: "narrow the input (--since, --only, fewer files)")
    }

    func add(_ r: RecordView) {
        let first = ByteSearch.first(0x0A, in: r.text) ?? r.text.count
        let msg = UnsafeRawBufferPointer(rebasing: r.text[0..<min(first, 400)])
        let t = Self.mask(msg)
        let key = (r.component ?? "?") + "\u{1}" + t
        let time = r.time ?? 0
        if var e = entries[key] {
            e.count += 1; e.first = min(e.first, time); e.last = max(e.last, time)
            entries[key] = e
        } else if entries.count < Self.capacity {
            entries[key] = Entry(template: t, component: r.component ?? "unknown", count: 1, first: time, last: time)
        } else { overflow += 1 }
    }

    func merge(_ o: TemplateCounter) {
        overflow += o.overflow   // what the stream's own counter could not hold stays counted
        for (k, e) in o.entries {
            if var x = entries[k] {
                x.count += e.count; x.first = min(x.first, e.first); x.last = max(x.last, e.last); entries[k] = x
            } else if entries.count < Self.capacity { entries[k] = e } else { overflow += e.count }
        }
    }

    /// Masks variable parts: any token holding a digit, quoted strings (names, values) except a
    /// structured record's leading message.
    static func mask(_ b: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {   // quoted value
                var j = i + 1
                while j < b.count && b[j] != UInt8(ascii: "\"") { if b[j] == UInt8(ascii: "\\") { j += 1 }; j += 1 }
                if i > 0 { out += Array("\"<*>\"".utf8) } else { out += b[0..<min(j + 1, b.count)] }   // keep the message
                i = j + 1
                continue
            }
            if isWord(c) {
                var j = i, hasDigit = false
                while j < b.count && (isWord(b[j]) || b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: ":") || b[j] == UInt8(ascii: "/")) {
                    if b[j] >= UInt8(ascii: "0") && b[j] <= UInt8(ascii: "9") { hasDigit = true }
                    j += 1
                }
                if hasDigit { out += Array("<*>".utf8) } else { out += b[i..<j] }
                i = j
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func isWord(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }
}
