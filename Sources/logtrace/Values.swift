import ArgumentParser
import LogtraceCore

// Typed option values: each is parsed (and a bad value rejected with exit 64) by the argument
// parser, before any input is read, and reads the same in every command.

/// `--format` of analyze: the document formats.
enum DocumentFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, markdown
}

/// `--format` of tail: a finding per event.
enum LiveFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

/// `--format` of parse: records.
enum RecordFormat: String, CaseIterable, ExpressibleByArgument {
    case json, text, clickhouse
}

/// `--color=auto|always|never`, as in ripgrep and git.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never
}

/// A finding severity on the command line: `info`, `warning` (or `warn`), `error`, `critical`,
/// in any case.
struct SeverityValue: ExpressibleByArgument, CustomStringConvertible {
    var value: FindingSeverity
    init(_ value: FindingSeverity) { self.value = value }

    init?(argument: String) {
        let s = argument.lowercased()
        guard let v = FindingSeverity(rawValue: s == "warn" ? "warning" : s) else { return nil }
        value = v
    }

    var description: String { value.rawValue }
    static var allValueStrings: [String] { FindingSeverity.allCases.map(\.rawValue) }
}

/// `--fail-on`: a severity, or `never` (also `none`) to exit 0 whatever is found.
enum FailOn: ExpressibleByArgument, CustomStringConvertible {
    case severity(FindingSeverity)
    case never

    init?(argument: String) {
        switch argument.lowercased() {
        case "never", "none": self = .never
        default:
            guard let s = SeverityValue(argument: argument) else { return nil }
            self = .severity(s.value)
        }
    }

    var description: String {
        switch self {
        case .severity(let s): return s.rawValue
        case .never: return "never"
        }
    }

    static var allValueStrings: [String] { SeverityValue.allValueStrings + ["never"] }

    /// Whether these findings make the run fail.
    func fails(_ findings: [Finding]) -> Bool {
        guard case .severity(let min) = self else { return false }
        return findings.contains { $0.severity >= min }
    }
}

/// `--since`/`--until`: an RFC 3339 time, or a duration (`2h`, `1h30m`, `3d`) counted back from
/// the last record of the input.
enum TimeBound: ExpressibleByArgument, Equatable {
    case at(Int64)
    case back(Int64)

    init?(argument: String) {
        if let t = RFC3339.parse(argument) { self = .at(t) } else if let d = DurationParser.parse(argument) { self = .back(d) } else { return nil }
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// `-o/--output FILE`: a file name, never a format name by mistake.
struct OutputPath {
    static let formatNames: Set<String> = ["text", "json", "markdown", "md", "ndjson", "txt", "yaml", "html"]

    /// Rejects `-o json` (which would write a file named `json`) and a directory, before any
    /// input is read. `formatHint` says what to use instead.
    static func validate(_ path: String, formatHint: String) throws {
        if formatNames.contains(path.lowercased()) {
            throw ValidationError("-o/--output takes a file name, not a format: '\(path)'. \(formatHint)")
        }
        if path.isEmpty { throw ValidationError("-o/--output needs a file name") }
        if Terminal.isDirectory(path) {
            throw ValidationError("-o/--output: '\(path)' is a directory; give a file name such as \(path.hasSuffix("/") ? path : path + "/")incident.md")
        }
    }
}
