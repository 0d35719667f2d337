import ArgumentParser
import Foundation
import LogtraceCore
import LogtraceRender

struct Tail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a live log stream and report findings as they happen.",
        discussion: """
        Reads stdin (default), a file, or a ClickHouse table. With -f/--follow the file is followed like tail -F: \
        from its end (or its start with --from-start), across rotation and truncation, until \
        Ctrl-C; without it the file is read once. A finding is printed the moment its evidence \
        completes it (event new), again when it gains a root cause (root-cause) and when it \
        resolves (resolved). At the end (or on Ctrl-C) a summary line follows. \
        A clickhouse://HOST:PORT/DB.TABLE is polled for new rows every --interval, from its \
        newest row (or from its first with --from-start, or from --since).

        Examples:
          kubectl logs -f -n kube-system kube-controller-manager-x \\
            | logtrace tail --component kube-controller-manager
          kubectl logs -f --prefix -n kube-system -l tier=control-plane | logtrace tail
          logtrace tail -f /var/log/kube-apiserver.log --format json
          logtrace tail clickhouse://localhost:8123/default.logs --interval 5s
        """
    )

    @Argument(help: "A file, - for stdin, or clickhouse://HOST:PORT/DB.TABLE.")
    var path: String = "-"

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("How often a clickhouse:// table is polled for new rows (default 2s).", valueName: "duration"))
    var interval: String?

    @Option(help: ArgumentHelp("A clickhouse:// tail starts at this time (RFC 3339) instead of the table's newest row.", valueName: "time"))
    var since: String?

    @Option(help: .hidden)
    var maxPolls: Int?

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

    @OptionGroup var evidence: EvidenceOption
    @OptionGroup var color: ColorOptions

    var isStore: Bool { ClickHouseURL.isStoreURL(path) }

    func validate() throws {
        try store.check(paths: [path])
        if !isStore && (interval != nil || since != nil) { throw ValidationError("--interval and --since go with a clickhouse:// table") }
        if isStore && follow { throw ValidationError("a clickhouse:// table is always followed: -f/--follow is for files") }
        if isStore { return }
        if follow && path == "-" { throw ValidationError("-f/--follow follows a file; stdin is read until it ends anyway") }
        if fromStart && !follow && !isStore { throw ValidationError("--from-start goes with -f/--follow (without it the file is read from its start)") }
        _ = try input.overrides(paths: [path])
    }

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let rules = rules.loadRules(log)
        Terminal.report(log)
        if log.hasErrors { throw ExitCode(2) }
        if isStore { try runStore(rules: rules, log: log); return }
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
        let redactor = findings.redact ? Redactor() : nil
        let renderer = liveRenderer(redactor)
        let minSeverity = findings.minSeverity.value
        live.onFinding = { f, event in
            guard f.severity >= minSeverity else { return }
            Terminal.write(renderer.live(f, event: event.rawValue))
        }
        let stats = live.run(group: group, source: source, options: try input.readOptions(), log: log)
        let shown = live.findings.filter { $0.severity >= minSeverity }
        // What was read and the summary: on stdout, or on stderr when stdout is machine-readable.
        let end = renderer.summary(inputs: stats, findings: shown)
        if !end.stderr.isEmpty { Terminal.writeError(end.stderr) }
        Terminal.write(end.stdout)
        // The same pseudonyms as the findings and the header.
        Terminal.report(log, redactor: redactor)
        throw ExitCode(ExitStatus.code(findings: shown, failOn: findings.failOn, log: log))
    }

    /// The renderer of `--format`, with `redactor` (one for the whole run, so a value keeps its pseudonym).
    func liveRenderer(_ redactor: Redactor?) -> any LiveFindingRenderer {
        format.renderer.init(options: RenderOptions(style: Style(enabled: color.enabled), redactor: redactor,
                                                    verbose: verbose, width: Terminal.columns(), evidence: evidence.evidence))
    }

    /// A ClickHouse table polled for new rows (see `StoreTail`).
    func runStore(rules: RuleSet, log: DiagnosticLog) throws {
        let live = LiveAnalyzer(rules: rules)
        let redactor = findings.redact ? Redactor() : nil
        let renderer = liveRenderer(redactor)
        let minSeverity = findings.minSeverity.value
        live.onFinding = { f, event in
            guard f.severity >= minSeverity else { return }
            Terminal.write(renderer.live(f, event: event.rawValue))
        }
        let mapping = try store.mapping()
        var every: Int64 = 2_000_000
        if let i = interval {
            guard let d = DurationParser.parse(i), d > 0 else { throw ValidationError("--interval: a duration like 2s or 500ms, not '\(i)'") }
            every = d
        }
        var start: Int64?
        if let s = since {
            guard let t = Array(s.utf8).withUnsafeBytes({ RFC3339.parse($0.baseAddress!, $0.count)?.time }) else {
                throw ValidationError("--since: an RFC 3339 time like 2024-03-12T09:00:00Z, not '\(s)'")
            }
            start = t
        }
        let tail = try StoreConnection.run(StoreConnection.redactedURL(path)) { StoreTail(client: try StoreConnection.client(path), rules: rules) }
        tail.mapping = mapping
        tail.filters = store.filters
        tail.fromStart = fromStart
        tail.since = start
        tail.intervalMicros = every
        tail.maxPolls = maxPolls
        try StoreConnection.run(StoreConnection.redactedURL(path)) { try tail.run(live: live, log: log) }
        log.add(Diagnostic(.note, path: StoreConnection.redactedURL(path), "ClickHouse scanned \(tail.stats.rowsRead) rows in \(tail.stats.queries) queries; \(tail.rowsTaken) new candidate rows came back"))
        let shown = live.findings.filter { $0.severity >= minSeverity }
        let end = renderer.summary(inputs: nil, findings: shown)
        if !end.stderr.isEmpty { Terminal.writeError(end.stderr) }
        Terminal.write(end.stdout)
        Terminal.report(log, redactor: redactor)
        throw ExitCode(ExitStatus.code(findings: shown, failOn: findings.failOn, log: log))
    }
}
