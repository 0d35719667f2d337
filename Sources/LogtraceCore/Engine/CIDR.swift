/// IPv4/IPv6 CIDR containment for evidence joins (`join_cidr`): is a backend pod IP inside the
/// pod CIDR of a node whose route is missing?
enum CIDR {
    /// True or false when both parse (same family), nil when either is not an address.
    static func contains(_ cidr: String, _ ip: String) -> Bool? {
        let parts = cidr.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let bits = Int(parts[1]), let net = address(String(parts[0])), let a = address(ip),
              net.count == a.count, bits >= 0, bits <= net.count * 8 else { return nil }
        var left = bits
        for i in 0..<net.count {
            guard left > 0 else { break }
            let take = min(8, left)
            let mask: UInt8 = take == 8 ? 0xFF : ~UInt8(0xFF >> take)
            if net[i] & mask != a[i] & mask { return false }
            left -= take
        }
        return true
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address.
    static func address(_ s: String) -> [UInt8]? {
        if s.contains(":") {
            var out: [UInt8] = []
            let halves = s.components(separatedBy: "::")
            guard halves.count <= 2 else { return nil }
            func groups(_ h: String) -> [UInt16]? {
                if h.isEmpty { return [] }
                var g: [UInt16] = []
                for p in h.split(separator: ":", omittingEmptySubsequences: false) {
                    guard let v = UInt16(p, radix: 16), p.count <= 4 else { return nil }
                    g.append(v)
                }
                return g
            }
            guard let a = groups(halves[0]), let b = halves.count == 2 ? groups(halves[1]) : [] else { return nil }
            let fill = halves.count == 2 ? 8 - a.count - b.count : 0
            guard fill >= 0, a.count + b.count + fill == 8 else { return nil }
            for g in a + Array(repeating: 0, count: fill) + b { out.append(UInt8(g >> 8)); out.append(UInt8(g & 0xFF)) }
            return out
        }
        let p = s.split(separator: ".", omittingEmptySubsequences: false)
        guard p.count == 4 else { return nil }
        var out: [UInt8] = []
        for x in p { guard x.count <= 3, let v = UInt8(x) else { return nil }; out.append(v) }
        return out
    }
}

extension String {
    /// The string without a leading `prefix` (for `_` attribute names shown to readers).
    func trimmingPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
