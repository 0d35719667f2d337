/// The result of one analysis: inputs read, signal groups, findings, and every diagnostic
/// reported while producing them (in `DiagnosticLog.sorted` order).
public struct AnalysisResult: Sendable {
    public var inputs: [InputStats]
    public var groups: [SignalGroup]
    public var findings: [Finding]
    public var templates: TemplateCounter?
    public var diagnostics: [Diagnostic] = []

    public init(inputs: [InputStats], groups: [SignalGroup], findings: [Finding], templates: TemplateCounter?, diagnostics: [Diagnostic] = []) {
        self.inputs = inputs; self.groups = groups; self.findings = findings; self.templates = templates
        self.diagnostics = diagnostics
    }

    /// The --since/--until window, when one was given.
    public var window: AnalysisWindow?

    /// Warnings and errors, the diagnostics a report header shows (notes go to stderr and JSON only).
    public var headerDiagnostics: [Diagnostic] { diagnostics.filter { $0.level >= .warning } }
}

/// The --since/--until window of an analysis and what it held.
public struct AnalysisWindow: Sendable, Equatable {
    public var since: Int64?
    public var until: Int64?
    /// A bound was a duration counted back from the last record.
    public var relative: Bool
    /// Records dated inside the window (counted while reading; nil when not counted).
    public var records: Int?
    /// Records read in all.
    public var total: Int

    public init(since: Int64?, until: Int64?, relative: Bool, records: Int?, total: Int) {
        self.since = since; self.until = until; self.relative = relative; self.records = records; self.total = total
    }

    /// `2024-03-12T09:00:00Z .. 2024-03-12T10:00:00Z`, with `start`/`end` for an open side.
    public var text: String {
        (since.map(Timestamp.rfc3339Seconds) ?? "start") + " .. " + (until.map(Timestamp.rfc3339Seconds) ?? "end")
    }

    /// `… (1234 of 5161 records inside)`: the header line.
    public var summary: String {
        text + (records.map { " (\($0) of \(total) records inside)" } ?? " (\(total) records read)")
    }
}
