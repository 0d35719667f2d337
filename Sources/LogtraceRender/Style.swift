import LogtraceCore

/// ANSI styling, applied only when the output is a terminal and `NO_COLOR` is unset.
public struct Style: Sendable {
    public var enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    /// `--color=auto|always|never` (ripgrep's and git's convention): `always` and `never` as
    /// said; `auto` colours only a terminal, and not when NO_COLOR is set to anything non-empty
    /// (no-color.org) or TERM is `dumb`.
    public static func decide(_ choice: String, environment: [String: String], isTerminal: Bool) -> Bool {
        switch choice {
        case "always": return true
        case "never": return false
        default:
            if let v = environment["NO_COLOR"], !v.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
    func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }
    public func severity(_ sev: FindingSeverity) -> String {
        switch sev {
        case .critical: return wrap(sev.rawValue.uppercased(), "1;31")
        case .error: return red(sev.rawValue.uppercased())
        case .warning: return yellow(sev.rawValue.uppercased())
        case .info: return cyan(sev.rawValue.uppercased())
        }
    }
}
