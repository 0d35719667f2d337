#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(COpenSSL)
import COpenSSL
#endif

/// What a TLS connection trusts: the system's CA store (OpenSSL's default paths, which honour
/// `SSL_CERT_FILE` and `SSL_CERT_DIR`) plus, for a server with a private CA, the PEM file `caFile`
/// (`?ca=FILE` in the URL or `CLICKHOUSE_CA`).
public struct TLSOptions: Sendable, Equatable {
    public var caFile: String?
    public init(caFile: String? = nil) { self.caFile = caFile }
}

/// A byte connection that can also send: a plain socket or TLS over it.
protocol HTTPConnection: ByteSource {
    func send(_ bytes: [UInt8]) throws
}

extension SocketSource: HTTPConnection {}

#if canImport(COpenSSL)
/// One OpenSSL client context per transport: peer verification on, TLS 1.2 or later, the
/// system's CAs and the optional CA file loaded once.
final class TLSContext {
    let ctx: OpaquePointer

    init(_ options: TLSOptions) throws {
        guard let c = SSL_CTX_new(TLS_client_method()) else {
            throw StoreError("TLS: cannot create a client context: \(TLSContext.lastError())")
        }
        ctx = c
        _ = copenssl_min_tls12(c)
        // The framing (Content-Length, chunked) tells a truncated answer; a server that closes
        // without close_notify is then not an error.
        copenssl_ignore_unexpected_eof(c)
        SSL_CTX_set_verify(c, SSL_VERIFY_PEER, nil)
        _ = SSL_CTX_set_default_verify_paths(c)
        if let ca = options.caFile {
            ERR_clear_error()
            guard SSL_CTX_load_verify_locations(c, ca, nil) == 1 else {
                // (deinit frees the context: every stored property is set)
                let why = access(ca, R_OK) == 0 ? TLSContext.lastError() : String(cString: strerror(errno))
                throw StoreError("cannot load the CA certificate file \(ca): \(why)",
                                 help: "give a readable PEM file with ?ca=FILE in the URL or CLICKHOUSE_CA=FILE")
            }
        }
    }

    deinit { SSL_CTX_free(ctx) }

    /// OpenSSL's most recent error as text (the queue is cleared).
    static func lastError() -> String {
        let e = ERR_get_error()
        ERR_clear_error()
        guard e != 0 else { return "no further detail" }
        var buf = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(e, &buf, buf.count)
        // "error:0A000086:SSL routines::certificate verify failed": keep the reason.
        let s = String(cString: buf)
        return s.split(separator: ":", omittingEmptySubsequences: false).last.map { String($0) } ?? s
    }
}

/// TLS over a connected socket (OpenSSL): SNI and host name (or IP address) verification, the
/// socket's receive and send timeouts, EINTR and Ctrl-C handled as on a plain socket.
final class TLSSource: HTTPConnection {
    private let socket: SocketSource
    private let context: TLSContext
    private let ssl: OpaquePointer
    private let what: String

    init(socket: SocketSource, context: TLSContext, host: String, port: Int) throws {
        self.socket = socket; self.context = context
        what = "\(host):\(port)"
        guard let s = SSL_new(context.ctx) else { throw StoreError("TLS: cannot create a session: \(TLSContext.lastError())") }
        ssl = s
        _ = SSL_set_fd(s, socket.fd)
        var addr = in6_addr()
        let isIP = inet_pton(AF_INET, host, &addr) == 1 || inet_pton(AF_INET6, host, &addr) == 1
        if !isIP { _ = copenssl_set_sni(s, host) }
        _ = copenssl_expect_host(s, host, isIP ? 1 : 0)
        while true {
            ERR_clear_error()
            let r = SSL_connect(s)
            if r == 1 { break }
            let err = SSL_get_error(s, r)
            let sysErrno = errno
            let verify = SSL_get_verify_result(s)
            if verify != X509_V_OK {
                let reason = String(cString: X509_verify_cert_error_string(verify))
                throw StoreError("TLS: the certificate of \(what) is not trusted: \(reason)",
                                 help: "for a private CA, give its certificate (PEM) with ?ca=FILE in the URL or CLICKHOUSE_CA=FILE")
            }
            if err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_SYSCALL {
                if sysErrno == EINTR && logtraceInterrupted == 0 { continue }
                if sysErrno == EAGAIN || sysErrno == EWOULDBLOCK {
                    throw StoreError("timed out: no TLS handshake with \(what) within \(socket.timeout) s", help: "is this the server's HTTPS port (8443 by default)?")
                }
            }
            throw StoreError("TLS handshake with \(what) failed: \(TLSContext.lastError())",
                             help: "is this ClickHouse's HTTPS port (8443 by default)? clickhouse:// (no s) speaks plain HTTP")
        }
    }

    deinit { SSL_free(ssl) }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            ERR_clear_error()
            let n = bytes.withUnsafeBytes { b in SSL_write(ssl, b.baseAddress! + off, Int32(min(b.count - off, 1 << 30))) }
            if n > 0 { off += Int(n); continue }
            let err = SSL_get_error(ssl, n)
            let e = errno
            if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ || err == SSL_ERROR_SYSCALL) {
                if e == EINTR { continue }
                if e == EAGAIN || e == EWOULDBLOCK {
                    throw StoreError("sending to \(what) timed out: nothing accepted for \(socket.timeout) s", help: "raise it with ?timeout=SECONDS in the URL")
                }
                if err == SSL_ERROR_SYSCALL && e != 0 { throw StoreError("sending to \(what) failed: \(String(cString: strerror(e)))") }
            }
            throw StoreError("sending to \(what) failed: TLS: \(TLSContext.lastError())")
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            ERR_clear_error()
            let n = SSL_read(ssl, buffer.baseAddress, Int32(min(buffer.count, 1 << 30)))
            if n > 0 { return Int(n) }
            let err = SSL_get_error(ssl, n)
            let e = errno
            if err == SSL_ERROR_ZERO_RETURN { return 0 }
            if err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_SYSCALL {
                if e == EINTR { if logtraceInterrupted != 0 { return 0 }; continue }
                if e == EAGAIN || e == EWOULDBLOCK {
                    throw StoreError("timed out: no answer from \(what) for \(socket.timeout) s (a scan of a large table answers only when its rows are filtered and sorted)",
                                     help: "raise it with ?timeout=SECONDS in the URL (default \(ClickHouseURL.defaultTimeout)), or narrow the scan with --since/--until or --where")
                }
                if err == SSL_ERROR_SYSCALL && e != 0 { throw StoreError("reading from \(what) failed: \(String(cString: strerror(e)))") }
            }
            throw StoreError("reading from \(what) failed: TLS: \(TLSContext.lastError())")
        }
    }
}
#endif
