/// The rule language as data (docs/rules.md): what a rule file says, before compilation.
public struct RuleFile: Sendable {
    public var id: String
    public var title: String
    public var severity: FindingSeverity
    public var description: String
    public var symptom: String?
    public var recovery: String?
    public var signals: [SignalSpec]
    public var causes: [EdgeSpec]
    public var remediation: [RemediationStep]
    /// Events that set the scene without causing anything (the request that triggered the
    /// symptom): shown on the timeline, never in the causal chain.
    public var context: [ContextSpec] = []
    public var references: [String]
    public var examples: [RuleExample]
    /// Where the file came from (`rules/x.yaml`, or `builtin:x.yaml`).
    public var source: String
    public var line: Int
    /// Where the values of `id`, `symptom`, `recovery`, `context` and `remediation` are, for
    /// diagnostics (`file:line:column`).
    public var positions: [String: RulePosition] = [:]
}

/// A line and column in a rule file (1-based).
public struct RulePosition: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

public enum FindingSeverity: String, Sendable, Comparable, CaseIterable {
    case info, warning, error, critical
    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool { a.rank < b.rank }
}

public struct SignalSpec: Sendable {
    public var id: String
    public var description: String
    public var hint: String?
    public var matchers: [MatcherSpec]
    public var threshold: ThresholdSpec?
    public var unless: UnlessSpec?
    /// `error_class: true`: every hit also gets the key `error_class` (network, tls, http or
    /// service) read from the record text by `ErrorClass`, so edges can say which failure
    /// classes a cause explains.
    public var errorClass: Bool = false
    /// `change_window:` for failures caused by a change no log shows (a policy, a quota, a
    /// credential): bound when it happened by the last success before the first failure.
    public var changeWindow: ChangeWindowSpec? = nil
    /// `sentence:` what happened, with an action verb, filled with the step's captures: the
    /// root cause's one-sentence summary ("RAM policy denies RouteTables (Forbidden.RAM)").
    public var sentence: SentenceTemplate? = nil
    public var source: String
    public var line: Int
    public var column: Int = 1
}

/// A context entry of a finding: the latest hit of `signal` with keys that agree with the
/// symptom's, at or before the symptom began (within `within`).
public struct ContextSpec: Sendable {
    public var signal: String
    public var label: String
    public var within: Int64
}

/// How to bound the unlogged change behind a failure signal.
public struct ChangeWindowSpec: Sendable {
    /// A signal that shows the same operation succeeding (optional: without it, the retry period
    /// of the failures and the start of the component's logs bound the change).
    public var success: String?
    /// What changed, for the report ("the cloud permission (IAM/RAM policy) of the route controller").
    public var what: String
    /// Where to look for the change ("the cloud audit trail: ActionTrail, CloudTrail, Cloud Audit Logs").
    public var look: String
    /// Keys a success must share with the failures it bounds (`lease`: another component's lease
    /// renewals say nothing about this one's); failures are bounded per value.
    public var by: [String] = []
}

/// One remediation step. `provider` limits it to findings whose evidence shows that cloud
/// (alibaba, aws, gcp, azure); `when` limits it to findings whose chain holds one of these
/// signals. Placeholders `<key>` are filled with the finding's keys.
public struct RemediationStep: Sendable, Equatable {
    public var text: String
    public var provider: String?
    public var when: [String]
    public init(text: String, provider: String? = nil, when: [String] = []) {
        self.text = text; self.provider = provider; self.when = when
    }
}

public struct MatcherSpec: Sendable {
    public var components: [String]
    public var severities: [Severity]
    public var contains: [String]
    public var regex: String?
    public var fields: [(String, String)]
    public var line: Int
    public var regexLine: Int
    /// The column of the regex's value, for diagnostics (`file:line:column`).
    public var regexColumn: Int? = nil
    public var column: Int = 1
}

public struct ThresholdSpec: Sendable {
    public var count: Int
    public var within: Int64
    public var by: [String]
}

public struct UnlessSpec: Sendable {
    public var signal: String
    public var within: Int64
}

public struct EdgeSpec: Sendable {
    public var from: String
    public var to: String
    public var join: [(String, String)]?
    /// `join_cidr: {cause_key: effect_key}`: the cause's key is a CIDR that holds the effect's
    /// key (an IP): an evidence join, e.g. a pod CIDR without a route and a backend pod IP.
    public var joinCIDR: [(String, String)] = []
    /// `explains: [network, ...]`: the edge holds only for effects of these error classes.
    public var explains: [String]? = nil
    public var maxLag: Int64
    public var source: String
    public var line: Int
    public var column: Int = 1
}

public struct RuleExample: Sendable {
    public var name: String
    public var fire: Bool
    public var rootCause: String?
    public var missing: [String]?
    public var keys: [String: String]
    public var year: Int
    public var files: [(String, String)]
    public var line: Int
    public var column: Int = 1
}
