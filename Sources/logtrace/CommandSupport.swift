import CShims
import Foundation
import LogtraceCore
import LogtraceRender
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output plumbing shared by the commands: stdout writes that end quietly on a broken pipe,
/// `logtrace: ` diagnostics on stderr, colour only on a terminal without NO_COLOR.
enum Terminal {
    static func setUp() {
        // Buffers of 256 KiB and more always come from mmap and go back on free: glibc's default
        // raises that threshold after the first free, and the per-chunk 1 MiB block buffers then
        // fragment the heap (peak RSS 87 MiB instead of 30 MiB on 4 GiB of input).
        Platform.setMmapThreshold(256 << 10)
        signal(SIGPIPE, SIG_IGN)
        var sa = sigaction()
        #if canImport(Glibc)
        sa.__sigaction_handler.sa_handler = { _ in logtraceInterrupted = 1 }
        #else
        sa.__sigaction_u.__sa_handler = { _ in logtraceInterrupted = 1 }
        #endif
        sigemptyset(&sa.sa_mask)
        sa.sa_flags = 0   // no SA_RESTART: a blocked read returns so tail can print its summary
        sigaction(SIGINT, &sa, nil)
        sigaction(SIGTERM, &sa, nil)
    }

    /// Whether to colour stdout (see `Style.decide`).
    static func colour(_ choice: ColorChoice) -> Bool {
        Style.decide(choice.rawValue, environment: ProcessInfo.processInfo.environment, isTerminal: isatty(1) == 1)
    }

    /// The width the text view fits: COLUMNS, else the terminal's, else 120 (a pipe or a file).
    static func columns() -> Int {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        var ws = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 120
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Writes `text` to `path` (through a temporary file renamed into place, so a failed run
    /// never leaves half a report). A failure is one diagnostic line naming the path and the reason.
    static func writeFile(_ path: String, _ text: String) -> Bool {
        let tmp = path + ".logtrace-tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            error("\(path): error: cannot write: \(String(cString: strerror(errno)))")
            return false
        }
        var ok = true
        var s = text
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = systemWrite(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 { if errno == EINTR { continue }; ok = false; break }
                off += n
            }
        }
        let reason = ok ? "" : String(cString: strerror(errno))
        if close(fd) != 0 && ok { ok = false }
        if ok && rename(tmp, path) != 0 { ok = false }
        if !ok {
            let why = reason.isEmpty ? String(cString: strerror(errno)) : reason
            unlink(tmp)
            error("\(path): error: cannot write: \(why)")
        }
        return ok
    }

    /// Writes all of `s` to stdout; exits 0 quietly when the reader went away.
    static func write(_ s: String) {
        var s = s
        s.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    static func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Writes byte slices in order with `writev` (resuming after short writes); quiet exit on a
    /// closed pipe, like `write(bytes:)`.
    static func write(slices: UnsafeBufferPointer<iovec>) {
        guard var v = slices.baseAddress else { return }
        var left = slices.count
        var scratch = iovec()
        while left > 0 {
            let n = writev(1, v, Int32(min(left, 1024)))
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                return
            }
            // Skip the slices written, then resume inside a partly written one.
            var done = n
            while left > 0 && done >= v.pointee.iov_len { done -= v.pointee.iov_len; v += 1; left -= 1 }
            if left > 0 && done > 0 {
                scratch = iovec(iov_base: v.pointee.iov_base! + done, iov_len: v.pointee.iov_len - done)
                write(UnsafeRawBufferPointer(start: scratch.iov_base, count: scratch.iov_len))
                v += 1; left -= 1
            }
        }
    }

    private static func write(_ buf: UnsafeRawBufferPointer) {
        guard let base = buf.baseAddress else { return }
        var off = 0
        while off < buf.count {
            let n = systemWrite(1, base + off, buf.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                return
            }
            off += n
        }
    }

    /// Text on stderr as it is (the input header of parse and tail --format json).
    static func writeError(_ s: String) {
        FileHandle.standardError.write(s.data(using: .utf8)!)
    }

    /// What was read, as the one-screen view's header: files, records, time range, year source,
    /// lines not understood with the command that lists them, and the window.
    static func inputHeader(_ stats: [InputStats], since: Int64?, until: Int64?, relative: Bool, colour: Bool) -> String {
        let window = since == nil && until == nil ? nil
            : AnalysisWindow(since: since, until: until, relative: relative, records: nil, total: stats.reduce(0) { $0 + $1.records })
        return TextReport.inputHeader(stats, window: window, style: Style(enabled: colour), width: columns())
    }

    static func error(_ s: String) {
        let line = "logtrace: " + TerminalText.sanitize(s) + "\n"
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    /// Prints diagnostics (notes only with --verbose-like need; warnings and errors always).
    static func report(_ log: DiagnosticLog, redactor: Redactor? = nil) {
        for d in log.sorted { error(redactor?.redact(d.description) ?? d.description) }
    }
}

/// The documented exit codes.
enum ExitStatus {
    static func code(findings: [Finding], failOn: FailOn, log: DiagnosticLog) -> Int32 {
        if log.hasErrors { return 2 }
        return failOn.fails(findings) ? 1 : 0
    }
}

@inline(__always)
func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
