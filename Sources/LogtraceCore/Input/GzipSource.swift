import CZlib

/// Streaming gzip decoder over system zlib. Handles multi-member files (`cat a.gz b.gz`) and
/// reports truncation, corruption (bad CRC, bad data) and trailing garbage as `InputError`s with
/// the compressed offset; every byte decoded before the damage has already been handed out.
public final class GzipSource: ByteSource {
    private let input: ByteSource
    private let strm: UnsafeMutablePointer<z_stream>   // stable address: zlib keeps a back pointer
    private let inBuf: UnsafeMutableRawBufferPointer
    private var inEOF = false, inMember = false, memberDone = false
    public private(set) var compressedRead = 0

    public init(_ input: ByteSource, inputChunk: Int = 256 << 10) throws {
        self.input = input
        strm = .allocate(capacity: 1)
        strm.initialize(to: z_stream())
        inBuf = .allocate(byteCount: inputChunk, alignment: 64)
        let rc = czlib_inflateInit2(strm, 15 + 16)   // +16: gzip only
        guard rc == Z_OK else {
            inBuf.deallocate(); strm.deallocate()
            throw InputError("zlib initialisation failed (\(rc))")
        }
    }

    deinit { inflateEnd(strm); strm.deallocate(); inBuf.deallocate() }

    private var consumedOffset: Int { compressedRead - Int(strm.pointee.avail_in) }

    public func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        if let e = deferred { deferred = nil; throw e }
        do {
            return try inflateInto(out)
        } catch let e as InputError {
            let produced = out.count - Int(strm.pointee.avail_out)
            if produced > 0 && strm.pointee.next_out != nil { deferred = e; return produced }
            throw e
        }
    }

    private var deferred: InputError?

    private func inflateInto(_ out: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = out.baseAddress, out.count > 0 else { return 0 }
        strm.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        strm.pointee.avail_out = UInt32(clamping: out.count)
        while strm.pointee.avail_out > 0 {
            if strm.pointee.avail_in == 0 && !inEOF {
                let n = max(0, try input.read(into: inBuf))
                if n == 0 { inEOF = true } else {
                    compressedRead += n
                    strm.pointee.next_in = inBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    strm.pointee.avail_in = UInt32(n)
                }
            }
            if strm.pointee.avail_in == 0 && inEOF {
                if inMember && !memberDone {
                    let produced = out.count - Int(strm.pointee.avail_out)
                    if produced > 0 { return produced }   // hand out what we have, fail on the next call
                    throw InputError("truncated gzip: unexpected end of file at compressed byte \(compressedRead)",
                                     offset: compressedRead, help: "the archive was cut short; records before the cut were read")
                }
                break
            }
            inMember = true
            let rc = inflate(strm, Z_NO_FLUSH)
            switch rc {
            case Z_OK:
                memberDone = false
            case Z_STREAM_END:   // one member ends; reset for the next (cat a.gz b.gz)
                memberDone = true
                inflateReset(strm)
            case Z_BUF_ERROR:
                if strm.pointee.avail_in == 0 { continue }
                throw InputError("corrupt gzip at compressed byte \(consumedOffset): buffer error", offset: consumedOffset)
            case Z_DATA_ERROR:
                let msg = strm.pointee.msg.map { String(cString: $0) } ?? "data error"
                let produced = out.count - Int(strm.pointee.avail_out)
                if memberDone && msg == "incorrect header check" {
                    if produced > 0 { strm.pointee.avail_in = 0; inEOF = true; pendingError = .trailing(consumedOffset); return produced }
                    throw trailingGarbage(consumedOffset)
                }
                throw InputError("corrupt gzip at compressed byte \(consumedOffset): \(msg)", offset: consumedOffset,
                                 help: "records before the damage were read; re-copy the archive to read the rest")
            case Z_NEED_DICT:
                throw InputError("corrupt gzip at compressed byte \(consumedOffset): needs a preset dictionary", offset: consumedOffset)
            default:
                throw InputError("gzip decoder failed (\(rc)) at compressed byte \(consumedOffset)", offset: consumedOffset)
            }
        }
        if case .trailing(let off)? = pendingError, strm.pointee.avail_out == UInt32(clamping: out.count) {
            pendingError = nil
            throw trailingGarbage(off)
        }
        return out.count - Int(strm.pointee.avail_out)
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
