/// One kind of background line a component prints: severity, `file.go:line` (or etcd's caller),
/// the message template, optional continuation lines, and how often it appears relative to its peers.
struct MessageSpec {
    let severity: Severity
    let source: String
    let text: String
    var weight: Double = 1
    var continuation: [String] = []
    /// Only the bulk corpus draws it at random: cadenced traffic (lease renewals, probes) that the
    /// sample stories schedule at its real period, and noise a healthy sample should not carry.
    var corpusOnly = false

    init(_ severity: Character, _ source: String, _ text: String, weight: Double = 1, continuation: [String] = [], corpusOnly: Bool = false) {
        self.severity = Severity(letter: severity)!
        self.source = source
        self.text = text
        self.weight = weight
        self.continuation = continuation
        self.corpusOnly = corpusOnly
    }
}

/// A component's compiled background messages, drawn by severity and then by weight.
final class Catalog {
    enum Kind {
        case klog
        /// etcd's zap JSON: the template renders `"msg",fields…` after `"msg":`.
        case etcdJSON
        /// etcd 3.4's zap JSON: the same, with a millisecond ISO 8601 `ts`.
        case etcd34JSON
    }

    struct Entry {
        let severity: Severity
        let source: UnsafeRawBufferPointer
        let body: Template
        let continuation: [Template]
    }

    let kind: Kind
    /// The vocabulary the templates were compiled against (a renderer must use the same one).
    let vocabulary: Vocabulary
    /// Entries of I, W and E, each with its cumulative weights.
    private var entries: [[Entry]] = [[], [], []]
    private var cumulative: [[Double]] = [[], [], []]

    init(kind: Kind, messages: [MessageSpec], vocabulary: Vocabulary, includeCorpusOnly: Bool) {
        self.kind = kind
        self.vocabulary = vocabulary
        for spec in messages where includeCorpusOnly || !spec.corpusOnly {
            guard let slot = Catalog.slot(spec.severity) else { continue }
            entries[slot].append(Entry(
                severity: spec.severity, source: permanentBytes(spec.source),
                body: Template(spec.text, vocabulary: vocabulary),
                continuation: spec.continuation.map { Template($0, vocabulary: vocabulary) }))
            cumulative[slot].append((cumulative[slot].last ?? 0) + spec.weight)
        }
    }

    func has(_ severity: Severity) -> Bool { Catalog.slot(severity).map { !entries[$0].isEmpty } ?? false }

    @inline(__always)
    func pick(_ severity: Severity, rng: inout SplitMix64) -> Entry {
        let slot = Catalog.slot(severity)!
        let weights = cumulative[slot]
        let target = rng.unit() * weights[weights.count - 1]
        var lo = 0
        var hi = weights.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if weights[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return entries[slot][lo]
    }

    private static func slot(_ severity: Severity) -> Int? {
        switch severity {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        case .fatal: return nil
        }
    }
}
