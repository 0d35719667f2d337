/// What a query cost on the server and what came back.
public struct QueryStats: Sendable, Equatable {
    public var rowsRead = 0
    public var bytesRead = 0
    public var rowsReturned = 0
    public var bytesReturned = 0
    public var queries = 0
    public init() {}
    public mutating func add(_ o: QueryStats) {
        rowsRead += o.rowsRead; bytesRead += o.bytesRead; rowsReturned += o.rowsReturned
        bytesReturned += o.bytesReturned; queries += o.queries
    }
}

/// ClickHouse over its HTTP interface: statements in the request body, results as JSONCompact
/// read row by row (with the server's own count of rows and bytes read), inserts as
/// JSONEachRow. Server errors become one-line `StoreError`s that say what to do.
public final class ClickHouseClient {
    public let url: ClickHouseURL
    public let transport: HTTPTransport

    public init(url: ClickHouseURL, transport: HTTPTransport) {
        self.url = url; self.transport = transport
    }

    /// A client over a socket: plain HTTP, or HTTPS for `clickhouses://` (OpenSSL). A build
    /// without OpenSSL (macOS) takes its TLS transport from `tls`.
    public convenience init(url: ClickHouseURL, tls: ((ClickHouseURL) -> HTTPTransport)? = nil) throws {
        if url.secure && !SocketHTTPTransport.supportsTLS {
            guard let tls else { throw StoreError("TLS (clickhouses://) is not available in this build", help: "use clickhouse:// over a trusted network") }
            self.init(url: url, transport: tls(url))
        } else {
            self.init(url: url, transport: SocketHTTPTransport(host: url.host, port: url.port, timeoutSeconds: url.timeoutSeconds,
                                                             connectTimeoutSeconds: url.connectTimeoutSeconds,
                                                             tls: url.secure ? TLSOptions(caFile: url.caFile) : nil))
        }
    }

    var headers: [(String, String)] {
        var h: [(String, String)] = [("Content-Type", "text/plain; charset=UTF-8")]
        if url.user != nil || url.password != nil {
            let token = Base64.encode(Array("\(url.user ?? "default"):\(url.password ?? "")".utf8))
            h.append(("Authorization", "Basic \(token)"))
        }
        return h
    }

    /// Runs `sql` with `body` as its data (inserts) and checks the status.
    public func send(_ sql: String, data: [UInt8]? = nil, settings: [(String, String)] = []) throws -> HTTPResponse {
        var path = "/?database=\(Self.percentEncode(url.database))"
        for (k, v) in settings { path += "&\(k)=\(Self.percentEncode(v))" }
        let body: [UInt8]
        if let data {
            path += "&query=" + Self.percentEncode(sql)
            body = data
        } else {
            body = Array(sql.utf8)
        }
        let r = try transport.post(path: path, headers: headers, body: body)
        guard r.status == 200 else {
            let text = (try? r.text(limit: 64 << 10)) ?? ""
            throw Self.explain(status: r.status, text, url: url)
        }
        return r
    }

    /// Runs a statement that returns nothing of interest.
    public func execute(_ sql: String, data: [UInt8]? = nil, settings: [(String, String)] = []) throws {
        let r = try send(sql, data: data, settings: settings)
        _ = try r.text(limit: 1 << 20)
    }

    /// Runs a SELECT (without FORMAT) and calls `row` with each row's values, in order.
    @discardableResult
    public func select(_ sql: String, row: ([JSONValue]) throws -> Void) throws -> QueryStats {
        // No settings in the request: a user whose profile is readonly=1 may not change any.
        // 64-bit integers come back quoted by default; `JSONValue.int` reads them either way.
        let r = try send(sql + "\nFORMAT JSONCompact")
        let s = JSONStream(r)
        var stats = QueryStats()
        stats.queries = 1
        try s.expect(0x7B)
        if try s.isEmpty(closing: 0x7D) { return stats }
        repeat {
            let key = try s.string()
            try s.expect(0x3A)
            switch key {
            case "data":
                try s.expect(0x5B)
                if try s.isEmpty(closing: 0x5D) { break }
                repeat {
                    guard case .array(let values) = try s.value() else { throw s.error("a row is not an array") }
                    stats.rowsReturned += 1
                    try row(values)
                } while try s.more(closing: 0x5D)
            case "statistics":
                let v = try s.value()
                stats.rowsRead = v["rows_read"]?.int ?? 0
                stats.bytesRead = v["bytes_read"]?.int ?? 0
            default:
                _ = try s.value()
            }
        } while try s.more(closing: 0x7D)
        stats.bytesReturned = r.bytesRead
        return stats
    }

    /// All rows of a small SELECT.
    public func rows(_ sql: String) throws -> (rows: [[JSONValue]], stats: QueryStats) {
        var out: [[JSONValue]] = []
        let st = try select(sql) { out.append($0) }
        return (out, st)
    }

    static func firstLine(_ s: String) -> String {
        var t = s
        if let nl = t.firstIndex(of: "\n") { t = String(t[..<nl]) }
        if t.count > 300 { t = String(t.prefix(300)) + "…" }
        return t
    }

    /// Turns a server answer into a clear error: missing table or column, authentication, other.
    static func explain(status: Int, _ text: String, url: ClickHouseURL) -> StoreError {
        let line = firstLine(text.trimmingSpaces)
        let code = line.range(of: "Code: ").flatMap { r in Int(line[r.upperBound...].prefix { $0.isNumber }) }
        switch code {
        case 60:
            return StoreError("table \(url.qualifiedTable) does not exist on \(url.host):\(url.port)",
                              help: "load it with `logtrace ingest DIR \(url.display)` or create it as docs/clickhouse.md shows")
        case 81:
            return StoreError("database \(url.database) does not exist on \(url.host):\(url.port)", help: "check the URL's DB.TABLE")
        case 47, 16:
            return StoreError("a column the mapping needs is missing from \(url.qualifiedTable): \(line)",
                              help: "check the table's columns against the schema mapping (--schema, --map)")
        case 192, 193, 194, 516:
            return StoreError("authentication failed for user '\(url.user ?? "default")' on \(url.host):\(url.port)",
                              help: "set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD or put them in the URL")
        default:
            return StoreError("ClickHouse answered HTTP \(status): \(line.isEmpty ? "(no message)" : line)")
        }
    }

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~") {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let h = String(b, radix: 16, uppercase: true)
                out += "%" + (h.count == 1 ? "0" + h : h)
            }
        }
        return out
    }
}

enum Base64 {
    static let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static func encode(_ b: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i + 2 < b.count {
            let v = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)], table[Int(v & 63)]]
            i += 3
        }
        if b.count - i == 1 {
            let v = UInt32(b[i]) << 16
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], 0x3D, 0x3D]
        } else if b.count - i == 2 {
            let v = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)], 0x3D]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
