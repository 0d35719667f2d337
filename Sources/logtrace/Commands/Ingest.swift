import ArgumentParser
import LogtraceCore
import LogtraceRender

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load log files into a ClickHouse table (the columns `logtrace parse` writes).",
        discussion: """
        Parses the files with the same readers as analyze and parse, and inserts every record \
        in batches over ClickHouse's HTTP interface. Creates the table when it is missing \
        (MergeTree ordered by time; see docs/clickhouse.md). Credentials come from the URL or \
        CLICKHOUSE_USER / CLICKHOUSE_PASSWORD.

        Examples:
          logtrace ingest SampleLogs/namespace-stuck-terminating clickhouse://localhost:8123/default.logs
          logtrace analyze clickhouse://localhost:8123/default.logs
        """
    )

    @Argument(help: "Log files or directories, then the table: clickhouse://HOST:PORT/DB.TABLE.")
    var arguments: [String]

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("Bytes of rows per INSERT.", valueName: "bytes"))
    var batchBytes: Int = 8 << 20

    func validate() throws {
        guard arguments.count >= 2, let last = arguments.last, ClickHouseURL.isStoreURL(last) else {
            throw ValidationError("give the log files or directories, then the table as clickhouse://HOST:PORT/DB.TABLE")
        }
    }

    func run() throws {
        Terminal.setUp()
        let log = DiagnosticLog()
        let target = arguments.last!
        let paths = Array(arguments.dropLast())
        let ingest = try StoreConnection.run(StoreConnection.redactedURL(target)) { ClickHouseIngest(client: try StoreConnection.client(target)) }
        ingest.batchBytes = max(64 << 10, batchBytes)
        let stats = try StoreConnection.run(StoreConnection.redactedURL(target)) {
            try ingest.run(paths: paths, options: try input.readOptions(), overrides: try input.overrides(paths: paths), log: log,
                           rows: ClickHouseRecords())
        }
        Terminal.report(log)
        Terminal.error("inserted \(ingest.rows) records from \(stats.count) file\(stats.count == 1 ? "" : "s") into \(ingest.client.url.display) in \(ingest.batches) batch\(ingest.batches == 1 ? "" : "es")")
        throw ExitCode(log.hasErrors ? 2 : 0)
    }
}
