import CISAL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming gzip decoder over ISA-L's igzip (about 2.5x faster than zlib's inflate on log
/// text). Handles multi-member files (`cat a.gz b.gz`) and reports truncation, corruption (bad
/// data, bad CRC) and trailing garbage as `InputError`s with the compressed offset; every byte
/// decoded before the damage has already been handed out.
public final class GzipSource: ByteSource {
    private let input: ByteSource
    private let state: UnsafeMutablePointer<inflate_state>   // large (~100 KiB): on the heap
    private let inBuf: UnsafeMutableRawBufferPointer
    private var inEOF = false
    private var inMember = false
    private var members = 0
    public private(set) var compressedRead = 0

    public init(_ input: ByteSource, inputChunk: Int = 256 << 10) throws {
        self.input = input
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        inBuf = .allocate(byteCount: inputChunk, alignment: 64)
    }

    deinit { state.deallocate(); inBuf.deallocate() }

    private var consumedOffset: Int { compressedRead - Int(state.pointee.avail_in) }

    public func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        if let e = deferred { deferred = nil; throw e }
        do {
            return try inflateInto(out)
        } catch let e as InputError {
            let produced = out.count - Int(state.pointee.avail_out)
            if produced > 0 && state.pointee.next_out != nil { deferred = e; return produced }
            throw e
        }
    }

    private var deferred: InputError?

    /// Reads more compressed input after the `avail_in` bytes still unread (moved to the front).
    private func refill() throws {
        let keep = Int(state.pointee.avail_in)
        let base = inBuf.baseAddress!
        if keep > 0 { memmove(base, state.pointee.next_in, keep) }
        let n = max(0, try input.read(into: UnsafeMutableRawBufferPointer(start: base + keep, count: inBuf.count - keep)))
        if n == 0 { inEOF = true }
        compressedRead += n
        state.pointee.next_in = base.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_in = UInt32(keep + n)
    }

    private func inflateInto(_ out: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = out.baseAddress, out.count > 0 else { return 0 }
        state.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(clamping: out.count)
        var produced: Int { out.count - Int(state.pointee.avail_out) }
        while state.pointee.avail_out > 0 {
            if state.pointee.avail_in == 0 && !inEOF { try refill() }
            if !inMember {
                // Between members: the end of the file, or another gzip member.
                if state.pointee.avail_in < 2 && !inEOF { try refill() }
                let avail = Int(state.pointee.avail_in)
                if avail == 0 && inEOF { break }
                let p = state.pointee.next_in!
                if p[0] == 0 {
                    // Zero padding after the last member (tape blocks, preallocated files): gzip -t
                    // accepts it. Skip zeros; anything else after them is trailing garbage.
                    var k = 0
                    while k < avail && p[k] == 0 { k += 1 }
                    state.pointee.next_in = p + k
                    state.pointee.avail_in = UInt32(avail - k)
                    if k == avail {
                        if inEOF { break }
                        try refill()
                        if state.pointee.avail_in == 0 && inEOF { break }
                        continue
                    }
                    let offset = consumedOffset
                    state.pointee.avail_in = 0
                    inEOF = true
                    if produced > 0 { pendingError = .trailing(offset); return produced }
                    throw trailingGarbage(offset)
                }
                guard avail >= 2, p[0] == 0x1f, p[1] == 0x8b else {
                    let offset = consumedOffset
                    state.pointee.avail_in = 0
                    inEOF = true
                    if produced > 0 { pendingError = .trailing(offset); return produced }
                    throw trailingGarbage(offset)
                }
                if members > 0 {
                    isal_inflate_reset(state)
                    state.pointee.crc_flag = UInt32(ISAL_GZIP)
                }
                inMember = true
            }
            if state.pointee.avail_in == 0 && inEOF {
                if produced > 0 { return produced }   // hand out what we have, fail on the next call
                throw InputError("truncated gzip: unexpected end of file at compressed byte \(compressedRead)",
                                 offset: compressedRead, help: "the archive was cut short; records before the cut were read")
            }
            let rc = isal_inflate(state)
            if rc < 0 || rc == ISAL_NEED_DICT {
                throw InputError("corrupt gzip at compressed byte \(consumedOffset): \(Self.describe(rc))", offset: consumedOffset,
                                 help: "records before the damage were read; re-copy the archive to read the rest")
            }
            if state.pointee.block_state == ISAL_BLOCK_FINISH {   // one member ends (cat a.gz b.gz)
                inMember = false
                members += 1
            }
        }
        if case .trailing(let off)? = pendingError, produced == 0 {
            pendingError = nil
            throw trailingGarbage(off)
        }
        return produced
    }

    static func describe(_ rc: Int32) -> String {
        switch rc {
        case ISAL_INVALID_BLOCK: return "invalid deflate block"
        case ISAL_INVALID_SYMBOL: return "invalid code in a deflate block"
        case ISAL_INVALID_LOOKBACK: return "invalid distance too far back"
        case ISAL_INVALID_WRAPPER: return "invalid gzip header"
        case ISAL_UNSUPPORTED_METHOD: return "unknown compression method"
        case ISAL_INCORRECT_CHECKSUM: return "incorrect data check (CRC or length mismatch)"
        case ISAL_NEED_DICT: return "needs a preset dictionary"
        default: return "decoder error \(rc)"
        }
    }

    private enum Pending { case trailing(Int) }
    private var pendingError: Pending?

    private func trailingGarbage(_ offset: Int) -> InputError {
        InputError("trailing garbage after the last gzip member at compressed byte \(offset)", offset: offset,
                   help: "every member before it was read")
    }

    /// True when the first two bytes are the gzip magic `1f 8b`.
    public static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }
}
