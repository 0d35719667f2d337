#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes: a file descriptor, a gzip decoder over one, or a followed file.
/// `read` fills at most `buffer.count` bytes and returns 0 only at the end of the stream; a live
/// source may return -1 once when it has been idle (no data for a moment), so readers can hand
/// out the record they hold instead of waiting for the next line.
public protocol ByteSource: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// An input error with the byte offset where it happened, for one-line diagnostics.
public struct InputError: Error, CustomStringConvertible {
    public var message: String
    public var offset: Int?
    public var help: String?
    public init(_ message: String, offset: Int? = nil, help: String? = nil) {
        self.message = message; self.offset = offset; self.help = help
    }
    public var description: String { message }
}

/// A source that knows how many bytes it took from disk (for progress).
public protocol CountingSource: AnyObject {
    var bytesRead: Int { get }
}

/// Reads a file descriptor with `read(2)`, retrying on EINTR.
public final class FDSource: ByteSource, CountingSource {
    public let fd: Int32
    private let owns: Bool
    public private(set) var bytesRead = 0
    /// Live streams (a pipe): report idleness after this many milliseconds without data.
    public var idleAfterMilliseconds: Int32?
    private var idleReported = false

    public init(fd: Int32, owns: Bool) { self.fd = fd; self.owns = owns }

    /// Opens a path read-only; throws an `InputError` naming the reason.
    public convenience init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError("cannot open: \(String(cString: strerror(errno)))", help: "check the path and its permissions") }
        self.init(fd: fd, owns: true)
    }

    deinit { if owns { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if let ms = idleAfterMilliseconds, !idleReported {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let r = poll(&p, 1, ms)
                if r == 0 { idleReported = true; return -1 }
                if r < 0 && errno == EINTR { if logtraceInterrupted != 0 { return 0 }; continue }
            }
            let n = Platform.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { idleReported = false }
            if n >= 0 { bytesRead += n; return n }
            if errno == EINTR { if logtraceInterrupted != 0 { return 0 }; continue }
            throw InputError("read failed: \(String(cString: strerror(errno)))", offset: bytesRead)
        }
    }
}
