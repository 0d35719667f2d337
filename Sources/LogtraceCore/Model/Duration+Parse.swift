/// Parses durations written in rules and on the command line: `30s`, `10m`, `2h`, `1h30m`, `500ms`, `1d`.
/// At most `max` (100 years): anything longer is out of range, never wrapped around.
public enum DurationParser {
    public static let max: Int64 = 36_500 * 86_400_000_000

    /// Returns microseconds, or nil when the text is not a duration or is out of range.
    public static func parse(_ text: String) -> Int64? {
        if case .value(let v) = check(text) { return v }
        return nil
    }

    public enum Outcome: Equatable { case value(Int64), invalid, outOfRange }

    /// Tells a duration, text that is not one, and a duration longer than `max`.
    public static func check(_ text: String) -> Outcome {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return .invalid }
        var i = 0, total: Int64 = 0
        while i < bytes.count {
            var n: Int64 = 0, digits = 0
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                n = n &* 10 &+ Int64(bytes[i] - 0x30); i += 1; digits += 1
                if digits > 15 { return .outOfRange }
            }
            guard digits > 0, i < bytes.count else { return .invalid }
            var unit: Int64
            switch bytes[i] {
            case UInt8(ascii: "m") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "s"):
                unit = 1000; i += 1
            case UInt8(ascii: "s"): unit = 1_000_000
            case UInt8(ascii: "m"): unit = 60_000_000
            case UInt8(ascii: "h"): unit = 3_600_000_000
            case UInt8(ascii: "d"): unit = 86_400_000_000
            default: return .invalid
            }
            i += 1
            let (part, o1) = n.multipliedReportingOverflow(by: unit)
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o1, !o2, sum <= max else { return .outOfRange }
            total = sum
        }
        return .value(total)
    }
}
