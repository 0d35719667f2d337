/// One problem found in an input or a rule file: where, what, and what to do about it.
/// Rendered on one line as `path:line:column: level: message (help)`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Level: String, Sendable, Comparable {
        case note, warning, error
        public static func < (a: Level, b: Level) -> Bool {
            let order: [Level] = [.note, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var level: Level
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var help: String?

    public init(_ level: Level, path: String? = nil, line: Int? = nil, column: Int? = nil,
                _ message: String, help: String? = nil) {
        self.level = level; self.path = path; self.line = line; self.column = column
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
}
