import ArgumentParser
import LogtraceCore
import LogtraceRules
import LogtraceRender

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the merged, normalised records as NDJSON (or text).",
        discussion: """
        One JSON object per record, in time order across all inputs: time (RFC 3339 UTC), \
        severity, component, node, pid, file, line, message, fields, continuation, source.

        Examples:
          logtrace parse SampleLogs/healthy | jq 'select(.severity == "E")'
          logtrace parse SampleLogs/healthy --only etcd --since 30m
          logtrace parse --unparsed SampleLogs/namespace-stuck-terminating
          kubectl logs -n kube-system kube-apiserver-x \\
            | logtrace parse --component kube-apiserver -
        """
    )

    @Argument(help: "Log files, directories (recursive) or - for stdin.")
    var paths: [String]

    @OptionGroup var input: InputOptions
    @OptionGroup var window: WindowOptions

    @Option(help: "Output format: json (NDJSON, the default), text, or clickhouse (JSONEachRow rows for the table in docs/clickhouse.md). With --unparsed the default is path:line: text.")
    var format: RecordFormat?

    @Flag(help: "Only the lines no format understood (the report header counts them), as path:line: text.")
    var unparsed = false

    func validate() throws {
        _ = try input.overrides(paths: paths)
        try window.checkStreams(paths)
    }

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let options = try input.readOptions()
        let overrides = try input.overrides(paths: paths)
        let merger = RecordMerger(options: options, overrides: overrides)
        var last: Int64?
        if window.isRelative {
            // A duration counts back from the last record: one quick pass (no rules, time only) finds it.
            var o = AnalysisOptions()
            o.read = options
            o.read.only = nil
            o.componentOverrides = overrides
            let stats = Analyzer(rules: RuleCatalog.load(userDirs: [], includeBuiltin: false, log: DiagnosticLog()), options: o)
                .run(paths: paths, log: DiagnosticLog()).inputs
            last = stats.compactMap(\.last).max()
        }
        (merger.since, merger.until) = window.window(last: last)
        merger.unparsedOnly = unparsed
        let writer: any RecordWriter
        if let format { writer = format.writer } else if unparsed { writer = LocationRecords() } else { writer = NDJSONRecords() }
        let stats = merger.run(paths: paths, log: log, format: writer) { slices in
            Terminal.write(slices: slices)
        }
        // What was read, on stderr (stdout stays clean NDJSON), then the diagnostics.
        Terminal.writeError(Terminal.inputHeader(stats, since: merger.since, until: merger.until, relative: window.isRelative, colour: false))
        Terminal.report(log)
        throw ExitCode(log.hasErrors ? 2 : 0)
    }
}
