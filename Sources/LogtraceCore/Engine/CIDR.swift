/// IPv4/IPv6 CIDR containment for evidence joins (`join_cidr`): is a backend pod IP inside the
/// pod CIDR of a node whose route is missing?
///
/// Addresses are read byte by byte into two words, no Foundation and no array per address: the
/// correlator compares every CIDR of a cause with every IP of an effect (up to 16 x 16) for each
/// candidate link, and `tail` re-examines links as hits come. `CIDRTests` holds this reading to
/// the simple reference (split on `.`, `::` and `:`) over generated strings.
enum CIDR {
    /// An IPv4 address (in the low 32 bits of `lo`) or an IPv6 address (`hi`, `lo`).
    struct Address: Equatable {
        var hi: UInt64
        var lo: UInt64
        var v6: Bool
        var bits: Int { v6 ? 128 : 32 }
    }

    /// A network: its address and prefix length.
    struct Network: Equatable {
        var address: Address
        var prefix: Int
    }

    /// True or false when both parse (same family), nil when either is not an address.
    static func contains(_ cidr: String, _ ip: String) -> Bool? {
        guard let n = network(cidr), let a = address(ip) else { return nil }
        return contains(n, a)
    }

    /// True or false for the same family, nil otherwise.
    @inline(__always)
    static func contains(_ n: Network, _ a: Address) -> Bool? {
        guard n.address.v6 == a.v6 else { return nil }
        if !a.v6 {
            let p = n.prefix
            if p == 0 { return true }
            let mask = UInt64(0xFFFF_FFFF) << UInt64(32 - p) & 0xFFFF_FFFF
            return n.address.lo & mask == a.lo & mask
        }
        let p = n.prefix
        func mask(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : bits >= 64 ? ~0 : ~(UInt64.max >> UInt64(bits)) }
        let mh = mask(p), ml = mask(p - 64)
        return n.address.hi & mh == a.hi & mh && n.address.lo & ml == a.lo & ml
    }

    /// `address/prefix`, the prefix no longer than the address (0...32 or 0...128).
    static func network(_ s: String) -> Network? {
        var s = s
        return s.withUTF8 { b -> Network? in
            guard let slash = b.firstIndex(of: UInt8(ascii: "/")) else { return nil }
            let rest = UnsafeBufferPointer(rebasing: b[(slash + 1)...])
            guard !rest.isEmpty else { return nil }
            var prefix = 0
            for c in rest {
                guard c >= 48 && c <= 57 else { return nil }
                prefix = min(prefix * 10 + Int(c - 48), 1000)   // saturates: any prefix past 128 is refused
            }
            guard let a = parse(UnsafeBufferPointer(rebasing: b[..<slash])), prefix <= a.bits else { return nil }
            return Network(address: a, prefix: prefix)
        }
    }

    /// An IPv4 (dotted quad) or IPv6 (with at most one `::`) address; nil for anything else
    /// (zones, embedded IPv4, signs, more than 3 or 4 digits to a part).
    static func address(_ s: String) -> Address? {
        var s = s
        return s.withUTF8 { parse($0) }
    }

    private static func hex(_ c: UInt8) -> UInt64? {
        switch c {
        case 48...57: return UInt64(c - 48)
        case 97...102: return UInt64(c - 87)
        case 65...70: return UInt64(c - 55)
        default: return nil
        }
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Address? {
        if b.contains(UInt8(ascii: ":")) { return parse6(b) }
        var value: UInt64 = 0, part: UInt64 = 0, digits = 0, parts = 0
        for c in b {
            if c == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                parts += 1; part = 0; digits = 0
            } else if c >= 48 && c <= 57 {
                digits += 1
                guard digits <= 3 else { return nil }
                part = part * 10 + UInt64(c - 48)
                guard part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return Address(hi: 0, lo: value << 8 | part, v6: false)
    }

    private static func parse6(_ b: UnsafeBufferPointer<UInt8>) -> Address? {
        // Groups before and after the `::` (if any), at most 8 in all.
        var head: [UInt64] = [], tail: [UInt64] = []
        head.reserveCapacity(8)
        var gap = false
        var i = 0
        let n = b.count
        // Reads groups separated by single colons from i until the end or a `::`.
        func groups(_ out: inout [UInt64]) -> Bool {
            if i == n { return true }
            while true {
                var v: UInt64 = 0, d = 0
                while i < n, let h = hex(b[i]) {
                    d += 1
                    guard d <= 4 else { return false }
                    v = v << 4 | h
                    i += 1
                }
                guard d > 0, out.count < 8 else { return false }
                out.append(v)
                if i == n { return true }
                guard b[i] == UInt8(ascii: ":") else { return false }
                if i + 1 < n && b[i + 1] == UInt8(ascii: ":") { return true }   // a `::` follows
                i += 1
                guard i < n else { return false }   // a trailing single colon
            }
        }
        if n >= 2 && b[0] == UInt8(ascii: ":") && b[1] == UInt8(ascii: ":") {
            gap = true; i = 2
        } else {
            guard groups(&head) else { return nil }
            if i < n { gap = true; i += 2 }   // groups stopped at a `::`
        }
        if gap {
            guard groups(&tail), i == n else { return nil }
        }
        let count = head.count + tail.count
        guard gap ? count <= 8 : count == 8 else { return nil }
        var all = head
        if gap { all += repeatElement(0, count: 8 - count); all += tail }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for k in 0..<4 { hi = hi << 16 | all[k] }
        for k in 4..<8 { lo = lo << 16 | all[k] }
        return Address(hi: hi, lo: lo, v6: true)
    }
}

extension String {
    /// The string without a leading `prefix` (for `_` attribute names shown to readers).
    func trimmingPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
