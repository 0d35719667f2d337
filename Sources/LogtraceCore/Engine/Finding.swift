import Foundation

/// A diagnosed incident: the symptom a rule starts from, the causal chain back to the root
/// cause, what evidence is missing, and what to do.
public struct Finding: Sendable {
    public enum Role: String, Sendable { case rootCause = "root-cause", propagation, symptom }

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
    }

    public struct Missing: Sendable {
        public var signal: String
        public var hint: String
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
