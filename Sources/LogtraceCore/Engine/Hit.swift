/// One record that matched a signal's matcher: the unit the signal engine counts.
public struct Hit: Sendable {
    public var signal: Int
    public var time: Int64
    public var keys: [(String, String)]
    public var component: String?
    public var evidence: Evidence
    /// Input order, the tie-breaker that keeps merges deterministic.
    public var inputIndex: Int
    public var line: Int
    /// The failure class of the record, for signals with `error_class: true`.
    public var errorClass: ErrorClass? = nil
    /// Captures named with a leading `_` (`_backend_ip`): evidence for joins that does not split
    /// the signal into groups the way keys do.
    public var attributes: [(String, String)] = []
}

/// A log line that proves a step: where it is and what it says.
public struct Evidence: Sendable, Equatable {
    public var path: String
    public var line: Int
    public var text: String
    public var time: Int64?

    public static func == (a: Evidence, b: Evidence) -> Bool { a.path == b.path && a.line == b.line }
}
