/// Bytes held in memory as a source (rule examples, tests).
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    /// Largest read, to exercise the block reader at small chunk sizes in tests.
    public var chunk: Int

    public init(_ text: String, chunk: Int = Int.max) { bytes = Array(text.utf8); self.chunk = chunk }
    public init(bytes: [UInt8], chunk: Int = Int.max) { self.bytes = bytes; self.chunk = chunk }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset, chunk)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}
