import Foundation

/// A diagnosed incident: the symptom a rule starts from, the causal chain back to the root
/// cause, what evidence is missing, and what to do.
public struct Finding: Sendable {
    public enum Role: String, Sendable { case rootCause = "root-cause", propagation, symptom }

    /// `resolved`: a recovery signal followed the symptom; `stopped`: no recovery signal, but
    /// the symptom was silent for the last `Correlator.silentAfter` of the data; `ongoing`: the
    /// symptom was still active near the end of the data.
    public enum Status: String, Sendable { case resolved, ongoing, stopped }

    /// How a step is tied to the step before it (its cause): `key`, equal keys or an IP inside
    /// a CIDR; `class`, the effect's failures are of a class the cause explains; `time`, only
    /// the time window. Time-only links lower the confidence.
    public struct Join: Sendable, Equatable {
        public enum Kind: String, Sendable, Comparable, CaseIterable {
            case time, `class`, key
            public static func < (a: Kind, b: Kind) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
        }
        public var kind: Kind
        /// The keys compared (`group`, `namespace`, `backend_ip in cidr`).
        public var on: [String]
        /// What proves the link beyond its keys, e.g. "10.244.5.12 in 10.244.5.0/24".
        public var detail: String?
    }

    /// A less severe finding folded into this one, with its own advice.
    public struct Related: Sendable {
        public var id: String
        public var title: String
        public var remediation: [String]
    }

    public struct Step: Sendable {
        public var signal: String
        public var description: String
        public var role: Role
        public var components: [String]
        public var first: Int64
        public var last: Int64
        public var count: Int
        public var keys: [(String, String)]
        public var evidence: [Evidence]
        /// How this step was joined to the step before it (nil for the first step).
        public var join: Join? = nil
        /// Failure classes of the step's records, most frequent first (signals with `error_class`).
        public var errorClasses: [String] = []
    }

    public struct Missing: Sendable {
        public var signal: String
        public var hint: String
        /// The signal was observed, but ruled out as this incident's cause (the hint says why).
        public var seen = false
    }

    public var id: String
    public var title: String
    public var severity: FindingSeverity
    public var description: String
    public var confidence: Double
    public var start: Int64
    public var end: Int64
    public var resolved: Bool
    public var resolvedBy: Evidence?
    /// Root cause first, symptom last.
    public var chain: [Step]
    public var missing: [Missing]
    public var remediation: [String]
    public var references: [String]
    /// Ids of less severe findings whose symptom is a step of this chain (folded into this one).
    public var related: [String] = []
    /// The folded findings themselves, so their advice is not lost.
    public var relatedFindings: [Related] = []
    /// When the symptom itself began (`start` is when the root cause began).
    public var symptomStart: Int64
    public var status: Status
    /// The cloud the evidence shows (alibaba, aws, gcp, azure), which picks the remediation.
    public var provider: String?

    public var rootCause: Step { chain[0] }

    /// One sentence naming the root cause and its keys.
    public var rootCauseSummary: String {
        let r = rootCause
        let keys = r.keys.isEmpty ? "" : " (" + r.keys.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + ")"
        let comp = r.components.joined(separator: ", ")
        var text = r.description.split(whereSeparator: \.isNewline).joined(separator: " ")
        if let end = text.range(of: ". ") { text = String(text[..<end.lowerBound]) + "." }
        return "\(r.signal) on \(comp.isEmpty ? "an unknown component" : comp)\(keys): \(text)"
    }
}
