/// `logtrace ingest`: parses files with the same readers as `parse` and inserts the records into
/// a ClickHouse table in batches over HTTP (JSONEachRow), creating the table when it is missing.
public final class ClickHouseIngest {
    public let client: ClickHouseClient
    public var batchBytes = 8 << 20
    public private(set) var rows = 0
    public private(set) var batches = 0
    public private(set) var bytesSent = 0

    public init(client: ClickHouseClient) { self.client = client }

    public func createTable() throws {
        try client.execute(StoreQuery.createTable(client.url.qualifiedTable))
    }

    /// Checks the table holds the columns ingest writes (an existing table of another shape is an error).
    public func checkColumns() throws {
        let u = client.url
        let (rows, _) = try client.rows("SELECT name FROM system.columns WHERE database = \(StoreQuery.literal(u.database)) AND table = \(StoreQuery.literal(u.table))")
        let have = Set(rows.compactMap { $0.first?.string })
        let need = ["time", "severity", "component", "node", "pid", "file", "line", "message", "fields.key", "fields.value", "continuation", "source.path", "source.line", "structured"]
        let missing = need.filter { !have.contains($0) }
        if !missing.isEmpty {
            throw StoreError("table \(u.qualifiedTable) exists but lacks the column(s) \(missing.joined(separator: ", "))",
                             help: "ingest into a new table, or create it as docs/clickhouse.md shows")
        }
    }

    /// Reads `paths` and inserts every record, each written as `rows` writes it (the
    /// `parse --format clickhouse` writer); returns the inputs read.
    public func run(paths: [String], options: ReadOptions, overrides: [(name: String, glob: String)], log: DiagnosticLog,
                    rows: some RecordWriter) throws -> [InputStats] {
        try createTable()
        try checkColumns()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(batchBytes + (1 << 20))
        var failure: Error?
        let merger = RecordMerger(options: options, overrides: overrides)
        let stats = merger.run(paths: paths, log: log, format: rows) { slices in
            guard failure == nil else { return }
            for s in slices {
                guard let base = s.iov_base else { continue }
                buffer.append(contentsOf: UnsafeRawBufferPointer(start: base, count: s.iov_len))
            }
            if buffer.count >= batchBytes {
                do { try flush(&buffer) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        try flush(&buffer)
        return stats
    }

    /// Sends whole lines (a batch ends at a newline) as one INSERT.
    private func flush(_ buffer: inout [UInt8]) throws {
        guard !buffer.isEmpty else { return }
        let lines = buffer.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        try client.execute("INSERT INTO \(client.url.qualifiedTable) FORMAT JSONEachRow", data: buffer)
        rows += lines
        batches += 1
        bytesSent += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
