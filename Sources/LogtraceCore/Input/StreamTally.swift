/// The second sink of a stream's chain (driver → wrapper → assembler → seam filter → **tally** →
/// consumer): counts each member's records (records, unparsed lines, first and last time, records
/// in the time window and per day, pids and restarts, components) into its `InputStats`, then
/// hands the record on, unless `--only` leaves its component out.
///
/// Lite records (bare klog records no literal hit) are counted the same way; the consumer hears
/// only the last one before each full record and at the end (`RecordSink.consumeLite`).
final class StreamTally: RecordSink {
    private let sink: RecordSink
    private let group: InputGroup
    var stats: [InputStats]
    private let windowSince: Int64, windowUntil: Int64
    private let onlyNames: Set<Name>?
    /// Klog records (full and lite) of the whole group so far.
    private(set) var klogRecords = 0
    /// The pid of the last klog record; a new one in the same stream is a restart.
    var lastPid: Int?
    /// The component of the last record, cleared when a member begins.
    var lastComponent: Name?
    /// Records fed from a Kubernetes object document are not unparsed lines.
    var readingDocument = false
    /// A restart was seen (a new pid, a new container log file): the consumer learns its time
    /// from the next record that has one.
    var restartPending = false

    init(group: InputGroup, options: ReadOptions, sink: RecordSink) {
        self.sink = sink
        self.group = group
        self.stats = group.files.map {
            var s = InputStats(path: $0.displayPath, component: group.component, node: group.node)
            s.walkedFrom = $0.walkedFrom
            return s
        }
        (windowSince, windowUntil) = options.window
        onlyNames = options.only.map { Set($0.map { Name($0) }) }
    }

    func consume(_ record: RecordView) {
        let i = record.inputIndex - group.firstIndex
        if record.kind == .klog { noteKlog(pid: record.pid, i) }
        noteRecord(i, time: record.time, raw: record.kind == .raw && !readingDocument, line: record.line)
        if let n = record.componentName, n != lastComponent { noteComponent(n, i) }
        forwardLite()
        if restartPending, let t = record.time { restartPending = false; sink.restarted(component: record.componentName, time: t) }
        if let only = onlyNames {
            guard let n = record.componentName, only.contains(n) else { return }
        }
        sink.consume(record)
    }

    var acceptsLite: Bool { sinkAcceptsLite }
    /// Whether the consumer takes lite records (asked once).
    private(set) lazy var sinkAcceptsLite = sink.acceptsLite

    @inline(__always)
    func consumeLite(inputIndex: Int, time: Int64, pid: Int, component: Name?, line: Int) {
        let i = inputIndex - group.firstIndex
        noteKlog(pid: pid, i)
        if restartPending { forwardLite(); restartPending = false; sink.restarted(component: component, time: time) }
        noteRecord(i, time: time, raw: false, line: line)
        if let n = component, n != lastComponent { noteComponent(n, i) }
        lastLite = (inputIndex, time, pid, component, line)
    }

    /// A JSON record no literal hit: counted as `consume` counts one (no pid, not unparsed); the
    /// consumer hears of it like of a lite klog record, unless `--only` leaves its component out.
    @inline(__always)
    func consumeLiteJSON(inputIndex: Int, time: Int64, component: Name?, line: Int) {
        let i = inputIndex - group.firstIndex
        if restartPending { forwardLite(); restartPending = false; sink.restarted(component: component, time: time) }
        noteRecord(i, time: time, raw: false, line: line)
        if let n = component, n != lastComponent { noteComponent(n, i) }
        if let only = onlyNames {
            guard let n = component, only.contains(n) else { return }
        }
        lastLite = (inputIndex, time, 0, component, line)
    }

    /// The last lite record, told to the consumer only before its next full record (and at the end):
    /// a consumer keeps nothing of lite records but the latest (see `RecordSink.consumeLite`).
    private var lastLite: (input: Int, time: Int64, pid: Int, component: Name?, line: Int)?

    @inline(__always)
    private func forwardLite() {
        guard let l = lastLite else { return }
        lastLite = nil
        sink.consumeLite(inputIndex: l.input, time: l.time, pid: l.pid, component: l.component, line: l.line)
    }

    /// The components the records counted so far named, and their earliest and latest time
    /// (`tail` reads them when it builds a finding instead of hearing of every record).
    var soFar: (components: Set<String>, first: Int64?, last: Int64?) {
        var names = Set<String>()
        var first = tally.first, last = tally.last
        for s in stats {
            names.formUnion(s.components)
            if let f = s.first, f < first { first = f }
            if let l = s.last, l > last { last = l }
        }
        return (names, first == .max ? nil : first, last == .min ? nil : last)
    }

    /// End of the stream: the last lite record goes on and the counts are final.
    func finish() {
        forwardLite()
        commit()
    }

    @inline(__always)
    private func noteKlog(pid: Int?, _ i: Int) {
        klogRecords += 1
        if let p = pid, p != lastPid {
            if lastPid != nil { stats[i].restarts += 1; restartPending = true }
            if stats[i].firstPid == nil { stats[i].firstPid = p }
            stats[i].lastPid = p
            lastPid = p
        }
    }

    @inline(__always)
    private func noteRecord(_ i: Int, time: Int64?, raw: Bool, line: Int) {
        if i != tally.index { commit(); tally = Tally(index: i) }
        tally.records += 1
        if raw { tally.unparsed += 1 }
        if let t = time {
            if t < tally.first { tally.first = t }
            if t > tally.last { tally.last = t }
            if t >= windowSince && t <= windowUntil { tally.inWindow += 1 }
            // Records per day: one compare while the day stays the same.
            if t >= tally.dayStart && t < tally.dayStart &+ Timestamp.microsPerDay {
                tally.day.records += 1
                if t < tally.day.first { tally.day.first = t }
                if t > tally.day.last { tally.day.last = t }
            } else {
                newDay(t, line: line)
            }
        }
    }

    private func newDay(_ t: Int64, line: Int) {
        if tally.day.records > 0 { stats[tally.index].note(day: tally.dayStart / Timestamp.microsPerDay, tally.day) }
        var d = t / Timestamp.microsPerDay
        if t < 0 && t % Timestamp.microsPerDay != 0 { d -= 1 }
        tally.dayStart = d * Timestamp.microsPerDay
        tally.day = InputStats.DayTally(records: 1, firstLine: line, first: t, last: t)
    }

    private func noteComponent(_ n: Name, _ i: Int) {
        lastComponent = n
        let c = n.string
        if stats[i].components.insert(c).inserted && stats[i].component == nil && group.component == nil {
            stats[i].component = ComponentNames.known.contains(c) ? c : stats[i].component
        }
    }

    /// Per-record counts of the file being read, kept in scalars and added to `stats` when the
    /// records move on to another file (no array-of-struct update per record).
    private struct Tally {
        var index = -1
        var records = 0, unparsed = 0, inWindow = 0
        var first = Int64.max, last = Int64.min
        var dayStart = Int64.max
        var day = InputStats.DayTally()
    }
    private var tally = Tally()

    /// Adds the counts kept in scalars to `stats` (when a member ends, and at the end).
    func commit() {
        guard tally.index >= 0 else { return }
        stats[tally.index].records += tally.records
        stats[tally.index].unparsed += tally.unparsed
        stats[tally.index].inWindow += tally.inWindow
        if tally.first != Int64.max { stats[tally.index].note(time: tally.first); stats[tally.index].note(time: tally.last) }
        if tally.day.records > 0 { stats[tally.index].note(day: tally.dayStart / Timestamp.microsPerDay, tally.day) }
        tally = Tally()
    }
}
