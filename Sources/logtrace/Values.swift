import ArgumentParser
import LogtraceCore
import LogtraceRender

// Typed option values: each is parsed (and a bad value rejected with exit 64) by the argument
// parser, before any input is read, and reads the same in every command.

/// `--format` of analyze: a document renderer (`FindingRenderers.documents`).
struct DocumentFormat: ExpressibleByArgument, CustomStringConvertible {
    var renderer: any FindingRenderer.Type
    static let text = DocumentFormat(argument: "text")!

    init?(argument: String) {
        guard let r = FindingRenderers.documents.first(where: { $0.id == argument }) else { return nil }
        renderer = r
    }

    var description: String { renderer.id }
    static var allValueStrings: [String] { FindingRenderers.documents.map { $0.id } }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// `--format` of tail: a live renderer, a finding per event (`FindingRenderers.live`).
struct LiveFormat: ExpressibleByArgument, CustomStringConvertible {
    var renderer: any LiveFindingRenderer.Type
    static let text = LiveFormat(argument: "text")!

    init?(argument: String) {
        guard let r = FindingRenderers.live.first(where: { $0.id == argument }) else { return nil }
        renderer = r
    }

    var description: String { renderer.id }
    static var allValueStrings: [String] { FindingRenderers.live.map { $0.id } }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// `--format` of parse: a record writer (`RecordWriters.all`).
struct RecordFormat: ExpressibleByArgument, CustomStringConvertible {
    var writer: any RecordWriter

    init?(argument: String) {
        guard let w = RecordWriters.all.first(where: { type(of: $0).id == argument }) else { return nil }
        writer = w
    }

    var description: String { type(of: writer).id }
    static var allValueStrings: [String] { RecordWriters.all.map { type(of: $0).id } }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
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
    static let formatNames = Set(["text", "json", "markdown", "md", "ndjson", "txt", "yaml", "html"]
        + FindingRenderers.documents.map { $0.id } + RecordWriters.all.map { type(of: $0).id })

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
