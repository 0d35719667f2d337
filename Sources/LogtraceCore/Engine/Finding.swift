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

    /// An event that set the scene (the request that triggered the symptom): context, not a cause.
    public struct Context: Sendable {
        public var signal: String
        public var label: String
        public var time: Int64
        public var evidence: Evidence
        /// Who and from where, from the record (`user`, `source_ip`, `user_agent`, `verb`).
        public var details: [(String, String)]
    }

    /// When an unlogged change (a policy, a quota, a credential) behind a step happened, and
    /// when it was undone, bounded by the logs.
    public struct ChangeWindow: Sendable {
        public enum Basis: String, Sendable {
            /// a logged success of the same operation
            case success
            /// the failures' retry period: the try before the first failure did not fail
            case retryPeriod = "retry-period"
            /// the component's logs begin (no failure before): the widest bound
            case logsBegin = "logs-begin"
            /// the component's logs end after the last failure without another one
            case logsEnd = "logs-end"
        }
        public var signal: String
        public var what: String
        public var look: String
        public var changedAfter: Int64?
        public var changedAfterBasis: Basis?
        public var changedAfterEvidence: Evidence?
        public var changedBefore: Int64
        public var changedBeforeEvidence: Evidence?
        public var fixedAfter: Int64?
        public var fixedBefore: Int64?
        public var fixedBeforeBasis: Basis?
        public var fixedBeforeEvidence: Evidence?
        /// The retry period the bounds used, when they used it.
        public var period: Int64?
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
        /// What happened in this step as one sentence from the signal's `sentence:` template and
        /// the step's captures ("RAM policy denies RouteTables (Forbidden.RAM)"); nil without one.
        public var sentence: String? = nil
        /// What Kubernetes itself said: object conditions and events behind this step, read from
        /// object documents (`kubectl get ns -o yaml`, events dumps), earliest first.
        public var objects: [Evidence] = []
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
    /// Bounds of the unlogged changes behind steps whose signal has `change_window`.
    public var changeWindows: [ChangeWindow] = []
    /// Context entries, oldest first.
    public var context: [Context] = []
    /// Upstream causes whose logs `--only` left out: not looked at, so not missing evidence.
    public var notLookedAt: [Missing] = []

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
