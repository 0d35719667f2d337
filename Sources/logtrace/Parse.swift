import ArgumentParser
import LogtraceCore

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the merged, normalised records as NDJSON (or text).",
        discussion: """
        One JSON object per record, in time order across all inputs: time (RFC 3339 UTC), \
        severity, component, node, pid, file, line, message, fields, continuation, source.

        Examples:
          logtrace parse SampleLogs/healthy | jq 'select(.severity == "E")'
          kubectl logs -n kube-system kube-apiserver-x | logtrace parse --component kube-apiserver -
        """
    )

    @Argument(help: "Log files, directories (recursive) or - for stdin.")
    var paths: [String]

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: json (NDJSON) or text.")
    var format: String = "json"

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let merger = RecordMerger(options: try input.readOptions(), overrides: try input.overrides())
        let json = format != "text"
        _ = merger.run(paths: paths, log: log, format: json ? .ndjson : .text) { slices in
            Terminal.write(slices: slices)
        }
        Terminal.report(log)
        throw ExitCode(log.hasErrors ? 2 : 0)
    }
}
