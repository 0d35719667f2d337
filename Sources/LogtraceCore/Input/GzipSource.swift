#if LOGTRACE_IGZIP
import CISAL
#endif
import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The gzip decoders this build has. zlib (Debian `zlib1g-dev`) is always there; ISA-L's igzip
/// (`libisal-dev`, about 2.5x faster on log text) only in a build with the `igzip` package trait
/// (`swift build -c release --traits igzip`). Both read the same bytes to the same records and
/// diagnostics (GzipTests and the gzip fuzz corpus run through each).
public enum GzipDecoder: String, CaseIterable, Sendable {
    case zlib, igzip

    /// The decoders compiled into this build.
    public static var available: [GzipDecoder] {
        #if LOGTRACE_IGZIP
        return [.zlib, .igzip]
        #else
        return [.zlib]
        #endif
    }

    /// igzip when built in, else zlib. `LOGTRACE_GZIP=zlib` (or `igzip`) picks one by name, for
    /// benchmarks that compare both from one build; a decoder not built in falls back to zlib.
    public static let preferred: GzipDecoder = {
        if let v = getenv("LOGTRACE_GZIP"), let d = GzipDecoder(rawValue: String(cString: v)), available.contains(d) { return d }
        return available.last!
    }()
}

/// One step of a decoder: inflate from `input` into `output`, advancing both.
protocol InflateBackend: AnyObject {
    /// Prepares for a new gzip member (the first, or the next of `cat a.gz b.gz`).
    func reset()
    func step(_ input: inout UnsafeMutablePointer<UInt8>, _ availIn: inout Int,
              _ output: inout UnsafeMutablePointer<UInt8>, _ availOut: inout Int) -> InflateStep
}

enum InflateStep: Equatable { case more, memberEnd, failed(String) }

final class ZlibBackend: InflateBackend {
    private let strm = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var started = false

    init() throws {
        strm.initialize(to: z_stream())
        guard czlib_inflate_init_gzip(strm) == Z_OK else { strm.deallocate(); throw InputError("zlib: cannot initialise inflate") }
        started = true
    }

    deinit { if started { inflateEnd(strm) }; strm.deallocate() }

    func reset() { inflateReset(strm) }

    func step(_ input: inout UnsafeMutablePointer<UInt8>, _ availIn: inout Int,
              _ output: inout UnsafeMutablePointer<UInt8>, _ availOut: inout Int) -> InflateStep {
        let inN = min(availIn, Int(UInt32.max)), outN = min(availOut, Int(UInt32.max))
        strm.pointee.next_in = input
        strm.pointee.avail_in = UInt32(inN)
        strm.pointee.next_out = output
        strm.pointee.avail_out = UInt32(outN)
        let rc = inflate(strm, Z_NO_FLUSH)
        let usedIn = inN - Int(strm.pointee.avail_in), usedOut = outN - Int(strm.pointee.avail_out)
        input += usedIn; availIn -= usedIn
        output += usedOut; availOut -= usedOut
        switch rc {
        case Z_STREAM_END: return .memberEnd
        case Z_OK: return .more
        case Z_BUF_ERROR:   // no progress possible: more input is needed (the caller refills or reports the cut)
            return usedIn == 0 && usedOut == 0 && availIn > 0 && availOut > 0 ? .failed("decoder made no progress") : .more
        case Z_NEED_DICT: return .failed("needs a preset dictionary")
        default:
            let msg = strm.pointee.msg.map { String(cString: $0) } ?? "decoder error \(rc)"
            return .failed(Self.describe(msg))
        }
    }

    /// zlib's messages in the words igzip's errors are reported with.
    static func describe(_ msg: String) -> String {
        switch msg {
        case "incorrect data check", "incorrect length check": return "incorrect data check (CRC or length mismatch)"
        case "incorrect header check", "unknown header flags set", "header crc mismatch": return "invalid gzip header"
        case "unknown compression method": return "unknown compression method"
        case "invalid distance too far back": return "invalid distance too far back"
        default: return msg
        }
    }
}

#if LOGTRACE_IGZIP
final class IgzipBackend: InflateBackend {
    private let state: UnsafeMutablePointer<inflate_state>   // large (~100 KiB): on the heap

    init() {
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    deinit { state.deallocate() }

    private var fresh = true
    func reset() {
        if fresh { fresh = false; return }
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    func step(_ input: inout UnsafeMutablePointer<UInt8>, _ availIn: inout Int,
              _ output: inout UnsafeMutablePointer<UInt8>, _ availOut: inout Int) -> InflateStep {
        let inN = min(availIn, Int(UInt32.max)), outN = min(availOut, Int(UInt32.max))
        state.pointee.next_in = input
        state.pointee.avail_in = UInt32(inN)
        state.pointee.next_out = output
        state.pointee.avail_out = UInt32(outN)
        let rc = isal_inflate(state)
        let usedIn = inN - Int(state.pointee.avail_in), usedOut = outN - Int(state.pointee.avail_out)
        input += usedIn; availIn -= usedIn
        output += usedOut; availOut -= usedOut
        if rc < 0 || rc == ISAL_NEED_DICT { return .failed(Self.describe(rc)) }
        return state.pointee.block_state == ISAL_BLOCK_FINISH ? .memberEnd : .more
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
}
#endif

/// Streaming gzip decoder over zlib or igzip (`GzipDecoder`). Handles multi-member files
/// (`cat a.gz b.gz`) and reports truncation, corruption (bad data, bad CRC) and trailing garbage
/// as `InputError`s with the compressed offset; every byte decoded before the damage has already
/// been handed out.
public final class GzipSource: ByteSource {
    private let input: ByteSource
    private let backend: InflateBackend
    public let decoder: GzipDecoder
    private let inBuf: UnsafeMutableRawBufferPointer
    private var nextIn: UnsafeMutablePointer<UInt8>
    private var availIn = 0
    private var inEOF = false
    private var inMember = false
    public private(set) var compressedRead = 0

    public init(_ input: ByteSource, decoder: GzipDecoder = .preferred, inputChunk: Int = 256 << 10) throws {
        self.input = input
        self.decoder = decoder
        switch decoder {
        case .zlib: backend = try ZlibBackend()
        case .igzip:
            #if LOGTRACE_IGZIP
            backend = IgzipBackend()
            #else
            backend = try ZlibBackend()
            #endif
        }
        inBuf = .allocate(byteCount: inputChunk, alignment: 64)
        nextIn = inBuf.baseAddress!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { inBuf.deallocate() }

    private var consumedOffset: Int { compressedRead - availIn }

    public func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        if let e = deferred { deferred = nil; throw e }
        guard let base = out.baseAddress, out.count > 0 else { return 0 }
        var next = base.assumingMemoryBound(to: UInt8.self)
        var availOut = out.count
        do {
            try inflateInto(&next, &availOut)
            return try finish(out.count - availOut)
        } catch let e as InputError {
            let produced = out.count - availOut
            if produced > 0 { deferred = e; return produced }
            throw e
        }
    }

    private var deferred: InputError?

    /// Reads more compressed input after the `availIn` bytes still unread (moved to the front).
    private func refill() throws {
        let base = inBuf.baseAddress!
        if availIn > 0 { memmove(base, nextIn, availIn) }
        let n = max(0, try input.read(into: UnsafeMutableRawBufferPointer(start: base + availIn, count: inBuf.count - availIn)))
        if n == 0 { inEOF = true }
        compressedRead += n
        nextIn = base.assumingMemoryBound(to: UInt8.self)
        availIn += n
    }

    private func inflateInto(_ next: inout UnsafeMutablePointer<UInt8>, _ availOut: inout Int) throws {
        let total = availOut
        var produced: Int { total - availOut }
        while availOut > 0 {
            if availIn == 0 && !inEOF { try refill() }
            if !inMember {
                // Between members: the end of the file, or another gzip member.
                if availIn < 2 && !inEOF { try refill() }
                if availIn == 0 && inEOF { break }
                if nextIn[0] == 0 {
                    // Zero padding after the last member (tape blocks, preallocated files): gzip -t
                    // accepts it. Skip zeros; anything else after them is trailing garbage.
                    var k = 0
                    while k < availIn && nextIn[k] == 0 { k += 1 }
                    nextIn += k
                    availIn -= k
                    if availIn == 0 {
                        if inEOF { break }
                        try refill()
                        if availIn == 0 && inEOF { break }
                        continue
                    }
                    let offset = consumedOffset
                    availIn = 0
                    inEOF = true
                    if produced > 0 { pendingError = .trailing(offset); return }
                    throw trailingGarbage(offset)
                }
                guard availIn >= 2, nextIn[0] == 0x1f, nextIn[1] == 0x8b else {
                    let offset = consumedOffset
                    availIn = 0
                    inEOF = true
                    if produced > 0 { pendingError = .trailing(offset); return }
                    throw trailingGarbage(offset)
                }
                backend.reset()
                inMember = true
            }
            if availIn == 0 && inEOF {
                if produced > 0 { return }   // hand out what we have, fail on the next call
                throw InputError("truncated gzip: unexpected end of file at compressed byte \(compressedRead)",
                                 offset: compressedRead, help: "the archive was cut short; records before the cut were read")
            }
            switch backend.step(&nextIn, &availIn, &next, &availOut) {
            case .more: break
            case .memberEnd: inMember = false   // one member ends (cat a.gz b.gz)
            case .failed(let what):
                throw InputError("corrupt gzip at compressed byte \(consumedOffset): \(what)", offset: consumedOffset,
                                 help: "records before the damage were read; re-copy the archive to read the rest")
            }
        }
    }

    private func finish(_ produced: Int) throws -> Int {
        if case .trailing(let off)? = pendingError, produced == 0 {
            pendingError = nil
            throw trailingGarbage(off)
        }
        return produced
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
