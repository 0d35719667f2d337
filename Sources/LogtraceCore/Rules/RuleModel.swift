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

    public init(id: String, title: String, severity: FindingSeverity, description: String, symptom: String?, recovery: String?,
                signals: [SignalSpec], causes: [EdgeSpec], remediation: [RemediationStep], context: [ContextSpec] = [],
                references: [String], examples: [RuleExample], source: String, line: Int, positions: [String: RulePosition] = [:]) {
        self.id = id; self.title = title; self.severity = severity; self.description = description; self.symptom = symptom
        self.recovery = recovery; self.signals = signals; self.causes = causes; self.remediation = remediation
        self.context = context; self.references = references; self.examples = examples; self.source = source
        self.line = line; self.positions = positions
    }
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

    public init(id: String, description: String, hint: String?, matchers: [MatcherSpec], threshold: ThresholdSpec?, unless: UnlessSpec?,
                errorClass: Bool = false, changeWindow: ChangeWindowSpec? = nil, sentence: SentenceTemplate? = nil,
                source: String, line: Int, column: Int = 1) {
        self.id = id; self.description = description; self.hint = hint; self.matchers = matchers; self.threshold = threshold
        self.unless = unless; self.errorClass = errorClass; self.changeWindow = changeWindow; self.sentence = sentence
        self.source = source; self.line = line; self.column = column
    }
}

/// A context entry of a finding: the latest hit of `signal` with keys that agree with the
/// symptom's, at or before the symptom began (within `within`).
public struct ContextSpec: Sendable {
    public var signal: String
    public var label: String
    public var within: Int64

    public init(signal: String, label: String, within: Int64) { self.signal = signal; self.label = label; self.within = within }
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

    public init(success: String?, what: String, look: String, by: [String] = []) {
        self.success = success; self.what = what; self.look = look; self.by = by
    }
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

    public init(components: [String], severities: [Severity], contains: [String], regex: String?, fields: [(String, String)],
                line: Int, regexLine: Int, regexColumn: Int? = nil, column: Int = 1) {
        self.components = components; self.severities = severities; self.contains = contains; self.regex = regex
        self.fields = fields; self.line = line; self.regexLine = regexLine; self.regexColumn = regexColumn; self.column = column
    }
}

public struct ThresholdSpec: Sendable {
    public var count: Int
    public var within: Int64
    public var by: [String]

    public init(count: Int, within: Int64, by: [String]) { self.count = count; self.within = within; self.by = by }
}

public struct UnlessSpec: Sendable {
    public var signal: String
    public var within: Int64

    public init(signal: String, within: Int64) { self.signal = signal; self.within = within }
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

    public init(from: String, to: String, join: [(String, String)]?, joinCIDR: [(String, String)] = [], explains: [String]? = nil,
                maxLag: Int64, source: String, line: Int, column: Int = 1) {
        self.from = from; self.to = to; self.join = join; self.joinCIDR = joinCIDR; self.explains = explains
        self.maxLag = maxLag; self.source = source; self.line = line; self.column = column
    }
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

    public init(name: String, fire: Bool, rootCause: String?, missing: [String]?, keys: [String: String], year: Int,
                files: [(String, String)], line: Int, column: Int = 1) {
        self.name = name; self.fire = fire; self.rootCause = rootCause; self.missing = missing; self.keys = keys
        self.year = year; self.files = files; self.line = line; self.column = column
    }
}
