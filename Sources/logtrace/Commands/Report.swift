import ArgumentParser
import Foundation
import LogtraceCore
import LogtraceRender

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a markdown incident report for a postmortem.",
        discussion: """
        The report has the summary, root cause, a Mermaid flowchart of the causal chain, a \
        timeline table, evidence per step, missing evidence, remediation commands in sh blocks, \
        the most frequent unexplained errors in the incident window, and an appendix of inputs.

        Examples:
          logtrace report SampleLogs/namespace-stuck-terminating -o incident.md
          logtrace report must-gather/ --redact -o incident.md
        """
    )

    @Argument(help: "Log files, directories (recursive), - for stdin, or clickhouse://HOST:PORT/DB.TABLE.")
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var rules: RuleOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var window: WindowOptions
    @OptionGroup var findings: FindingOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var evidence: EvidenceOption

    func validate() throws {
        if let output {
            try OutputPath.validate(output, formatHint: "The report is markdown: use -o incident.md; for JSON use `logtrace analyze --format json`.")
        }
        try store.check(paths: paths)
        _ = try input.overrides(paths: paths)
        try window.checkStreams(paths)
    }

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let run = try AnalysisRun(paths: paths, rules: rules, input: input, window: window, findings: findings, templates: true, log: log, store: store)
        let text = MarkdownReport(redactor: run.redactor, evidence: evidence.evidence).render(run.result)
        if let path = output {
            guard Terminal.writeFile(path, text) else { Terminal.report(log, redactor: run.redactor); throw ExitCode(2) }
            Terminal.error("wrote \(path) (\(run.result.findings.count) finding\(run.result.findings.count == 1 ? "" : "s"))")
        } else {
            Terminal.write(text)
        }
        Terminal.report(log, redactor: run.redactor)
        throw ExitCode(ExitStatus.code(findings: run.result.findings, failOn: findings.failOn, log: log))
    }
}
