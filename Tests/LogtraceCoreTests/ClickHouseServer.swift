import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import LogtraceCore
@testable import LogtraceRender

/// A real ClickHouse server for the end-to-end tests: started on free loopback ports with a
/// temporary data directory and config, stopped (and its directory removed) by `stop()`.
/// `LOGTRACE_NO_CLICKHOUSE=1` skips those tests on a developer machine; without it a server that
/// cannot start is a test failure (CI installs clickhouse-server in .ci/run).
final class ClickHouseServer {
    static var disabled: Bool { ProcessInfo.processInfo.environment["LOGTRACE_NO_CLICKHOUSE"] == "1" }

    let dir: String
    let httpPort: Int
    let tcpPort: Int
    /// Spawned with posix_spawn, not Foundation's Process: Process's child monitor blocks in
    /// waitpid on a long-running child when another child exits, hanging `runCLI`.
    private var pid: pid_t = 0
    let password = "lt-secret"
    /// A user whose profile is `readonly=1`: it may read but not change any setting.
    let readonlyUser = "reader", readonlyPassword = "ro-secret"
    /// With `tls`: ClickHouse's HTTPS port, serving a certificate for localhost and 127.0.0.1
    /// signed by `caFile`, a CA made for this server with openssl; `otherCAFile` signed nothing.
    private(set) var httpsPort = 0
    var caFile: String { dir + "/tls/ca.crt" }
    var otherCAFile: String { dir + "/tls/other-ca.crt" }

    static func freePort() -> Int {
        let fd = socket(AF_INET, SocketFlags.stream, 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func find(_ name: String) -> String? {
        for d in ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"] where FileManager.default.isExecutableFile(atPath: d + "/" + name) {
            return d + "/" + name
        }
        return nil
    }

    struct StartError: Error, CustomStringConvertible { var description: String }

    /// Runs openssl in `dir` (certificates for the TLS server).
    static func openssl(_ args: [String], in dir: String) throws {
        guard let exe = find("openssl") else { throw StartError(description: "openssl is not installed (apt-get install openssl; .ci/run does)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw StartError(description: "openssl \(args.joined(separator: " ")) failed: \(String(decoding: e, as: UTF8.self))")
        }
    }

    /// A CA and a server certificate it signs (localhost, 127.0.0.1), and a second, unrelated CA.
    static func makeCertificates(in dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for ca in ["ca", "other-ca"] {
            try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(ca).key", "-out", "\(ca).crt",
                         "-days", "2", "-subj", "/CN=logtrace test \(ca)"], in: dir)
        }
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], in: dir)
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: dir + "/san.cnf", atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "server.crt", "-days", "2", "-extfile", "san.cnf"], in: dir)
    }

    init(tls: Bool = false) throws {
        guard let exe = Self.find("clickhouse-server") ?? Self.find("clickhouse") else {
            throw StartError(description: "clickhouse-server is not installed (apt-get install clickhouse-server clickhouse-client; .ci/run does), or set LOGTRACE_NO_CLICKHOUSE=1 to skip")
        }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-ch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        httpPort = Self.freePort()
        tcpPort = Self.freePort()
        var tlsConfig = ""
        if tls {
            try Self.makeCertificates(in: dir + "/tls")
            httpsPort = Self.freePort()
            tlsConfig = """
              <https_port>\(httpsPort)</https_port>
              <openSSL><server>
                <certificateFile>\(dir)/tls/server.crt</certificateFile><privateKeyFile>\(dir)/tls/server.key</privateKeyFile>
                <verificationMode>none</verificationMode><loadDefaultCAFile>false</loadDefaultCAFile>
                <cacheSessions>true</cacheSessions><disableProtocols>sslv2,sslv3</disableProtocols><preferServerCiphers>true</preferServerCiphers>
              </server></openSSL>
            """
        }
        let config = """
        <?xml version="1.0"?>
        <yandex>
          <logger><level>warning</level><log>\(dir)/server.log</log><errorlog>\(dir)/server.err.log</errorlog></logger>
          <http_port>\(httpPort)</http_port>
          <tcp_port>\(tcpPort)</tcp_port>
        \(tlsConfig)
          <listen_host>127.0.0.1</listen_host>
          <path>\(dir)/data/</path>
          <tmp_path>\(dir)/tmp/</tmp_path>
          <user_files_path>\(dir)/user_files/</user_files_path>
          <format_schema_path>\(dir)/format_schemas/</format_schema_path>
          <users_config>\(dir)/users.xml</users_config>
          <default_profile>default</default_profile>
          <default_database>default</default_database>
          <timezone>UTC</timezone>
          <mark_cache_size>268435456</mark_cache_size>
          <uncompressed_cache_size>268435456</uncompressed_cache_size>
          <max_concurrent_queries>20</max_concurrent_queries>
          <mlock_executable>false</mlock_executable>
        </yandex>
        """
        let users = """
        <?xml version="1.0"?>
        <yandex>
          <profiles>
            <default><max_memory_usage>2000000000</max_memory_usage></default>
            <readonly><readonly>1</readonly></readonly>
          </profiles>
          <users>
            <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
            <logtrace><password>\(password)</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></logtrace>
            <\(readonlyUser)><password>\(readonlyPassword)</password><networks><ip>127.0.0.1</ip></networks><profile>readonly</profile><quota>default</quota></\(readonlyUser)>
          </users>
          <quotas><default></default></quotas>
        </yandex>
        """
        try config.write(toFile: dir + "/config.xml", atomically: true, encoding: .utf8)
        try users.write(toFile: dir + "/users.xml", atomically: true, encoding: .utf8)
        var args = [exe] + (exe.hasSuffix("/clickhouse") ? ["server"] : []) + ["--config-file=\(dir)/config.xml"]
        var actions = spawnActions()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var cargs = args.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        let rc = spawnWithSignals(&pid, exe, &actions, &cargs)
        args.removeAll()
        guard rc == 0 else { throw StartError(description: "cannot start \(exe): \(String(cString: strerror(rc)))") }
        // Ready when it answers a query (a cold start takes a few seconds on a loaded machine).
        let deadline = Date().addingTimeInterval(60)
        while true {
            if let v = try? query("SELECT version()"), !v.isEmpty { return }
            if !isRunning || Date() > deadline {
                let log = (try? String(contentsOfFile: dir + "/server.err.log", encoding: .utf8)) ?? ""
                stop()
                throw StartError(description: "clickhouse-server did not start on 127.0.0.1:\(httpPort): \(log.suffix(600))")
            }
            usleep(200_000)
        }
    }

    var url: ClickHouseURL { ClickHouseURL(host: "127.0.0.1", port: httpPort, database: "default", table: "logs") }
    func url(_ table: String) -> String { "clickhouse://127.0.0.1:\(httpPort)/default.\(table)" }

    /// A query through the library's own client (used for setup and checks).
    @discardableResult
    func query(_ sql: String) throws -> String {
        var u = url
        u.timeoutSeconds = 10
        let c = ClickHouseClient(url: u, transport: SocketHTTPTransport(host: u.host, port: u.port, timeoutSeconds: 10))
        return try c.send(sql).text()
    }

    /// The library's client for the default user (setup: inserts with data).
    var client: ClickHouseClient {
        var u = url
        u.timeoutSeconds = 30
        return ClickHouseClient(url: u, transport: SocketHTTPTransport(host: u.host, port: u.port, timeoutSeconds: 30))
    }

    var isRunning: Bool { childIsRunning(&pid) }

    func stop() {
        stopChild(&pid)
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// posix_spawn's file actions and attributes: structs on Linux, optional pointers on Darwin (which
/// have no zero initializer there).
#if canImport(Darwin)
typealias SpawnActions = posix_spawn_file_actions_t?
typealias SpawnAttributes = posix_spawnattr_t?
func spawnActions() -> SpawnActions { nil }
func spawnAttributes() -> SpawnAttributes { nil }
#else
typealias SpawnActions = posix_spawn_file_actions_t
typealias SpawnAttributes = posix_spawnattr_t
func spawnActions() -> SpawnActions { posix_spawn_file_actions_t() }
func spawnAttributes() -> SpawnAttributes { posix_spawnattr_t() }
#endif

/// `posix_spawn` with the child's signal mask cleared and SIGINT/SIGTERM at their default action.
/// Tests run on worker threads that block signals, and a spawned child inherits the calling
/// thread's mask: it would never see the SIGINT or SIGTERM that is meant to stop it.
func spawnWithSignals(_ pid: inout pid_t, _ path: String, _ actions: inout SpawnActions,
                      _ args: inout [UnsafeMutablePointer<CChar>?]) -> Int32 {
    var attr = spawnAttributes()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attr, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGTERM)
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    return posix_spawn(&pid, path, &actions, &attr, &args, Platform.environ)
}

/// Whether the child `pid` still runs (0 once it has been reaped).
func childIsRunning(_ pid: inout pid_t) -> Bool {
    guard pid > 0 else { return false }
    var status: Int32 = 0
    let r = waitpid(pid, &status, WNOHANG)
    if r == pid || (r < 0 && errno == ECHILD) { pid = 0; return false }
    return true
}

/// Stops a server child: SIGTERM, up to 20 s to exit, then SIGKILL.
func stopChild(_ pid: inout pid_t) {
    guard childIsRunning(&pid) else { return }
    kill(pid, SIGTERM)
    _ = waitOrKill(pid, seconds: 20)
    pid = 0
}

/// Waits for `pid` up to `seconds`, then kills it; false when it had to be killed.
func waitOrKill(_ pid: pid_t, seconds: Double) -> Bool {
    let end = Date().addingTimeInterval(seconds)
    var status: Int32 = 0
    while Date() < end {
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid || (r < 0 && errno == ECHILD) { return true }
        usleep(100_000)
    }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
    return false
}
