import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LogtraceCore

/// Options for reading a log store (`clickhouse://HOST:PORT/DB.TABLE` in place of paths).
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Table layout for clickhouse:// inputs: logtrace (the columns `logtrace parse` writes; default) or otel (OpenTelemetry otel_logs).", valueName: "schema"))
    var schema: String?

    @Option(help: ArgumentHelp("Custom column mapping for clickhouse:// inputs: KEY=SQL, for time, severity, component, node, message, pid, file, line, path, source_line, continuation, fields_keys, fields_values, raw=1, time_kind. Repeat or separate with ';'.", valueName: "key=sql"))
    var map: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("An SQL condition ANDed to every clickhouse:// query (one table, many clusters: --where \"cluster = 'prod-1'\").", valueName: "sql"))
    var filters: [String] = []

    /// `--schema`, `--map` and `--where` describe a table: with file inputs they would be
    /// ignored without a word, so they are a usage error; a table is read on its own.
    func check(paths: [String]) throws {
        let tables = paths.filter(ClickHouseURL.isStoreURL)
        if !tables.isEmpty {
            guard paths.count == 1 else {
                throw ValidationError("a clickhouse:// table is read on its own, not with other inputs: analyze \(tables.count > 1 ? "each table" : "the table and the files") in separate runs.")
            }
            return
        }
        var given: [String] = []
        if let schema { given.append("--schema \(schema)") }
        if !map.isEmpty { given.append("--map") }
        if !filters.isEmpty { given.append("--where") }
        guard !given.isEmpty else { return }
        throw ValidationError("\(given.joined(separator: ", ")) \(given.count == 1 ? "applies" : "apply") to a clickhouse:// table only, and the inputs are files. "
            + "Give the table as clickhouse://HOST:PORT/DB.TABLE (docs/clickhouse.md); for files, --since/--until narrow the time and --only keeps components.")
    }

    func mapping() throws -> StoreMapping? {
        var base: StoreMapping?
        switch schema?.lowercased() {
        case nil: base = nil
        case "logtrace", "default": base = .logtrace
        case "otel", "otel_logs": base = .otel
        case let s?: throw ValidationError("--schema: use logtrace or otel, not '\(s)'")
        }
        let pairs = map.flatMap { $0.split(separator: ";") }.compactMap { spec -> (String, String)? in
            guard let eq = spec.firstIndex(of: "=") else { return nil }
            return (String(spec[..<eq]).trimmingCharacters(in: .whitespaces), String(spec[spec.index(after: eq)...]).trimmingCharacters(in: .whitespaces))
        }
        if map.flatMap({ $0.split(separator: ";") }).count != pairs.count { throw ValidationError("--map: use KEY=SQL (e.g. --map message=body)") }
        if pairs.isEmpty { return base }
        do { return try StoreMapping.custom(pairs, base: base ?? .logtrace) } catch let e as StoreError { throw ValidationError(e.description) }
    }
}

/// Opens a ClickHouse client for a URL (HTTP and, with OpenSSL, HTTPS over a socket; URLSession for
/// HTTPS where the build has no OpenSSL).
enum StoreConnection {
    static func client(_ s: String) throws -> ClickHouseClient {
        let url = try ClickHouseURL(parsing: s, environment: ProcessInfo.processInfo.environment)
        return try ClickHouseClient(url: url, tls: { URLSessionTransport(url: $0) })
    }

    /// Runs `body`, turning store errors into a one-line message and exit code 2.
    static func run<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as StoreError {
            Terminal.error("\(what): \(e.description)")
            throw ExitCode(2)
        }
    }

    /// The analysis of a store URL (analyze and report).
    static func analyze(_ target: String, rules: RuleSet, options: AnalysisOptions, store: StoreOptions?, log: DiagnosticLog) throws -> AnalysisResult {
        let mapping = try store?.mapping()
        return try run(redactedURL(target)) {
            let analyzer = StoreAnalyzer(client: try client(target), rules: rules, options: options)
            analyzer.mapping = mapping
            analyzer.filters = store?.filters ?? []
            return try analyzer.run(log: log)
        }
    }

    static func redactedURL(_ s: String) -> String {
        (try? ClickHouseURL(parsing: s).display) ?? s
    }
}

/// HTTPS through URLSession (libcurl on Linux): the body arrives whole, which suits the small
/// answers of pushdown queries; plain HTTP streams over a socket instead.
final class URLSessionTransport: HTTPTransport {
    let url: ClickHouseURL
    init(url: ClickHouseURL) { self.url = url }

    func post(path: String, headers: [(String, String)], body: [UInt8]) throws -> HTTPResponse {
        let host = url.host.contains(":") ? "[\(url.host)]" : url.host
        guard let u = URL(string: "https://\(host):\(url.port)\(path)") else { throw StoreError("bad URL for \(url.display)") }
        var req = URLRequest(url: u, timeoutInterval: TimeInterval(url.timeoutSeconds))
        req.httpMethod = "POST"
        for (k, v) in headers { req.setValue(v, forHTTPHeaderField: k) }
        req.httpBody = Data(body)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data?, URLResponse?, Error?)
        let task = URLSession.shared.dataTask(with: req) { d, r, e in result = (d, r, e); done.signal() }
        task.resume()
        done.wait()
        if let e = result.2 {
            if (e as? URLError)?.code == .timedOut {
                throw StoreError("timed out: no answer from \(url.display) for \(url.timeoutSeconds) s (a scan of a large table answers only when its rows are filtered and sorted)",
                                 help: "raise it with ?timeout=SECONDS in the URL (default \(ClickHouseURL.defaultTimeout)), or narrow the scan with --since/--until or --where")
            }
            throw StoreError("cannot reach \(url.display): \(e.localizedDescription)", help: "is the server up, its HTTPS port right and its certificate trusted?")
        }
        guard let http = result.1 as? HTTPURLResponse else { throw StoreError("no HTTP answer from \(url.display)") }
        let hs = http.allHeaderFields.map { ("\($0.key)", "\($0.value)") }
        return HTTPResponse(status: http.statusCode, headers: hs, body: MemorySource(bytes: [UInt8](result.0 ?? Data())))
    }
}
