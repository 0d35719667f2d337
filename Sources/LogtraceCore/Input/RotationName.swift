import Foundation

/// Understands rotated log file names, so that `x.log`, `x.log.1`, `x.log.2.gz`,
/// `x.log-20240117.gz`, `x.log-20240117-1705485600.gz`, CRI `0.log.20240117-101010.gz` and
/// kube-log-runner's `x-20240117-101010.log` group together and sort oldest to newest.
public struct RotationName: Equatable {
    /// The name with `.gz` and rotation suffixes removed (the group key within a directory).
    public var base: String
    /// `.N` index (higher is older).
    public var index: Int?
    /// Date of a dated suffix.
    public var date: (year: Int, month: Int, day: Int)?
    /// Sort key within the dated scheme: yyyymmddhhmmss or an epoch.
    public var stamp: Int64 = 0

    public static func == (a: RotationName, b: RotationName) -> Bool {
        a.base == b.base && a.index == b.index && a.stamp == b.stamp
    }

    public static func parse(_ name: String) -> RotationName {
        var s = name
        if s.hasSuffix(".gz") { s.removeLast(3) }
        var out = RotationName(base: s)
        // x.log.1
        if let dot = s.lastIndex(of: "."), let n = Int(s[s.index(after: dot)...]), n < 100_000, !s[s.index(after: dot)...].isEmpty {
            out.base = String(s[..<dot]); out.index = n
            return out
        }
        // x.log.20240117-101010 (kubelet) or x.log-20240117[-1705485600] (logrotate dateext)
        for sep in [".", "-"] {
            guard let r = s.range(of: sep, options: .backwards) else { continue }
            var tail = String(s[r.upperBound...])
            var head = String(s[..<r.lowerBound])
            // x.log-20240117-1705485600: the epoch follows the date
            if sep == "-", tail.count >= 9, tail.allSatisfy(\.isNumber), let r2 = head.range(of: "-", options: .backwards),
               let d = dateOf(String(head[r2.upperBound...])) {
                out.base = String(head[..<r2.lowerBound]); out.date = d; out.stamp = Int64(tail) ?? 0
                return out
            }
            if sep == ".", tail.count == 15, let dash = tail.firstIndex(of: "-"), let d = dateOf(String(tail[..<dash])) {
                out.base = head; out.date = d
                out.stamp = Int64(tail.replacingOccurrences(of: "-", with: "")) ?? 0
                return out
            }
            if let d = dateOf(tail), sep == "-" {
                out.base = head; out.date = d; out.stamp = Int64(tail)! * 1_000_000
                return out
            }
            _ = head; _ = tail
            head = ""; tail = ""
        }
        // kube-log-runner: kube-apiserver-20240117-101010.log
        if s.hasSuffix(".log") {
            let stem = s.dropLast(4)
            let parts = stem.split(separator: "-")
            if parts.count >= 3, let d = dateOf(String(parts[parts.count - 2])), parts.last!.count == 6, Int(parts.last!) != nil {
                out.base = parts.dropLast(2).joined(separator: "-") + ".log"
                out.date = d
                out.stamp = Int64(String(parts[parts.count - 2]) + String(parts.last!)) ?? 0
            }
        }
        return out
    }

    /// Sort key: dated members by date, numbered members by descending index, the live file last.
    public var age: (Int, Int64) {
        if date != nil { return (0, stamp) }
        if let index { return (1, Int64(-index)) }
        return (2, 0)
    }

    static func dateOf(_ s: String) -> (year: Int, month: Int, day: Int)? {
        guard s.count == 8, let v = Int(s) else { return nil }
        let y = v / 10000, m = v / 100 % 100, d = v % 100
        guard y >= 1990, y < 2200, (1...12).contains(m), (1...31).contains(d) else { return nil }
        return (y, m, d)
    }
}
