/// Parses durations written in rules and on the command line: `30s`, `10m`, `2h`, `1h30m`, `500ms`, `1d`.
public enum DurationParser {
    /// Returns microseconds, or nil when the text is not a duration.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var i = 0, total: Int64 = 0
        while i < bytes.count {
            var n: Int64 = 0, digits = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                n = n &* 10 &+ Int64(bytes[i] - 0x30); i += 1; digits += 1
                if digits > 12 { return nil }
            }
            guard digits > 0, i < bytes.count else { return nil }
            var unit: Int64
            switch bytes[i] {
            case UInt8(ascii: "m") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "s"):
                unit = 1000; i += 1
            case UInt8(ascii: "s"): unit = 1_000_000
            case UInt8(ascii: "m"): unit = 60_000_000
            case UInt8(ascii: "h"): unit = 3_600_000_000
            case UInt8(ascii: "d"): unit = 86_400_000_000
            default: return nil
            }
            i += 1
            total += n * unit
        }
        return total
    }
}
