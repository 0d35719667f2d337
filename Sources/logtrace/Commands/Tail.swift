import ArgumentParser
import Foundation
import LogtraceCore

struct Tail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a live log stream and report findings as they happen.",
        discussion: """
        Reads stdin (default) or a file. With -f/--follow the file is followed like tail -F: \
        from its end (or its start with --from-start), across rotation and truncation, until \
        Ctrl-C; without it the file is read once. A finding is printed the moment its evidence \
        completes it (event new), again when it gains a root cause (root-cause) and when it \
        resolves (resolved). At the end (or on Ctrl-C) a summary line follows.

        Examples:
          kubectl logs -f -n kube-system kube-controller-manager-x \\
            | logtrace tail --component kube-controller-manager
          kubectl logs -f --prefix -n kube-system -l tier=control-plane | logtrace tail
          logtrace tail -f /var/log/kube-apiserver.log --format json
        """
    )

    @Argument(help: "A file, or - for stdin.")
    var path: String = "-"

    @OptionGroup var rules: RuleOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var findings: FindingOptions

    @Option(help: "Output format: text, or json (NDJSON, one finding per line with its event).")
    var format: LiveFormat = .text

    @Flag(name: .shortAndLong, help: "Follow the file as it grows, like tail -F (rotation and truncation aware).")
    var follow = false

    @Flag(help: "With --follow, read the file from its start instead of its end.")
    var fromStart = false

    @Flag(name: .shortAndLong, help: "Text format: each finding with every evidence line, missing evidence and all remediation steps.")
    var verbose = false

    @OptionGroup var color: ColorOptions

    func validate() throws {
        if follow && path == "-" { throw ValidationError("-f/--follow follows a file; stdin is read until it ends anyway") }
        if fromStart && !follow { throw ValidationError("--from-start goes with -f/--follow (without it the file is read from its start)") }
        _ = try input.overrides(paths: [path])
    }

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let rules = rules.loadRules(log)
        Terminal.report(log)
        if log.hasErrors { throw ExitCode(2) }
        let overrides = try input.overrides(paths: [path])
        var st = stat()
        let exists = path != "-" && stat(path, &st) == 0
        let mtime = exists && (st.st_mode & S_IFMT) == S_IFREG ? Platform.mtime(st) : nil
        var group = InputGroup(files: [InputFile(path: path, displayPath: path == "-" ? "<stdin>" : path, mtime: mtime)])
        group.component = overrides.first { $0.glob == "<stdin>" || InputDiscovery.globMatches($0.glob, path) }?.name
            ?? (path == "-" ? nil : ComponentNames.fromName(path))
        var source: ByteSource?
        do {
            let fifo = path != "-" && (st.st_mode & S_IFMT) == S_IFIFO
            if path == "-" || fifo {
                // stdin or a FIFO (`mkfifo`, `<(kubectl logs -f ...)`): a stream, read until it ends.
                let stream = fifo ? try FDSource(path: path) : FDSource(fd: 0, owns: false)
                stream.idleAfterMilliseconds = 50
                source = stream
            } else if follow {
                source = try FollowSource(path: path, fromEnd: !fromStart)
            }   // otherwise the file is read once, like any input (gzip included)
        } catch {
            Terminal.error("\(path): error: \(error)"); throw ExitCode(2)
        }
        let live = LiveAnalyzer(rules: rules)
        let style = Style(enabled: color.enabled)
        let redactor = findings.redact ? Redactor() : nil
        let text = TextReport(style: style, redactor: redactor, verbose: verbose, width: Terminal.columns())
        let minSeverity = findings.minSeverity.value
        live.onFinding = { f, event in
            guard f.severity >= minSeverity else { return }
            switch format {
            case .json: Terminal.write(FindingJSON.line(f, event: event.rawValue, redactor: redactor) + "\n")
            case .text: Terminal.write(style.bold("[\(event.rawValue)] ") + text.finding(f, number: 0) + "\n")
            }
        }
        let stats = live.run(group: group, source: source, options: try input.readOptions(), log: log)
        let shown = live.findings.filter { $0.severity >= minSeverity }
        // What was read: on stdout before the summary, on stderr with --format json (stdout stays NDJSON).
        let header = Terminal.inputHeader(stats, since: nil, until: nil, relative: false, colour: format == .text && color.enabled)
        if format == .json { Terminal.writeError(Terminal.inputHeader(stats, since: nil, until: nil, relative: false, colour: false)) }
        if format == .text {
            Terminal.write(header)
            let n = shown.count
            Terminal.write(style.bold("summary: ") + "\(n) finding\(n == 1 ? "" : "s")" + (n == 0 ? "" : ": " + shown.map { "\($0.id) (\($0.resolved ? "resolved" : "ongoing"))" }.joined(separator: ", ")) + "\n")
        }
        Terminal.report(log)
        throw ExitCode(ExitStatus.code(findings: shown, failOn: findings.failOn, log: log))
    }
}
