/// Replays bytes already read (to sniff gzip magic) before reading on from the wrapped source.
final class PeekSource: ByteSource {
    private let inner: ByteSource
    private var head: [UInt8]
    private var offset = 0
    /// An error met while peeking, thrown once the bytes before it are read (`deferringErrors`).
    private var pending: Error?

    /// With `deferringErrors`, an error of the wrapped source during the peek (damaged gzip after
    /// its first bytes) is thrown after the peeked bytes are replayed, as a plain read would.
    init(_ inner: ByteSource, peek: Int = 4096, deferringErrors: Bool = false) throws {
        self.inner = inner
        var buf = [UInt8](repeating: 0, count: peek)
        var got = 0
        while got < peek {
            let n: Int
            do {
                n = try buf.withUnsafeMutableBytes { try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[got...])) }
            } catch {
                guard deferringErrors else { throw error }
                pending = error
                break
            }
            if n == 0 { break }
            if n < 0 { if got > 0 { break } else { continue } }
            got += n
        }
        head = Array(buf[0..<got])
    }

    var peeked: [UInt8] { head }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < head.count {
            let n = min(buffer.count, head.count - offset)
            head.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
        if let e = pending { pending = nil; throw e }
        return try inner.read(into: buffer)
    }
}
