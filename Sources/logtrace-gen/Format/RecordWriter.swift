/// Writes records in one stream's format: the wrapper prefix of every physical line, the klog header
/// `Lmmdd hh:mm:ss.uuuuuu` + pid right-aligned in 7 + ` file.go:line] `, or the head of an etcd JSON record.
final class RecordWriter {
    let wrapper: Wrapper
    let pid: Int
    private var time = TimeFormatter()
    private let journalIdent: UnsafeRawBufferPointer
    private let journalHost: String
    /// Wrapper time of the line being written, in nanoseconds; strictly increasing within a stream.
    private var wrapperNanos: Int64 = 0

    init(wrapper: Wrapper, pid: Int) {
        self.wrapper = wrapper
        self.pid = pid
        if case .journald(let host, let ident, let identPid) = wrapper {
            journalIdent = permanentBytes(" \(host) \(ident)[\(identPid)]: ")
            journalHost = host
        } else {
            journalIdent = permanentBytes("")
            journalHost = ""
        }
    }

    /// Starts a record the process logged at `t`: stamps the wrapper time and writes the first line's prefix.
    @inline(__always)
    func beginRecord(at t: Micros, rng: inout SplitMix64, into out: ByteBuffer) {
        if case .none = wrapper { return }
        let delay = wrapper.delay
        let ns = (t + delay.lowerBound + Int64(rng.below(Int(delay.upperBound - delay.lowerBound + 1)))) * 1000
            + Int64(rng.below(1000))
        wrapperNanos = max(ns, wrapperNanos + 1)
        writePrefix(into: out)
    }

    /// A journald entry of another identifier in the same export (`systemd[1]`); nothing for other wrappers.
    func beginForeignJournalRecord(at t: Micros, ident: String, into out: ByteBuffer) -> Bool {
        guard case .journald = wrapper else { return false }
        wrapperNanos = max(t * 1000, wrapperNanos + 1)
        time.journald(wrapperNanos / 1000, into: out)
        out.append(" \(journalHost) \(ident): ")
        return true
    }

    /// The prefix of a record's next physical line (each one is wrapped on its own).
    @inline(__always)
    func beginContinuation(rng: inout SplitMix64, into out: ByteBuffer) {
        if case .none = wrapper { return }
        wrapperNanos += 1 + Int64(rng.below(4000))
        writePrefix(into: out)
    }

    @inline(__always)
    private func writePrefix(into out: ByteBuffer) {
        switch wrapper {
        case .none:
            return
        case .cri:
            time.rfc3339(nanoseconds: wrapperNanos, trimmed: true, into: out)
            out.append(crioTail)
        case .kubectlTimestamps:
            time.rfc3339(nanoseconds: wrapperNanos, trimmed: false, into: out)
            out.append(32)
        case .journald:
            time.journald(wrapperNanos / 1000, into: out)
            out.append(journalIdent)
        }
    }

    /// `I0312 09:12:00.123456       1 file.go:42] `
    @inline(__always)
    func klogHeader(_ severity: Severity, at t: Micros, source: UnsafeRawBufferPointer, into out: ByteBuffer) {
        out.append(severity.letter)
        time.klog(t, into: out)
        out.append(32)
        out.appendPadded(pid, width: 7, pad: 32)
        out.append(32)
        out.append(source)
        out.append(UInt8(ascii: "]"))
        out.append(32)
    }

    /// `{"level":"warn","ts":"2024-03-12T09:30:01.123456Z","caller":"etcdserver/util.go:166","msg":`
    /// (the message and fields follow, then `}`).
    @inline(__always)
    func jsonHead(_ severity: Severity, at t: Micros, caller: UnsafeRawBufferPointer, milliseconds: Bool = false, into out: ByteBuffer) {
        out.append(levelPrefix)
        out.append(severity.zapLevel)
        out.append(tsPrefix)
        time.etcd(t, milliseconds: milliseconds, into: out)
        out.append(callerPrefix)
        out.append(caller)
        out.append(msgPrefix)
    }
}

private let crioTail = permanentBytes(" stderr F ")
private let levelPrefix = permanentBytes("{\"level\":\"")
private let tsPrefix = permanentBytes("\",\"ts\":\"")
private let callerPrefix = permanentBytes("\",\"caller\":\"")
private let msgPrefix = permanentBytes("\",\"msg\":")
