/// Reads at most `limit` bytes from another source (one chunk of a file).
final class LimitedSource: ByteSource, CountingSource {
    private(set) var bytesRead = 0
    private let inner: ByteSource
    private var remaining: Int

    init(_ inner: ByteSource, limit: Int) {
        self.inner = inner
        remaining = limit
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { return 0 }
        let n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, remaining)]))
        remaining -= n
        bytesRead += n
        return n
    }
}
