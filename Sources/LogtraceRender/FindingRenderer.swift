import LogtraceCore

/// The output contract for findings. A renderer is one output format; `analyze --format` and
/// `tail --format` take their values from `FindingRenderers`, so a new format is one file (the
/// renderer) and one line in that list: the command-line values, the help text and the check
/// that rejects a bad value come from the list.
///
/// Requirements of a renderer:
/// - deterministic: the same result gives the same bytes (no clock, no environment);
/// - log text goes through `options.redactor` when there is one, and through
///   `TerminalText.sanitize` when the output can reach a terminal;
/// - colour only through `options.style` (the command decides whether it is on).
public protocol FindingRenderer {
    /// The `--format` value.
    static var id: String { get }
    /// Whether the analysis must count message templates (the markdown report's "unexplained
    /// errors"); off by default because it costs a pass over the unmatched records.
    static var needsTemplates: Bool { get }
    init(options: RenderOptions)
    /// Document mode (`analyze`, `report`): the whole analysis, inputs, findings and diagnostics.
    func document(_ r: AnalysisResult) -> String
}

/// Live mode (`tail`): each finding printed when an event changes it, then an end summary.
public protocol LiveFindingRenderer: FindingRenderer {
    /// One finding at `event` (`new`, `root-cause` or `resolved`), ending in a newline.
    func live(_ f: Finding, event: String) -> String
    /// What is printed when the stream ends: what was read (`inputs`; nil for a store, which has
    /// no files) and the findings shown, on stdout and on stderr (a machine-readable stdout keeps
    /// the header off it).
    func summary(inputs: [InputStats]?, findings: [Finding]) -> (stdout: String, stderr: String)
}

extension FindingRenderer {
    public static var needsTemplates: Bool { false }
}

/// What a command chooses about presentation; each renderer uses what applies to it.
public struct RenderOptions {
    public var style: Style
    public var redactor: Redactor?
    /// Text: every evidence line, the missing evidence and all remediation steps.
    public var verbose: Bool
    /// Text: the terminal columns the one-screen view fits.
    public var width: Int
    /// Text and markdown (`--evidence N`): at most this many evidence lines per step; nil for the
    /// view's default (one in the one-screen view, every line kept with `-v` and in markdown).
    public var evidence: Int?
    public init(style: Style = Style(enabled: false), redactor: Redactor? = nil, verbose: Bool = false, width: Int = 120, evidence: Int? = nil) {
        self.style = style; self.redactor = redactor; self.verbose = verbose; self.width = width; self.evidence = evidence
    }
}

/// The finding renderers, in the order `--help` lists them (the first is the default).
public enum FindingRenderers {
    /// `analyze --format`.
    public static let documents: [any FindingRenderer.Type] = [TextReport.self, FindingJSON.self, MarkdownReport.self]
    /// `tail --format`.
    public static let live: [any LiveFindingRenderer.Type] = [TextReport.self, FindingJSON.self]
}
