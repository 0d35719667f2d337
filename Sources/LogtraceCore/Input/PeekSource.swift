/// Replays bytes already read (to sniff gzip magic) before reading on from the wrapped source.
final class PeekSource: ByteSource {
    private let inner: ByteSource
    private var head: [UInt8]
    private var offset = 0

    init(_ inner: ByteSource, peek: Int = 4096) throws {
        self.inner = inner
        var buf = [UInt8](repeating: 0, count: peek)
        var got = 0
        while got < peek {
            let n = try buf.withUnsafeMutableBytes { try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[got...])) }
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
        return try inner.read(into: buffer)
    }
}
