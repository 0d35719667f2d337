/// Writes the time stamps of every format logtrace-gen produces. The calendar fields are computed
/// once per second and reused, so a stamp costs a few digit stores.
struct TimeFormatter {
    private var cachedSecond: Int64 = .min
    private var civil = CivilTime(year: 1970, month: 1, day: 1)

    private mutating func load(_ second: Int64) {
        if second != cachedSecond {
            cachedSecond = second
            civil = CivilTime(second * microsPerSecond)
        }
    }

    /// klog: `mmdd hh:mm:ss.uuuuuu` (the severity letter comes before it).
    mutating func klog(_ t: Micros, into out: ByteBuffer) {
        load(t / microsPerSecond)
        out.appendZeroPadded(civil.month, digits: 2)
        out.appendZeroPadded(civil.day, digits: 2)
        out.append(32)
        clock(into: out)
        out.append(UInt8(ascii: "."))
        out.appendZeroPadded(Int(t % microsPerSecond), digits: 6)
    }

    /// RFC 3339 with nanoseconds in UTC. `trimmed`: containerd's `time.RFC3339Nano` (trailing zeros of the
    /// fraction dropped, no fraction at all when it is zero); otherwise kubelet's fixed 9 digits (`kubectl logs --timestamps`).
    mutating func rfc3339(nanoseconds ns: Int64, trimmed: Bool, into out: ByteBuffer) {
        load(ns / 1_000_000_000)
        date(into: out)
        out.append(UInt8(ascii: "T"))
        clock(into: out)
        var fraction = Int(ns % 1_000_000_000)
        if trimmed {
            if fraction > 0 {
                var width = 9
                while fraction % 10 == 0 {
                    fraction /= 10
                    width -= 1
                }
                out.append(UInt8(ascii: "."))
                out.appendZeroPadded(fraction, digits: width)
            }
        } else {
            out.append(UInt8(ascii: "."))
            out.appendZeroPadded(fraction, digits: 9)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// etcd's zap encoder: `2024-03-12T09:30:01.123456Z`.
    /// etcd 3.5: `2024-03-12T09:30:01.123456Z`; etcd 3.4 (`milliseconds`): `2024-03-12T09:30:01.123Z`.
    mutating func etcd(_ t: Micros, milliseconds: Bool = false, into out: ByteBuffer) {
        load(t / microsPerSecond)
        date(into: out)
        out.append(UInt8(ascii: "T"))
        clock(into: out)
        out.append(UInt8(ascii: "."))
        if milliseconds { out.appendZeroPadded(Int(t % microsPerSecond) / 1000, digits: 3) }
        else { out.appendZeroPadded(Int(t % microsPerSecond), digits: 6) }
        out.append(UInt8(ascii: "Z"))
    }

    /// `journalctl` short format: `Mar 12 09:12:00` (zero-padded day).
    mutating func journald(_ t: Micros, into out: ByteBuffer) {
        load(t / microsPerSecond)
        out.append(CivilTime.monthAbbreviations[civil.month - 1])
        out.append(32)
        out.appendZeroPadded(civil.day, digits: 2)
        out.append(32)
        clock(into: out)
    }

    /// utiltrace start stamp: `12-Mar-2024 09:45:11.012`.
    mutating func trace(_ t: Micros, into out: ByteBuffer) {
        load(t / microsPerSecond)
        out.appendZeroPadded(civil.day, digits: 2)
        out.append(UInt8(ascii: "-"))
        out.append(CivilTime.monthAbbreviations[civil.month - 1])
        out.append(UInt8(ascii: "-"))
        out.appendDecimal(civil.year)
        out.append(32)
        clock(into: out)
        out.append(UInt8(ascii: "."))
        out.appendZeroPadded(Int(t % microsPerSecond) / 1000, digits: 3)
    }

    /// `hh:mm:ss.mmm`, the step stamps inside a utiltrace.
    mutating func traceClock(_ t: Micros, into out: ByteBuffer) {
        load(t / microsPerSecond)
        clock(into: out)
        out.append(UInt8(ascii: "."))
        out.appendZeroPadded(Int(t % microsPerSecond) / 1000, digits: 3)
    }

    private func date(into out: ByteBuffer) {
        out.appendZeroPadded(civil.year, digits: 4)
        out.append(UInt8(ascii: "-"))
        out.appendZeroPadded(civil.month, digits: 2)
        out.append(UInt8(ascii: "-"))
        out.appendZeroPadded(civil.day, digits: 2)
    }

    private func clock(into out: ByteBuffer) {
        out.appendZeroPadded(civil.hour, digits: 2)
        out.append(UInt8(ascii: ":"))
        out.appendZeroPadded(civil.minute, digits: 2)
        out.append(UInt8(ascii: ":"))
        out.appendZeroPadded(civil.second, digits: 2)
    }
}

/// The four lines klog writes at the top of a file it creates (`--log-file`, Kubernetes ≤ 1.25).
/// They are the only place a bare klog file carries its year.
func klogFileHeader(createdAt t: Micros, machine: String) -> String {
    let c = CivilTime(t)
    return """
        Log file created at: \(c.year)/\(pad2(c.month))/\(pad2(c.day)) \(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))
        Running on machine: \(machine)
        Binary: Built with gc go1.19.13 for linux/amd64
        Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg

        """
}

/// The banner `journalctl` prints before the entries (systemd ≤ 245 wording); it carries the year.
func journalBanner(from start: Micros, to end: Micros) -> String {
    func stamp(_ t: Micros) -> String {
        let c = CivilTime(t)
        return "\(CivilTime.weekdayAbbreviations[c.weekday]) \(c.year)-\(pad2(c.month))-\(pad2(c.day)) "
            + "\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second)) UTC"
    }
    return "-- Logs begin at \(stamp(start)), end at \(stamp(end)). --\n"
}
