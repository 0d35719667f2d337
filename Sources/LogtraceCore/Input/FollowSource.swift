#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGINT/SIGTERM handlers: readers end their stream cleanly when it is set.
nonisolated(unsafe) public var logtraceInterrupted: sig_atomic_t = 0

/// Follows a file like `tail -F`: at its end it waits for more, reopens the path when the file was
/// rotated (new inode) and starts over when it was truncated (copytruncate).
public final class FollowSource: ByteSource {
    private let path: String
    private var fd: Int32 = -1
    private var inode: ino_t = 0
    private var offset: off_t = 0
    public var pollInterval: useconds_t = 50_000
    /// Ends the stream at the next poll (besides SIGINT/SIGTERM).
    public var stopAfterIdlePolls: Int?
    private var idlePolls = 0

    public init(path: String, fromEnd: Bool) throws {
        self.path = path
        try reopen()
        if fromEnd { offset = lseek(fd, 0, SEEK_END) }
    }

    deinit { if fd >= 0 { close(fd) } }

    private func reopen() throws {
        if fd >= 0 { close(fd) }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError("cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        fstat(fd, &st)
        inode = st.st_ino
        offset = 0
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while logtraceInterrupted == 0 {
            let n = Platform.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { offset += off_t(n); idlePolls = 0; return n }
            if n < 0 && errno != EINTR { throw InputError("read failed: \(String(cString: strerror(errno)))") }
            var st = stat()
            if stat(path, &st) == 0 {
                if st.st_ino != inode { try reopen(); continue }          // rotated
                if st.st_size < offset { lseek(fd, 0, SEEK_SET); offset = 0; continue }   // truncated
            }
            idlePolls += 1
            if let limit = stopAfterIdlePolls, idlePolls >= limit { return 0 }
            if idlePolls == 1 { return -1 }   // idle: let the reader hand out what it holds
            usleep(pollInterval)
        }
        return 0
    }
}
