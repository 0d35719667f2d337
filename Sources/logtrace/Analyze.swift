import ArgumentParser
import Foundation
import LogtraceCore

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse log files and directories and explain what went wrong.",
        discussion: """
        Reads plain, rotated and gzip files, CRI pod logs, docker json-file logs and journald \
        exports, merges every component onto one timeline, and reports each finding with its \
        root cause, the causal chain with evidence lines, missing evidence and remediation.

        Examples:
          logtrace analyze SampleLogs/namespace-stuck-terminating
          logtrace analyze /var/log/pods /var/log/kube-apiserver.log --since 2h
          logtrace analyze must-gather/ --format json | jq '.findings[].rootCause'

        Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 input or rule errors.
        """
    )

    @Argument(help: "Log files, directories (recursive) or - for stdin.")
    var paths: [String]

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json", "markdown"].contains(format) else { throw ValidationError("--format: use text, json or markdown") }
    }

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let run = try AnalysisRun(paths: paths, input: input, output: output, templates: format == "markdown", log: log)
        switch format {
        case "json": Terminal.write(FindingJSON.document(run.result, redactor: run.redactor))
        case "markdown": Terminal.write(MarkdownReport(redactor: run.redactor).render(run.result))
        default:
            Terminal.write(TextReport(style: Style(enabled: Terminal.colour(disabled: output.noColor)), redactor: run.redactor).render(run.result))
        }
        Terminal.report(log)
        throw ExitCode(ExitStatus.code(findings: run.result.findings, failOn: try output.severity(output.failOn, "--fail-on"), log: log))
    }
}

/// Loads rules, runs the analysis and applies the output filters; shared by analyze and report.
struct AnalysisRun {
    var result: AnalysisResult
    var redactor: Redactor?

    init(paths: [String], input: InputOptions, output: OutputOptions, templates: Bool, log: DiagnosticLog) throws {
        let rules = input.loadRules(log)
        var options = AnalysisOptions()
        if ProcessInfo.processInfo.environment["LOGTRACE_NO_SPLIT"] != nil { options.splitLargeFiles = false }
        options.read = try input.readOptions()
        options.componentOverrides = try input.overrides()
        if let s = output.since {
            if let t = RFC3339.parse(s) { options.since = t } else if let d = DurationParser.parse(s) { options.sinceBack = d }
            else { throw ValidationError("--since: expected an RFC 3339 time or a duration like 2h") }
        }
        if let u = output.until {
            if let t = RFC3339.parse(u) { options.until = t } else if let d = DurationParser.parse(u) { options.untilBack = d }
            else { throw ValidationError("--until: expected an RFC 3339 time or a duration like 2h") }
        }
        let minSeverity = try output.severity(output.minSeverity, "--min-severity")
        let progress = ProgressLine.start()
        options.read.progress = progress?.counter
        let analyzer = Analyzer(rules: rules, options: options)
        analyzer.collectTemplates = templates
        result = analyzer.run(paths: paths, log: log)
        progress?.stop()
        result.findings = result.findings.filter { $0.severity >= minSeverity }
        result.diagnostics = log.sorted
        if output.redact {
            redactor = Redactor(hostnames: Array(Set(result.inputs.compactMap(\.node))).sorted())
        }
    }
}
