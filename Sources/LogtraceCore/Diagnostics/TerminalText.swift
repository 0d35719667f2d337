/// Makes text from logs safe for a terminal: C0 and C1 control characters (ESC, so every escape
/// sequence, BEL, backspace, carriage return, ...) and the Unicode bidi controls that reorder what
/// is shown (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C) are replaced, as are the line
/// and paragraph separators U+2028/U+2029, so a log line can never move the cursor, change
/// colours, set the window title or make text read differently from what it is.
public enum TerminalText {
    public static func sanitize(_ s: String) -> String {
        var needs = false
        for u in s.unicodeScalars where isUnsafe(u) { needs = true; break }
        if !needs { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u == "\t" || u == "\n" { out.append(" ") } else if isUnsafe(u) { out.append("\u{FFFD}") } else { out.append(u) }
        }
        return String(out)
    }

    @inline(__always)
    static func isControl(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < UInt8(ascii: " ") || v == 0x7F || (v >= 0x80 && v < 0xA0)
    }

    /// Controls, bidi overrides, isolates and marks, and line/paragraph separators.
    @inline(__always)
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < UInt8(ascii: " ") || v == 0x7F || (v >= 0x80 && v < 0xA0) { return true }
        if v < 0x61C { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
            || v == 0x2028 || v == 0x2029
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
