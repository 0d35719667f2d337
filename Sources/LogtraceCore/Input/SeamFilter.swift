/// The first sink of a stream's chain (driver → wrapper → assembler → **seam filter** → tally →
/// consumer): drops the records a copytruncate rotation repeats. Near the end of a member that
/// another member follows it remembers its last records (hashes of their bytes); the first
/// `SeamWindow.records` records of the next member that repeat one of them are dropped and counted.
/// While a seam is watched or checked it takes no lite records: it needs every record's bytes.
final class SeamFilter<Next: RecordSink>: RecordSink {
    let next: Next
    private var tails: [Int: [UInt64]] = [:]   // input index -> hashes of its last records
    private var seamIndex: Int?
    private var seamHashes: Set<UInt64>?
    private var checksLeft = 0
    /// Records of the member being read dropped as repeats of the one before.
    private(set) var duplicates = 0
    private lazy var nextAcceptsLite = next.acceptsLite

    init(_ next: Next) { self.next = next }

    /// Member `index` of the group begins after another one: check its first records.
    func beginMember(_ index: Int) {
        seamIndex = index
        seamHashes = nil
        checksLeft = SeamWindow.records
        duplicates = 0
    }

    /// Whether the last records of member `index` are being remembered.
    func watchesTail(_ index: Int) -> Bool { tails[index] != nil }

    /// Start remembering the records of member `index`: it ends soon and another member follows.
    func watchTail(_ index: Int) { tails[index] = [] }

    @inline(__always)
    static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for c in b { h = (h ^ UInt64(c)) &* 0x100000001b3 }
        return h
    }

    func consume(_ record: RecordView) {
        if !tails.isEmpty && tails[record.inputIndex] != nil {
            tails[record.inputIndex]!.append(Self.hash(record.bytes))
            if tails[record.inputIndex]!.count > SeamWindow.records * 2 { tails[record.inputIndex]!.removeFirst(SeamWindow.records) }
        } else if checksLeft > 0 && record.inputIndex == seamIndex {
            checksLeft -= 1
            if seamHashes == nil {
                // The previous member's last record was handed out before this one: its tail is complete.
                seamHashes = Set(tails[record.inputIndex - 1] ?? [])
                tails[record.inputIndex - 1] = nil
            }
            if seamHashes!.contains(Self.hash(record.bytes)) {
                duplicates += 1
                return
            }
        }
        next.consume(record)
    }

    var acceptsLite: Bool { nextAcceptsLite && tails.isEmpty && checksLeft == 0 }

    @inline(__always)
    func consumeLite(inputIndex: Int, time: Int64, pid: Int, component: Name?, line: Int) {
        next.consumeLite(inputIndex: inputIndex, time: time, pid: pid, component: component, line: line)
    }

    @inline(__always)
    func consumeLiteJSON(inputIndex: Int, time: Int64, component: Name?, line: Int) {
        next.consumeLiteJSON(inputIndex: inputIndex, time: time, component: component, line: line)
    }
}

/// How far a copytruncate seam is looked for.
enum SeamWindow {
    /// Records checked at the start of a member (and kept from the end of the one before).
    static let records = 512
    /// A member's last records are remembered from this many bytes before its end.
    static let tailBytes = 2 << 20
}
