/// Makes text from logs safe for a terminal: control and escape sequences are replaced so a log
/// line can never move the cursor, change colours or set the window title.
public enum TerminalText {
    public static func sanitize(_ s: String) -> String {
        var needs = false
        for u in s.unicodeScalars where isControl(u) { needs = true; break }
        if !needs { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u == "\t" || u == "\n" { out.append(" ") } else if isControl(u) { out.append("\u{FFFD}") } else { out.append(u) }
        }
        return String(out)
    }

    @inline(__always)
    static func isControl(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0)
    }
}
