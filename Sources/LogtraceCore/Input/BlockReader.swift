#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShims

/// Cuts a byte stream into blocks that hold only whole lines (the last line of the stream may lack
/// its `\n`). One buffer is reused for the whole stream, so memory does not grow with the input.
/// A line longer than `maxLine` is handed out truncated to `maxLine` bytes (flagged), and the rest
/// of it is skipped up to the next newline.
public struct BlockReader {
    public let maxLine: Int
    private let capacity: Int

    public init(maxLine: Int = 1 << 20, blockSize: Int = 1 << 20) {
        self.maxLine = maxLine
        self.capacity = max(blockSize, maxLine) + 1
    }

    /// Calls `body(block, lastLineTruncated)` for each block. Errors from the source are thrown after
    /// every byte read before them has been handed out.
    public func forEachBlock(_ source: ByteSource,
                             _ body: (UnsafeRawBufferPointer, Bool) throws -> Void) throws {
        let buf = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buf.deallocate() }
        var filled = 0
        var discarding = false
        while true {
            let n: Int
            do {
                n = try source.read(into: UnsafeMutableRawBufferPointer(start: buf + filled, count: capacity - filled))
            } catch {
                if filled > 0 && !discarding { try body(UnsafeRawBufferPointer(start: buf, count: filled), false) }
                throw error
            }
            if n == 0 {
                if filled > 0 && !discarding { try body(UnsafeRawBufferPointer(start: buf, count: filled), false) }
                return
            }
            if n < 0 {   // a live source went idle: an empty block tells the reader so
                try body(UnsafeRawBufferPointer(start: nil, count: 0), false)
                continue
            }
            if discarding {
                // Skip the rest of an over-long line.
                guard let nl = memchr(buf, 10, n) else { continue }
                let skip = buf.distance(to: nl) + 1
                let rest = n - skip
                if rest > 0 { memmove(buf, buf + skip, rest) }
                filled = rest
                discarding = false
                if filled == 0 { continue }
                try emitWhole(buf: buf, start: 0, filled: &filled, newBytes: filled, body)
                continue
            }
            let start = filled
            filled += n
            try emitWhole(buf: buf, start: start, filled: &filled, newBytes: n, body)
            if filled >= maxLine {
                // No newline within maxLine bytes: hand out the head, drop the tail of this line.
                try body(UnsafeRawBufferPointer(start: buf, count: maxLine), true)
                if let nl = memchr(buf + maxLine, 10, filled - maxLine) {
                    let skip = buf.distance(to: nl) + 1
                    let rest = filled - skip
                    if rest > 0 { memmove(buf, buf + skip, rest) }
                    filled = rest
                    if filled > 0 { try emitWhole(buf: buf, start: 0, filled: &filled, newBytes: filled, body) }
                } else {
                    filled = 0
                    discarding = true
                }
            }
        }
    }

    /// Hands out everything up to the last newline and moves the unfinished line to the front.
    @inline(__always)
    private func emitWhole(buf: UnsafeMutableRawPointer, start: Int, filled: inout Int, newBytes: Int,
                           _ body: (UnsafeRawBufferPointer, Bool) throws -> Void) throws {
        guard let lastNL = memrchr(buf + start, 10, newBytes) else { return }
        let blockLen = buf.distance(to: lastNL) + 1
        try body(UnsafeRawBufferPointer(start: buf, count: blockLen), false)
        let rest = filled - blockLen
        if rest > 0 { memmove(buf, buf + blockLen, rest) }
        filled = rest
    }
}
