import ArgumentParser
import Foundation
import LogtraceCore
import LogtraceRender

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
          logtrace analyze must-gather/ --only kube-apiserver,etcd
          logtrace analyze must-gather/ --format json | jq '.findings[].rootCause'
          logtrace analyze must-gather/ --format markdown -o incident.md

        Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 input or rule errors, \
        64 usage errors.
        """
    )

    @Argument(help: "Log files, directories (recursive), - for stdin, or clickhouse://HOST:PORT/DB.TABLE.")
    var paths: [String]

    @OptionGroup var rules: RuleOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var window: WindowOptions
    @OptionGroup var findings: FindingOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "Output format.")
    var format: DocumentFormat = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the output to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .shortAndLong, help: "Text format: every evidence line, missing evidence and all remediation steps (default: one screen per finding).")
    var verbose = false

    @OptionGroup var evidence: EvidenceOption
    @OptionGroup var color: ColorOptions

    func validate() throws {
        if let output {
            try OutputPath.validate(output, formatHint: "For JSON or markdown output use --format json or --format markdown (with -o FILE to write it to a file).")
        }
        try store.check(paths: paths)
        _ = try input.overrides(paths: paths)
        try window.checkStreams(paths)
    }

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let run = try AnalysisRun(paths: paths, rules: rules, input: input, window: window, findings: findings,
                                  templates: format.renderer.needsTemplates, log: log, store: store)
        let options = RenderOptions(style: Style(enabled: output == nil && color.enabled), redactor: run.redactor,
                                    verbose: verbose, width: Terminal.columns(), evidence: evidence.evidence)
        let text = format.renderer.init(options: options).document(run.result)
        if let output {
            guard Terminal.writeFile(output, text) else { Terminal.report(log, redactor: run.redactor); throw ExitCode(2) }
        } else {
            Terminal.write(text)
        }
        Terminal.report(log, redactor: run.redactor)
        throw ExitCode(ExitStatus.code(findings: run.result.findings, failOn: findings.failOn, log: log))
    }
}
