/// `--redact`: replaces IPs, bearer tokens, basic-auth credentials in URLs, cloud access keys,
/// account/VPC/instance IDs and hostnames with consistent pseudonyms (`ip-1`, `vpc-1`, ...), in
/// every output format. Applied after correlation, so keys still matched on the real values.
public final class Redactor: @unchecked Sendable {
    private let patterns: [(kind: String, regex: PCRE2Regex, keepPrefix: Int)]
    private var names: [String: String] = [:]
    private var counters: [String: Int] = [:]
    private let lock = Lock()

    public init(hostnames: [String] = []) {
        var list: [(String, String, Int)] = [
            ("token", #"(?i)bearer\s+[A-Za-z0-9._~+/=-]{8,}"#, 0),
            ("cred", #"(?<=://)[^/\s:@"']+:[^/\s@"']+(?=@)"#, 0),
            ("key", #"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"#, 0),
            ("key", #"\bLTAI[A-Za-z0-9]{12,20}\b"#, 0),
            ("account", #"arn:aws:[a-z0-9-]*:[a-z0-9-]*:\d{12}:[^\s"',]+"#, 0),
            ("vpc", #"\bvpc-[a-z0-9]{6,}\b"#, 0),
            ("vtb", #"\bvtb-[a-z0-9]{6,}\b"#, 0),
            ("instance", #"\bi-[a-z0-9]{8,}\b"#, 0),
            ("ip", #"\b(?:\d{1,3}\.){3}\d{1,3}\b"#, 0),
            ("ip", #"\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\b"#, 0),
        ]
        for h in hostnames where h.count >= 3 {
            list.append(("host", "\\b" + Self.escape(h) + "\\b", 0))
        }
        patterns = list.compactMap { k, p, keep in (try? PCRE2Regex(p)).map { (k, $0, keep) } }
    }

    static func escape(_ s: String) -> String {
        var o = ""
        for c in s { if "\\^$.|?*+()[]{}".contains(c) { o += "\\" }; o.append(c) }
        return o
    }

    /// Replaces every sensitive value; the same value always gets the same pseudonym.
    public func redact(_ s: String) -> String {
        lock.withLock {
            var text = s
            for (kind, re, _) in patterns {
                var bytes = Array(text.utf8)
                var out: [UInt8] = []
                var pos = 0
                var changed = false
                while pos <= bytes.count {
                    let r: Range<Int>? = bytes.withUnsafeBytes { re.range(in: $0, from: pos) }
                    guard let m = r, !m.isEmpty else { break }
                    out += bytes[pos..<m.lowerBound]
                    let original = String(decoding: bytes[m], as: UTF8.self)
                    out += Array(pseudonym(kind, original).utf8)
                    pos = m.upperBound
                    changed = true
                }
                if changed { out += bytes[min(pos, bytes.count)...]; bytes = out; text = String(decoding: bytes, as: UTF8.self) }
            }
            return text
        }
    }

    private func pseudonym(_ kind: String, _ original: String) -> String {
        if let n = names[original] { return n }
        let c = (counters[kind] ?? 0) + 1
        counters[kind] = c
        let name = kind == "cred" ? "redacted-\(c):redacted" : "\(kind)-\(c)"
        names[original] = name
        return name
    }
}
