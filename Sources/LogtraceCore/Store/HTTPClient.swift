#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Socket constants whose Swift spelling differs: Glibc imports SOCK_* as enums and has
/// SOCK_CLOEXEC and MSG_NOSIGNAL; Darwin has plain Int32 constants, no SOCK_CLOEXEC (FD_CLOEXEC
/// is set after socket(2)) and no MSG_NOSIGNAL (SO_NOSIGPIPE is set on the socket instead).
enum SocketFlags {
    #if canImport(Glibc)
    static let stream = Int32(SOCK_STREAM.rawValue)
    static let cloexec = Int32(SOCK_CLOEXEC.rawValue)
    static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    static let stream = SOCK_STREAM
    static let cloexec: Int32 = 0
    static let noSignal: Int32 = 0
    #endif

    /// Darwin: close-on-exec and no SIGPIPE, set on the new socket (Linux passes them as flags).
    static func prepare(_ fd: Int32) {
        #if !canImport(Glibc)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    @inline(__always)
    static func connect(_ fd: Int32, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t) -> Int32 {
        #if canImport(Glibc)
        return Glibc.connect(fd, addr, len)
        #else
        return Darwin.connect(fd, addr, len)
        #endif
    }

    @inline(__always)
    static func send(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int, _ flags: Int32) -> Int {
        #if canImport(Glibc)
        return Glibc.send(fd, p, n, flags)
        #else
        return Darwin.send(fd, p, n, flags)
        #endif
    }
}

/// An HTTP response whose body is read as a stream (chunked or sized), so a large result is
/// never held whole in memory.
public final class HTTPResponse: ByteSource {
    public let status: Int
    public let headers: [(String, String)]
    private let body: ByteSource
    public private(set) var bytesRead = 0

    public init(status: Int, headers: [(String, String)], body: ByteSource) {
        self.status = status; self.headers = headers; self.body = body
    }

    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0.lowercased() == n }?.1
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try body.read(into: buffer)
        if n > 0 { bytesRead += n }
        return n
    }

    /// The whole body as text (error messages, small answers), at most `limit` bytes.
    public func text(limit: Int = 1 << 20) throws -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 64 << 10)
        while out.count < limit {
            let n = try buf.withUnsafeMutableBytes { try read(into: $0) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// How requests reach a server: a plain socket for `http`, or a platform client for TLS.
public protocol HTTPTransport: AnyObject {
    /// Sends one POST request and returns the response with its body still to be read.
    func post(path: String, headers: [(String, String)], body: [UInt8]) throws -> HTTPResponse
}

/// What went wrong talking to a server, phrased for a one-line diagnostic.
public struct StoreError: Error, CustomStringConvertible {
    public var message: String
    public var help: String?
    public init(_ message: String, help: String? = nil) { self.message = message; self.help = help }
    public var description: String { help.map { "\(message) (\($0))" } ?? message }
}

/// A small HTTP/1.1 client over a TCP socket: one connection per request (`Connection: close`),
/// connect and I/O timeouts, `Content-Length` or chunked responses. Enough for ClickHouse's
/// HTTP interface without a networking framework on the hot path.
public final class SocketHTTPTransport: HTTPTransport {
    public let host: String
    public let port: Int
    /// The longest wait for any byte of the answer (and for sending the request).
    public var timeoutSeconds: Int
    /// The longest wait for the TCP connection.
    public var connectTimeoutSeconds: Int

    /// HTTPS when set (OpenSSL, where the build has it: `supportsTLS`).
    public let tls: TLSOptions?
    #if canImport(COpenSSL)
    private var tlsContext: TLSContext?
    /// Whether this build speaks TLS itself (Linux, OpenSSL); elsewhere a platform client does.
    public static let supportsTLS = true
    #else
    public static let supportsTLS = false
    #endif

    public init(host: String, port: Int, timeoutSeconds: Int = ClickHouseURL.defaultTimeout,
                connectTimeoutSeconds: Int = ClickHouseURL.defaultConnectTimeout, tls: TLSOptions? = nil) {
        self.host = host; self.port = port; self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = min(connectTimeoutSeconds, timeoutSeconds)
        self.tls = tls
    }

    /// A plain socket, or TLS over it for `https`.
    private func open() throws -> HTTPConnection {
        let socket = SocketSource(fd: try connect(), what: "\(host):\(port)", timeout: timeoutSeconds)
        guard let tls else { return socket }
        #if canImport(COpenSSL)
        if tlsContext == nil { tlsContext = try TLSContext(tls) }
        return try TLSSource(socket: socket, context: tlsContext!, host: host, port: port)
        #else
        throw StoreError("TLS is not available in this build's socket client")
        #endif
    }

    public func post(path: String, headers: [(String, String)], body: [UInt8]) throws -> HTTPResponse {
        let conn = try open()
        var head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        head += "\r\n"
        try conn.send(Array(head.utf8))
        if !body.isEmpty { try conn.send(body) }
        let reader = BufferedReader(conn)
        guard let statusLine = try reader.line() else {
            throw StoreError("\(host):\(port) closed the connection without answering", help: tls == nil ? "is this ClickHouse's HTTP port (8123 by default)?" : "is this ClickHouse's HTTPS port (8443 by default)?")
        }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw StoreError("\(host):\(port) did not answer HTTP: '\(String(statusLine.prefix(60)))'", help: "give ClickHouse's HTTP port (8123 by default), not the native one (9000)")
        }
        var hs: [(String, String)] = []
        while let l = try reader.line(), !l.isEmpty {
            guard let c = l.firstIndex(of: ":") else { continue }
            hs.append((String(l[..<c]), String(l[l.index(after: c)...].drop { $0 == " " })))
        }
        let lower = hs.map { ($0.0.lowercased(), $0.1) }
        let body: ByteSource
        if lower.contains(where: { $0.0 == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            body = ChunkedSource(reader)
        } else if let cl = lower.first(where: { $0.0 == "content-length" }), let n = Int(cl.1.trimmingSpaces) {
            body = SizedSource(reader, n)
        } else {
            body = reader
        }
        return HTTPResponse(status: status, headers: hs, body: body)
    }

    /// Resolves the host and connects within the timeout; errors say which step failed.
    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = SocketFlags.stream
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &res)
        guard rc == 0, let first = res else {
            throw StoreError("cannot resolve host '\(host)': \(String(cString: gai_strerror(rc)))", help: "check the host name in the URL")
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype | SocketFlags.cloexec, a.pointee.ai_protocol)
            if fd < 0 { lastError = String(cString: strerror(errno)); continue }
            SocketFlags.prepare(fd)
            let flags = fcntl(fd, F_GETFL, 0)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var r = SocketFlags.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen)
            if r < 0 && errno == EINPROGRESS {
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let pr = poll(&p, 1, Int32(connectTimeoutSeconds * 1000))
                if pr == 0 { close(fd); lastError = "no connection within \(connectTimeoutSeconds) s"; continue }
                var err: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                r = err == 0 ? 0 : -1
                if err != 0 { errno = err }
            }
            if r < 0 { lastError = String(cString: strerror(errno)); close(fd); continue }
            _ = fcntl(fd, F_SETFL, flags)
            var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return fd
        }
        throw StoreError("cannot connect to \(host):\(port): \(lastError)",
                         help: "is the server running and its HTTP port reachable? (a slow network: raise ?connect_timeout=SECONDS in the URL)")
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
        return String(s)
    }
}

/// A connected socket as a byte source; owns the descriptor.
final class SocketSource: ByteSource {
    let fd: Int32
    let what: String
    let timeout: Int
    init(fd: Int32, what: String, timeout: Int) { self.fd = fd; self.what = what; self.timeout = timeout }
    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        try bytes.withUnsafeBytes { b in
            while off < b.count {
                let n = SocketFlags.send(fd, b.baseAddress! + off, b.count - off, SocketFlags.noSignal)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK {
                        throw StoreError("sending to \(what) timed out: nothing accepted for \(timeout) s", help: "raise it with ?timeout=SECONDS in the URL")
                    }
                    throw StoreError("sending to \(what) failed: \(String(cString: strerror(errno)))")
                }
                off += n
            }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            if errno == EINTR { if logtraceInterrupted != 0 { return 0 }; continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                throw StoreError("timed out: no answer from \(what) for \(timeout) s (a scan of a large table answers only when its rows are filtered and sorted)",
                                 help: "raise it with ?timeout=SECONDS in the URL (default \(ClickHouseURL.defaultTimeout)), or narrow the scan with --since/--until or --where")
            }
            throw StoreError("reading from \(what) failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Buffered reads with line access for the HTTP head and chunk sizes.
final class BufferedReader: ByteSource {
    private let source: ByteSource
    private var buf = [UInt8](repeating: 0, count: 64 << 10)
    private var start = 0, end = 0
    init(_ source: ByteSource) { self.source = source }

    private func fill() throws -> Bool {
        if start == end { start = 0; end = 0 }
        if end == buf.count {
            if start > 0 { buf.replaceSubrange(0..<(end - start), with: buf[start..<end]); end -= start; start = 0 }
            else { buf += [UInt8](repeating: 0, count: buf.count) }
        }
        let n = try buf.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[end...])) }
        if n <= 0 { return false }
        end += n
        return true
    }

    /// One CRLF- or LF-terminated line (without it), nil at the end of the stream. Lines are
    /// capped at 64 KiB (an HTTP head line is never longer).
    func line() throws -> String? {
        var scanned = start
        while true {
            if let i = buf[scanned..<end].firstIndex(of: 0x0A) {
                var e = i
                if e > start && buf[e - 1] == UInt8(ascii: "\r") { e -= 1 }
                let s = String(decoding: buf[start..<e], as: UTF8.self)
                start = i + 1
                return s
            }
            scanned = end
            if end - start > 64 << 10 { throw StoreError("malformed HTTP answer (line longer than 64 KiB)") }
            let before = end - start
            guard try fill() else {
                if end > start { let s = String(decoding: buf[start..<end], as: UTF8.self); start = end; return s }
                return nil
            }
            scanned = start + before
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if start == end { guard try fill() else { return 0 } }
        let n = min(buffer.count, end - start)
        buf.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: n) }
        start += n
        return n
    }
}

/// A body of known length.
final class SizedSource: ByteSource {
    private let r: BufferedReader
    private var left: Int
    init(_ r: BufferedReader, _ n: Int) { self.r = r; left = n }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard left > 0 else { return 0 }
        let n = try r.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, left)]))
        if n <= 0 { throw StoreError("the connection closed \(left) bytes before the end of the answer") }
        left -= n
        return n
    }
}

/// `Transfer-Encoding: chunked`.
final class ChunkedSource: ByteSource {
    private let r: BufferedReader
    private var left = 0
    private var done = false
    init(_ r: BufferedReader) { self.r = r }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if done { return 0 }
        if left == 0 {
            guard var l = try r.line() else { throw StoreError("the connection closed inside a chunked answer") }
            if l.isEmpty { guard let l2 = try r.line() else { throw StoreError("the connection closed inside a chunked answer") }; l = l2 }
            let hex = l.split(separator: ";").first.map { String($0).trimmingSpaces } ?? ""
            guard let n = Int(hex, radix: 16) else { throw StoreError("malformed chunk size '\(String(l.prefix(20)))' in the answer") }
            if n == 0 {
                while let t = try r.line(), !t.isEmpty {}
                done = true
                return 0
            }
            left = n
        }
        let n = try r.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, left)]))
        if n <= 0 { throw StoreError("the connection closed inside a chunked answer") }
        left -= n
        return n
    }
}
