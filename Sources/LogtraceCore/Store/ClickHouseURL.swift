/// Where a ClickHouse table is: `clickhouse://[USER[:PASSWORD]@]HOST[:PORT]/[DB.]TABLE[?OPTIONS]`.
/// `clickhouses://` (or `?secure=1`) asks for TLS (HTTPS, port 8443 by default); plain HTTP uses
/// port 8123. Credentials come from the URL or `CLICKHOUSE_USER` / `CLICKHOUSE_PASSWORD`.
/// Options: `timeout=SECONDS` (the longest wait for the server's answer, default 300: a scan of
/// a large table sends nothing until its first block is sorted), `connect_timeout=SECONDS`
/// (default 10), `schema=logtrace|otel`, `ca=FILE` (a PEM CA certificate to trust for TLS, as
/// well as the system's; `CLICKHOUSE_CA` when the URL does not give one).
public struct ClickHouseURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var secure: Bool
    public var user: String?
    public var password: String?
    public var database: String
    public var table: String
    /// The longest wait for any byte of the server's answer (a scan of a large table answers only
    /// once its rows are filtered and sorted).
    public var timeoutSeconds = ClickHouseURL.defaultTimeout
    /// The longest wait for the TCP connection.
    public var connectTimeoutSeconds = ClickHouseURL.defaultConnectTimeout
    public static let defaultTimeout = 300
    public static let defaultConnectTimeout = 10
    public var options: [String: String] = [:]
    /// A PEM file of CA certificates trusted for TLS in addition to the system's.
    public var caFile: String?

    public static func isStoreURL(_ s: String) -> Bool {
        s.hasPrefix("clickhouse://") || s.hasPrefix("clickhouses://")
    }

    public init(host: String, port: Int, secure: Bool = false, database: String, table: String) {
        self.host = host; self.port = port; self.secure = secure; self.database = database; self.table = table
    }

    /// Parses the URL; `environment` supplies credentials the URL does not give.
    public init(parsing s: String, environment: [String: String] = [:]) throws {
        var rest: Substring
        if s.hasPrefix("clickhouses://") { secure = true; rest = s.dropFirst("clickhouses://".count) }
        else if s.hasPrefix("clickhouse://") { secure = false; rest = s.dropFirst("clickhouse://".count) }
        else { throw StoreError("not a ClickHouse URL: \(s)", help: "use clickhouse://HOST:PORT/DB.TABLE") }
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") { query = rest[rest.index(after: q)...]; rest = rest[..<q] }
        guard let slash = rest.firstIndex(of: "/") else {
            throw StoreError("no table in \(s)", help: "use clickhouse://HOST:PORT/DB.TABLE")
        }
        var authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        if let at = authority.lastIndex(of: "@") {
            let cred = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let c = cred.firstIndex(of: ":") {
                user = Self.percentDecode(cred[..<c]); password = Self.percentDecode(cred[cred.index(after: c)...])
            } else { user = Self.percentDecode(cred) }
        }
        for part in query.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1)
            options[Self.percentDecode(kv[0])] = kv.count > 1 ? Self.percentDecode(kv[1]) : ""
        }
        if let v = options["secure"], v == "1" || v == "true" { secure = true }
        // [v6]:port or host:port
        var hostPart = authority
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw StoreError("bad IPv6 address in \(s)") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let c = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: c)...]
            hostPart = hostPart[..<c]
        }
        guard !hostPart.isEmpty else { throw StoreError("no host in \(s)", help: "use clickhouse://HOST:PORT/DB.TABLE") }
        host = String(hostPart)
        if let p = portPart {
            guard let n = Int(p), n > 0, n < 65536 else { throw StoreError("bad port '\(p)' in \(s)") }
            port = n
        } else { port = secure ? 8443 : 8123 }
        let name = path.split(separator: "/").first.map(String.init) ?? ""
        guard !name.isEmpty else { throw StoreError("no table in \(s)", help: "use clickhouse://HOST:PORT/DB.TABLE") }
        if let dot = name.firstIndex(of: ".") {
            database = String(name[..<dot]); table = String(name[name.index(after: dot)...])
        } else { database = "default"; table = name }
        guard Self.isIdentifier(database), Self.isIdentifier(table) else {
            throw StoreError("database and table names must be plain identifiers ([A-Za-z0-9_]): \(name)")
        }
        if let t = options["timeout"] {
            guard let n = Int(t), n > 0 else { throw StoreError("bad timeout '\(t)' in \(s)", help: "whole seconds, e.g. ?timeout=600") }
            timeoutSeconds = n
        }
        if let t = options["connect_timeout"] {
            guard let n = Int(t), n > 0 else { throw StoreError("bad connect_timeout '\(t)' in \(s)", help: "whole seconds, e.g. ?connect_timeout=30") }
            connectTimeoutSeconds = n
        }
        if let ca = options["ca"] {
            guard secure else { throw StoreError("?ca= applies to TLS only: \(s)", help: "use clickhouses://, or drop ?ca=") }
            guard !ca.isEmpty else { throw StoreError("empty ?ca= in \(s)", help: "give the path of a PEM file, e.g. ?ca=/etc/ssl/private-ca.pem") }
            caFile = ca
        } else if secure, let ca = environment["CLICKHOUSE_CA"], !ca.isEmpty {
            caFile = ca
        }
        if user == nil { user = environment["CLICKHOUSE_USER"] }
        if password == nil { password = environment["CLICKHOUSE_PASSWORD"] }
    }

    static func isIdentifier<S: StringProtocol>(_ s: S) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
            && !(s.utf8.first! >= UInt8(ascii: "0") && s.utf8.first! <= UInt8(ascii: "9"))
    }

    static func percentDecode<S: StringProtocol>(_ s: S) -> String {
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let v = UInt8(String(decoding: u[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v); i += 3
            } else { out.append(u[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `db.table`, quoted for SQL.
    public var qualifiedTable: String { "\(database).\(table)" }

    /// The URL without the password, for messages and reports.
    public var display: String {
        "\(secure ? "clickhouses" : "clickhouse")://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database).\(table)"
    }
}
