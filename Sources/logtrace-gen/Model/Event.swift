/// One scripted record of an incident or a sample's baseline, placed in a named stream.
struct Event {
    enum Body {
        /// A klog text record: `Lmmdd hh:mm:ss.uuuuuu pid file:line] message`.
        case klog(Severity, source: String, message: String)
        /// An etcd (zap) JSON record; `fields` is pre-rendered `,"key":value…`.
        case json(Severity, caller: String, message: String, fields: String)
        /// A journald entry from another identifier in the same export (`systemd[1]: Started …`).
        case journal(ident: String, text: String)
        /// The container restarted: later records go to the next `<n>.log`.
        case restart
    }

    var time: Micros
    var stream: String
    var body: Body
    var continuation: [String] = []
    /// Insertion order, to keep records with equal times in the order the script wrote them.
    var sequence = 0
}

/// Collects events from incident and baseline scripts.
final class Script {
    private(set) var events: [Event] = []
    var rng: SplitMix64

    init(seed: UInt64, name: String) { rng = SplitMix64(seed: seed, stream: name) }

    func add(_ event: Event) {
        var e = event
        e.sequence = events.count
        events.append(e)
    }

    func klog(_ t: Micros, _ stream: String, _ severity: Character, _ source: String, _ message: String, continuation: [String] = []) {
        add(Event(time: t, stream: stream, body: .klog(Severity(letter: severity)!, source: source, message: message), continuation: continuation))
    }

    func json(_ t: Micros, _ stream: String, _ severity: Character, _ caller: String, _ message: String, _ fields: String = "") {
        add(Event(time: t, stream: stream, body: .json(Severity(letter: severity)!, caller: caller, message: message, fields: fields)))
    }

    func journal(_ t: Micros, _ stream: String, ident: String, _ text: String) {
        add(Event(time: t, stream: stream, body: .journal(ident: ident, text: text)))
    }

    func restart(_ t: Micros, _ stream: String) {
        add(Event(time: t, stream: stream, body: .restart))
    }

    /// Drops the events `drop` selects (the others keep their order); returns how many it dropped.
    func removeEvents(where drop: (Event) -> Bool) -> Int {
        let before = events.count
        events.removeAll(where: drop)
        return before - events.count
    }

    /// Events grouped by stream, each group in time order (ties keep script order).
    func byStream() -> [String: [Event]] {
        var groups: [String: [Event]] = [:]
        for e in events { groups[e.stream, default: []].append(e) }
        for key in groups.keys {
            groups[key]!.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
        }
        return groups
    }

    // MARK: Randomness helpers for scripts

    func uuid() -> String { randomUUID(&rng, uppercase: false) }
    func requestID() -> String { randomUUID(&rng, uppercase: true) }
    func jitter(_ maxMicros: Int) -> Micros { Micros(rng.below(maxMicros + 1)) }
    func latency(_ loMs: Double, _ hiMs: Double) -> String { goDuration(Int64(rng.logUniform(loMs * 1e6, hiMs * 1e6))) }
    func port() -> Int { 32_768 + rng.below(28_232) }
    func suffix(_ n: Int = 5) -> String { String(decoding: (0..<n).map { _ in randomNameAlphabet[rng.below(27)] }, as: UTF8.self) }
}

/// Stream identifiers: `component@host`, e.g. `kube-apiserver@master-1`.
func streamID(_ component: Component, _ host: String) -> String { "\(component.rawValue)@\(host)" }

func randomUUID(_ rng: inout SplitMix64, uppercase: Bool) -> String {
    let a = rng.next()
    let b = rng.next()
    let buffer = ByteBuffer(capacity: 40)
    buffer.appendHex(a >> 32, digits: 8, uppercase: uppercase)
    buffer.append(UInt8(ascii: "-"))
    buffer.appendHex(a >> 16, digits: 4, uppercase: uppercase)
    buffer.append(UInt8(ascii: "-"))
    buffer.appendHex(0x4000 | (a & 0x0FFF), digits: 4, uppercase: uppercase)
    buffer.append(UInt8(ascii: "-"))
    buffer.appendHex(0x8000 | (b >> 48 & 0x3FFF), digits: 4, uppercase: uppercase)
    buffer.append(UInt8(ascii: "-"))
    buffer.appendHex(b, digits: 12, uppercase: uppercase)
    return buffer.text
}
