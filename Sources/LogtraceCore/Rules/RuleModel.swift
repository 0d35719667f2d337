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
    public var remediation: [String]
    public var references: [String]
    public var examples: [RuleExample]
    /// Where the file came from (`rules/x.yaml`, or `builtin:x.yaml`).
    public var source: String
    public var line: Int
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
    public var source: String
    public var line: Int
}

public struct MatcherSpec: Sendable {
    public var components: [String]
    public var severities: [Severity]
    public var contains: [String]
    public var regex: String?
    public var fields: [(String, String)]
    public var line: Int
    public var regexLine: Int
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
    public var maxLag: Int64
    public var source: String
    public var line: Int
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
}
