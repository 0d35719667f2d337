import ArgumentParser
import Foundation
import LogtraceCore

struct Tail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a live log stream and report findings as they happen.",
        discussion: """
        Reads stdin (default) or follows a file like tail -F (rotation and truncation aware). \
        A finding is printed the moment its evidence completes it, and again when it gains a \
        root cause or resolves. Ctrl-C prints a final summary.

        Examples:
          kubectl logs -f -n kube-system kube-controller-manager-x | logtrace tail --component kube-controller-manager
          kubectl logs -f --prefix -n kube-system -l tier=control-plane | logtrace tail
          logtrace tail /var/log/kube-apiserver.log --format json
        """
    )

    @Argument(help: "A file to follow, or - for stdin.")
    var path: String = "-"

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: text or json (NDJSON, one finding per line).")
    var format: String = "text"

    @Flag(help: "Read a followed file from its start instead of its end.")
    var fromStart = false

    @Flag(help: "Never colour the output (also: NO_COLOR).")
    var noColor = false

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let rules = input.loadRules(log)
        Terminal.report(log)
        if log.hasErrors { throw ExitCode(2) }
        let overrides = try input.overrides()
        var group = InputGroup(files: [InputFile(path: path, displayPath: path == "-" ? "<stdin>" : path)])
        group.component = overrides.first { $0.glob == "<stdin>" || fnmatch($0.glob, path, 0) == 0 }?.name
            ?? (path == "-" ? nil : ComponentNames.fromName(path))
        var source: ByteSource?
        if path != "-" {
            do { source = try FollowSource(path: path, fromEnd: !fromStart) } catch {
                Terminal.error("\(path): \(error)"); throw ExitCode(2)
            }
        }
        if path == "-" {
            let stdin = FDSource(fd: 0, owns: false)
            stdin.idleAfterMilliseconds = 50
            source = stdin
        }
        let live = LiveAnalyzer(rules: rules)
        let style = Style(enabled: Terminal.colour(disabled: noColor))
        let text = TextReport(style: style, redactor: nil)
        live.onFinding = { f, event in
            if format == "json" {
                Terminal.write(FindingJSON.line(f, redactor: nil) + "\n")
            } else {
                Terminal.write(style.bold("[\(event.rawValue)] ") + text.finding(f, number: 0) + "\n")
            }
        }
        _ = live.run(group: group, source: source, options: try input.readOptions(), log: log)
        if format != "json" {
            let n = live.findings.count
            Terminal.write(style.bold("summary: ") + "\(n) finding\(n == 1 ? "" : "s")" + (n == 0 ? "" : ": " + live.findings.map { "\($0.id) (\($0.resolved ? "resolved" : "ongoing"))" }.joined(separator: ", ")) + "\n")
        }
        Terminal.report(log)
        throw ExitCode(ExitStatus.code(findings: live.findings, failOn: .error, log: log))
    }
}
