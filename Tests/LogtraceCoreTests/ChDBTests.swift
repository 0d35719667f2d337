import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// A current ClickHouse engine (chDB from PyPI, ClickHouse 26.x) behind `scripts/chdb-http.py`,
/// which carries ClickHouse's HTTP interface to it: the OTel preset needs `DateTime64` and
/// `Map`, which Debian's clickhouse-server 18.16 lacks. Every statement runs in the real engine.
/// `.ci/run` tries to install chdb; without the module (or with `LOGTRACE_NO_CLICKHOUSE=1`) the
/// test is skipped and Swift Testing prints why.
final class ChDBServer {
    let dir: String
    let port: Int
    private var pid: pid_t = 0

    struct StartError: Error, CustomStringConvertible { var description: String }

    /// The python3 the tests run chDB with: the first on PATH (pyenv shims and pip's --user
    /// installs live outside the default PATH of some shells).
    static let python3: String = {
        let env = ProcessInfo.processInfo.environment
        return (env["PATH"] ?? "").split(separator: ":").map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? ClickHouseServer.find("python3") ?? "/usr/bin/python3"
    }()

    /// Why the chDB tests cannot run here (nil: they can): chdb is an optional test dependency
    /// (`.ci/run` tries to install it from PyPI and goes on without it when that fails).
    static let missing: String? = {
        if ClickHouseServer.disabled { return "LOGTRACE_NO_CLICKHOUSE=1" }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python3)
        p.arguments = ["-c", "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('chdb') else 3)"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return "no python3 at \(python3)" }
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            return "python3 (\(python3)) has no chdb module: install it with `python3 -m pip install chdb` to run the OTel preset against a current ClickHouse"
        }
        return nil
    }()

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-chdb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        port = ClickHouseServer.freePort()
        let python3 = Self.python3
        let args = [python3, repoRoot + "/scripts/chdb-http.py", String(port), dir + "/data"]
        var actions = spawnActions()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out.log", O_WRONLY | O_CREAT, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err.log", O_WRONLY | O_CREAT, 0o644)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var cargs = args.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        let rc = spawnWithSignals(&pid, python3, &actions, &cargs)
        guard rc == 0 else { throw StartError(description: "cannot start \(python3): \(String(cString: strerror(rc)))") }
        let deadline = Date().addingTimeInterval(180)   // importing chdb takes a while on a loaded machine
        while true {
            if let v = try? query("SELECT version()"), !v.isEmpty { return }
            if !isRunning || Date() > deadline {
                let log = (try? String(contentsOfFile: dir + "/err.log", encoding: .utf8)) ?? ""
                stop()
                throw StartError(description: "chDB did not start (python3 -m pip install chdb; .ci/run does it), or set LOGTRACE_NO_CLICKHOUSE=1 to skip: \(log.suffix(600))")
            }
            usleep(300_000)
        }
    }

    func url(_ table: String) -> String { "clickhouse://127.0.0.1:\(port)/default.\(table)" }

    var client: ClickHouseClient {
        let u = ClickHouseURL(host: "127.0.0.1", port: port, database: "default", table: "logs")
        return ClickHouseClient(url: u, transport: SocketHTTPTransport(host: u.host, port: u.port, timeoutSeconds: 60))
    }

    @discardableResult
    func query(_ sql: String, data: [UInt8]? = nil) throws -> String {
        if let data { try client.execute(sql, data: data); return "" }
        return try client.send(sql).text()
    }

    var isRunning: Bool { childIsRunning(&pid) }

    func stop() {
        stopChild(&pid)
        try? FileManager.default.removeItem(atPath: dir)
    }
}

@Suite(.serialized) struct ChDBEndToEndTests {
    /// Findings without evidence text and line (an OTel row has no source line, so evidence and
    /// a "both read from" join name the path alone).
    func findings(_ json: String) -> String {
        func strip(_ v: Any) -> Any {
            if var o = v as? [String: Any] {
                if o["path"] != nil && o["line"] != nil { o["text"] = nil; o["line"] = nil }
                if let d = o["detail"] as? String, d.hasPrefix("both read from ") {
                    o["detail"] = d.replacingOccurrences(of: #":[0-9]+$"#, with: "", options: .regularExpression)
                }
                for (k, x) in o { o[k] = strip(x) }
                return o
            }
            if let a = v as? [Any] { return a.map(strip) }
            return v
        }
        guard let d = json.data(using: .utf8), let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any],
              let f = o["findings"].map(strip), let out = try? JSONSerialization.data(withJSONObject: f, options: [.sortedKeys, .prettyPrinted]) else { return "<not JSON: \(json.prefix(200))>" }
        return String(decoding: out, as: UTF8.self)
    }

    /// The OpenTelemetry Collector ClickHouse exporter's `otel_logs` table, as it creates it.
    static let otelTable = """
        CREATE TABLE IF NOT EXISTS default.otel_logs (
            Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            TimestampTime DateTime DEFAULT toDateTime(Timestamp),
            TraceId String CODEC(ZSTD(1)),
            SpanId String CODEC(ZSTD(1)),
            TraceFlags UInt8,
            SeverityText LowCardinality(String) CODEC(ZSTD(1)),
            SeverityNumber UInt8,
            ServiceName LowCardinality(String) CODEC(ZSTD(1)),
            Body String CODEC(ZSTD(1)),
            ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
            ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
            ScopeName String CODEC(ZSTD(1)),
            ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
            ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
        ) ENGINE = MergeTree
        PARTITION BY toDate(TimestampTime)
        PRIMARY KEY (ServiceName, TimestampTime)
        ORDER BY (ServiceName, TimestampTime, Timestamp)
        """

    /// The default table (ingest) and the OTel preset (`--schema otel`, DateTime64 and Map
    /// columns) on a current ClickHouse give the findings the files give. The OTel rows carry
    /// each record as the collector would: the log line in Body (the klog line rebuilt from the
    /// default table's columns), component and node in ResourceAttributes, the file in
    /// LogAttributes['log.file.path'].
    @Test(.enabled(if: ChDBServer.missing == nil, "\(ChDBServer.missing ?? "")"))
    func otelPresetOnCurrentClickHouse() throws {
        let server = try ChDBServer()
        defer { server.stop() }
        let version = try server.query("SELECT version()")
        #expect((Int(version.split(separator: ".").first ?? "") ?? 0) >= 21, "chDB's ClickHouse \(version) has no Map")
        for dump in ["namespace-stuck-terminating", "aggregated-api-down"] {
            let files = try runCLI(["analyze", "SampleLogs/" + dump, "--format", "json"])
            try server.query("DROP TABLE IF EXISTS default.logs")
            try server.query("DROP TABLE IF EXISTS default.otel_logs")
            // The default schema, created and loaded by ingest, read back on a current release.
            let ing = try runCLI(["ingest", "SampleLogs/" + dump, server.url("logs")])
            #expect(ing.status == 0, "ingest \(dump): \(ing.err)")
            let viaDefault = try runCLI(["analyze", server.url("logs"), "--format", "json"])
            #expect(findings(viaDefault.out) == findings(files.out), "\(dump): default table on ClickHouse \(version) differs from files: \(viaDefault.err)")
            // The OTel table, filled from the default table's rows.
            try server.query(Self.otelTable)
            let q = StoreQuery(mapping: .logtrace, table: "default.logs")
            let builder = StoreRecordBuilder(rules: builtinRules, raw: false)
            var rows: [UInt8] = []
            var n = 0
            try server.client.select("SELECT " + q.selectList.joined(separator: ", ") + " FROM default.logs") { values in
                guard let row = StoreRow(values, timeKind: .rfc3339), let t = row.time else { return }
                let body = String(decoding: builder.text(of: row).bytes, as: UTF8.self)
                let ts = Timestamp.rfc3339(t).dropLast().replacingOccurrences(of: "T", with: " ")
                var w = JSONWriter()
                w.beginObject()
                w.field("Timestamp", ts)
                w.field("SeverityText", row.severity)
                w.field("ServiceName", row.component)
                w.field("Body", body)
                w.key("ResourceAttributes"); w.beginObject(); w.field("k8s.container.name", row.component); w.field("k8s.node.name", row.node); w.endObject()
                w.key("LogAttributes"); w.beginObject(); w.field("log.file.path", row.path); w.endObject()
                w.endObject()
                rows += Array((w.out + "\n").utf8)
                n += 1
            }
            #expect(n > 100)
            try server.query("INSERT INTO default.otel_logs FORMAT JSONEachRow", data: rows)
            let otel = try runCLI(["analyze", server.url("otel_logs"), "--schema", "otel", "--format", "json"])
            #expect(otel.status == files.status, "\(dump): exit \(otel.status) vs \(files.status): \(otel.err)")
            #expect(findings(otel.out) == findings(files.out), "\(dump): --schema otel on ClickHouse \(version) differs from files: \(otel.err)")
            #expect(otel.err.contains("ClickHouse scanned"), "\(otel.err)")
            // The window is compared as DateTime64 on the server.
            let win = ["--since", "2024-03-12T06:30:00Z", "--until", "2024-03-12T09:00:00Z"]
            let filesWin = try runCLI(["analyze", "SampleLogs/" + dump, "--format", "json"] + win)
            let otelWin = try runCLI(["analyze", server.url("otel_logs"), "--schema", "otel", "--format", "json"] + win)
            #expect(findings(otelWin.out) == findings(filesWin.out), "\(dump): windowed --schema otel differs: \(otelWin.err)")
        }
    }
}
