import LogtraceCore

/// `--redact`: replaces what identifies a cluster or grants access with consistent pseudonyms
/// (`ip-1`, `host-2`, `token-1`, ...) in every output format, paths included. Applied after
/// correlation, so keys still matched on the real values.
///
/// Kinds, in the order they are applied: PEM private keys; secrets after a key such as
/// `client-key-data:`, `token=`, `password:`; `Authorization: Bearer|Basic` credentials; JWTs;
/// URL credentials (`user:pass@`, a password holding `/` or `@`, `:pw@`, a token as the user);
/// cloud access keys; account, project, subscription and request ids; the input's node names and
/// EC2-style host names; VPC, route-table and instance ids; IPv6 (compressed forms, zones and
/// brackets too) and IPv4 addresses. The same value always gets the same pseudonym; `prime`
/// numbers them in a fixed order so text, JSON and markdown agree.
public final class Redactor: @unchecked Sendable {
    struct Pattern {
        var kind: String
        var regex: PCRE2Regex
        var accept: ((String) -> Bool)?
    }

    private let patterns: [Pattern]
    private var names: [String: String] = [:]
    private var counters: [String: Int] = [:]
    private let lock = Lock()

    public init(hostnames: [String] = []) {
        var list: [(String, String, ((String) -> Bool)?)] = [
            ("key", #"-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----|[\s\S]*)"#, nil),
            ("secret", #"(?i)\b(?:client-key-data|client-certificate-data|token|id-token|refresh-token|access[-_]?token|password|passwd|secret|client[-_]?secret|api[-_]?key|access[-_]?key[-_]?secret)["']?\s*[:=]\s*["']?\K[^\s"',;&]{4,}"#, nil),
            ("token", #"(?i)\b(?:bearer|basic)\s+\K[A-Za-z0-9._~+/=-]{6,}"#, nil),
            ("token", #"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"#, nil),
            // user:password@host, the password may hold '/' or '@' (the authority ends after the last '@').
            ("cred", #"(?i)\b[a-z][a-z0-9+.-]*://\K[^\s"'<>/@:]*:[^\s"'<>]*?(?=@[A-Za-z0-9.\-\[\]:%]+(?:[/?#\s"'<>,;)\]]|$))"#, nil),
            // a token as the user: https://TOKEN@host
            ("token", #"(?i)\b[a-z][a-z0-9+.-]*://\K[^\s"'<>/@:]{6,}(?=@[A-Za-z0-9.\-\[\]:%]+(?:[/?#\s"'<>,;)\]]|$))"#, nil),
            ("key", #"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"#, nil),
            ("key", #"\bLTAI[A-Za-z0-9]{12,20}\b"#, nil),
            ("account", #"arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{12}:[^\s"',]+"#, nil),
            ("account", #"(?i)\b(?:account|owner)(?:[ _-]?id)?["']?\s*[:=]?\s*["']?\K\d{12}\b"#, nil),
            ("account", #"\bacs:[a-z]+:[a-z0-9-]*:\K\d{10,20}\b"#, nil),
            ("project", #"\bprojects/\K[a-z][a-z0-9-]{4,28}[a-z0-9]\b"#, nil),
            ("project", #"(?i)\bsubscriptions/\K[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"#, nil),
            ("request", #"(?i)\b(?:request[-_ ]?id|x-request-id|audit-id|trace[-_]?id)["']?\s*[:=]\s*["']?\K[A-Za-z0-9][A-Za-z0-9-]{7,}"#, nil),
        ]
        // Node names, longest first so a name never leaves half of a longer one.
        for h in hostnames.sorted(by: { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }) where h.count >= 3 {
            list.append(("host", "(?<![A-Za-z0-9])" + Self.escape(h) + "(?![A-Za-z0-9])", nil))
        }
        list += [
            ("host", #"\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?:\.[a-z0-9-]+)*\.(?:internal|compute\.internal)\b|\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\b"#, nil),
            ("vpc", #"\bvpc-[a-z0-9]{6,}\b"#, nil),
            ("vtb", #"\bvtb-[a-z0-9]{6,}\b"#, nil),
            ("instance", #"\bi-[a-z0-9]{8,}\b"#, nil),
            // IPv6 candidates (hex groups and colons, an optional dotted-quad tail and zone), kept
            // only when they read as an address: not clock times or MACs.
            ("ip", #"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?:%[A-Za-z0-9_.-]+)?(?![0-9A-Za-z:])"#, Self.isIPv6),
            ("ip", #"(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9])"#, nil),
        ]
        patterns = list.compactMap { k, p, accept in (try? PCRE2Regex(p)).map { Pattern(kind: k, regex: $0, accept: accept) } }
    }

    /// Whether a candidate is an IPv6 address: one `::` at most, eight groups without it, fewer
    /// with it; `::` alone is not taken (it is too common as punctuation).
    static func isIPv6(_ s: String) -> Bool {
        var addr = Substring(s)
        if let pct = addr.firstIndex(of: "%") { addr = addr[..<pct] }
        guard addr != "::", addr.contains(":") else { return false }
        let doubles = addr.components(separatedBy: "::").count - 1
        guard doubles <= 1 else { return false }
        var groups = addr.split(separator: ":", omittingEmptySubsequences: true)
        var extra = 0
        if let last = groups.last, last.contains(".") { groups.removeLast(); extra = 2 }
        guard groups.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return false }
        let n = groups.count + extra
        return doubles == 1 ? n <= 7 : n == 8
    }

    static func escape(_ s: String) -> String {
        var o = ""
        for c in s { if "\\^$.|?*+()[]{}/-".contains(c) { o += "\\" }; o.append(c) }
        return o
    }

    /// Replaces every sensitive value; the same value always gets the same pseudonym.
    public func redact(_ s: String) -> String {
        lock.withLock {
            var bytes = Array(s.utf8)
            for p in patterns {
                var out: [UInt8] = []
                var pos = 0, copied = 0
                var changed = false
                while pos <= bytes.count {
                    let r: Range<Int>? = bytes.withUnsafeBytes { p.regex.range(in: $0, from: pos) }
                    guard let m = r else { break }
                    if m.isEmpty { pos = m.upperBound + 1; continue }
                    let original = String(decoding: bytes[m], as: UTF8.self)
                    if let accept = p.accept, !accept(original) { pos = m.lowerBound + 1; continue }
                    out += bytes[copied..<m.lowerBound]
                    out += Array(pseudonym(p.kind, original).utf8)
                    pos = m.upperBound
                    copied = m.upperBound
                    changed = true
                }
                if changed { out += bytes[min(copied, bytes.count)...]; bytes = out }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Numbers the pseudonyms in one fixed walk over the result (inputs, then each finding's
    /// steps, evidence and text), so every output format of one run names a value alike.
    public func prime(_ r: AnalysisResult) {
        for i in r.inputs { _ = redact(i.path); if let n = i.node { _ = redact(n) } }
        for f in r.findings {
            _ = redact(f.title)
            for step in f.chain {
                for (_, v) in step.keys { _ = redact(v) }
                for e in step.evidence { _ = redact(e.path); _ = redact(e.text) }
            }
            if let e = f.resolvedBy { _ = redact(e.path); _ = redact(e.text) }
            _ = redact(f.rootCauseSummary)
            for x in f.remediation { _ = redact(x) }
        }
        for d in r.diagnostics { if let p = d.path { _ = redact(p) }; _ = redact(d.message) }
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
