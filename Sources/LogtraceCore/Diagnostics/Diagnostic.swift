/// One problem found in an input or a rule file: where, what, and what to do about it.
/// Rendered on one line as `path:line:column: level: message (help)`. Every diagnostic of an
/// analysis travels with its result (`AnalysisResult.diagnostics`): printed on stderr, listed in
/// the text and markdown header, and in the JSON document's `diagnostics` array (docs/json.md).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// A stable machine-readable name for what happened (the JSON `kind`). Add a constant here
    /// for each new kind and list it in docs/json.md; `other` is for diagnostics not yet named.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ s: String) { rawValue = s }
        public var description: String { rawValue }

        public static let other = Kind("other")
        /// An input could not be read, or part of it was damaged, skipped or truncated.
        public static let input = Kind("input")
        /// A rule file or rule could not be loaded.
        public static let rule = Kind("rule")
        /// Nothing told the year of klog times: today's date was used (`--year` fixes it).
        public static let yearGuessed = Kind("year-guessed")
        /// Inputs (or members of one rotation group) resolved to years further apart than the data spans.
        public static let yearsDisagree = Kind("years-disagree")
        /// What the --since/--until window kept of the data.
        public static let window = Kind("window")
        /// The --since/--until window holds no record, or --since is after --until.
        public static let emptyWindow = Kind("empty-window")
        /// Records dated far from the rest of their input (a wrong clock): named by file and line.
        public static let timeOutlier = Kind("time-outlier")
        /// A bound on what is kept was reached (keys, threshold keys, waiting hits): the rest was not counted.
        public static let limit = Kind("limit")
        /// An input yielded nothing logtrace understands (no klog, JSON or wrapped record).
        public static let unrecognised = Kind("unrecognised-input")
    }

    public enum Level: String, Sendable, Comparable {
        case note, warning, error
        public static func < (a: Level, b: Level) -> Bool {
            let order: [Level] = [.note, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var level: Level
    public var kind: Kind
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var help: String?

    public init(_ level: Level, kind: Kind = .other, path: String? = nil, line: Int? = nil, column: Int? = nil,
                _ message: String, help: String? = nil) {
        self.level = level; self.kind = kind; self.path = path; self.line = line; self.column = column
        self.message = message; self.help = help
    }

    public var description: String {
        var loc = ""
        if let path {
            loc = path
            if let line { loc += ":\(line)"; if let column { loc += ":\(column)" } }
            loc += ": "
        }
        var s = "\(loc)\(level.rawValue): \(message)"
        if let help { s += " (\(help))" }
        return TerminalText.sanitize(s)
    }
}

/// Collects diagnostics from every stage; thread-safe so parallel readers can report.
public final class DiagnosticLog: @unchecked Sendable {
    private var items: [Diagnostic] = []
    private let lock = Lock()
    public init() {}
    public func add(_ d: Diagnostic) { lock.withLock { items.append(d) } }
    public var all: [Diagnostic] { lock.withLock { items } }
    /// Diagnostics in a stable order (parallel readers report in any order): by path, line, text.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if (x.path ?? "") != (y.path ?? "") { return (x.path ?? "") < (y.path ?? "") }
            if (x.line ?? 0) != (y.line ?? 0) { return (x.line ?? 0) < (y.line ?? 0) }
            if x.message != y.message { return x.message < y.message }
            return a.offset < b.offset
        }.map(\.element)
    }
    public var hasErrors: Bool { lock.withLock { items.contains { $0.level == .error } } }
    /// True when a diagnostic of this kind was reported.
    public func contains(_ kind: Diagnostic.Kind) -> Bool { lock.withLock { items.contains { $0.kind == kind } } }

}
