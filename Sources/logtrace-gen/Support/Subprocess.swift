#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceCore

/// Child processes (gzip, rm) started with posix_spawnp and waited for with waitpid.
enum Subprocess {
    static func spawn(_ arguments: [String]) throws -> pid_t {
        var pid = pid_t()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let rc = posix_spawnp(&pid, arguments[0], nil, nil, &argv, Platform.environ)
        guard rc == 0 else {
            throw GeneratorError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    static func wait(_ pid: pid_t, _ what: String) throws {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw GeneratorError("waiting for \(what): \(errnoText())") }
        }
        let signal = status & 0x7F
        let exitCode = (status >> 8) & 0xFF
        guard signal == 0 && exitCode == 0 else {
            throw GeneratorError("\(what) failed (exit \(exitCode), signal \(signal))")
        }
    }

    static func run(_ arguments: [String]) throws {
        try wait(try spawn(arguments), arguments.joined(separator: " "))
    }
}

/// `gzip -n` in place: `path` becomes `path.gz` with no name or time stamp inside, so the bytes are reproducible.
struct GzipJob {
    let path: String
    private let pid: pid_t

    init(compressing path: String, level: Int) throws {
        self.path = path
        pid = try Subprocess.spawn(["gzip", "-n", "-f", "-\(level)", "--", path])
    }

    func wait() throws { try Subprocess.wait(pid, "gzip \(path)") }
}
