import CPCRE2

/// A PCRE2 pattern compiled with JIT, with match and depth limits so a catastrophic pattern
/// cannot hang a run: hitting a limit counts as no match and is reported by the caller.
public final class PCRE2Regex: @unchecked Sendable {
    private let code: OpaquePointer
    private let matchData: OpaquePointer
    private let context: OpaquePointer?
    public let pattern: String
    /// Named groups and their numbers.
    public let names: [(name: String, group: Int)]
    public private(set) var limitHits = 0
    private let lock = Lock()

    public struct CompileError: Error {
        public var message: String
        public var offset: Int
    }

    public init(_ pattern: String) throws {
        self.pattern = pattern
        var err: Int32 = 0
        var off = 0
        let bytes = Array(pattern.utf8)
        guard let c = pcre2_compile_8(bytes, bytes.count, UInt32(PCRE2_UTF | PCRE2_MATCH_INVALID_UTF), &err, &off, nil) else {
            var buf = [UInt8](repeating: 0, count: 256)
            pcre2_get_error_message_8(err, &buf, 256)
            throw CompileError(message: String(decoding: buf.prefix { $0 != 0 }, as: UTF8.self), offset: off)
        }
        code = c
        _ = pcre2_jit_compile_8(c, UInt32(PCRE2_JIT_COMPLETE))
        matchData = pcre2_match_data_create_from_pattern_8(c, nil)
        context = pcre2_match_context_create_8(nil)
        if let ctx = context {
            pcre2_set_match_limit_8(ctx, 1_000_000)
            pcre2_set_depth_limit_8(ctx, 10_000)
        }
        // Named groups from the name table: entries of (2-byte group number, NUL-terminated name).
        var count: UInt32 = 0, entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(c, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(c, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(c, UInt32(PCRE2_INFO_NAMETABLE), &table)
        var names: [(String, Int)] = []
        if let t = table {
            for i in 0..<Int(count) {
                let e = t + i * Int(entrySize)
                let group = Int(e[0]) << 8 | Int(e[1])
                let name = String(cString: e + 2)
                names.append((name, group))
            }
        }
        self.names = names
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        if let context { pcre2_match_context_free_8(context) }
        pcre2_code_free_8(code)
    }

    /// Matches `subject`; on success returns the named captures (unset groups omitted).
    /// Thread-safe (one match data per regex, guarded).
    public func match(_ subject: UnsafeRawBufferPointer) -> [(String, String)]? {
        matchWithSpan(subject)?.captures
    }

    /// Like `match`, with the byte range of the whole match (after `\K`, where the pattern has one).
    public func matchWithSpan(_ subject: UnsafeRawBufferPointer) -> (captures: [(String, String)], span: Range<Int>)? {
        lock.withLock {
            let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer<UInt8>(bitPattern: 1)!
            let rc = pcre2_match_8(code, base, subject.count, 0, 0, matchData, context)
            if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT {
                limitHits += 1
                return nil
            }
            guard rc > 0 else { return nil }
            let ov = pcre2_get_ovector_pointer_8(matchData)!
            var out: [(String, String)] = []
            for (name, g) in names where g < Int(rc) {
                let s = ov[2 * g], e = ov[2 * g + 1]
                if s < 0 || e < s { continue }   // PCRE2_UNSET reads as -1 through Int
                out.append((name, String(decoding: UnsafeRawBufferPointer(rebasing: subject[s..<e]), as: UTF8.self)))
            }
            let s = ov[0], e = ov[1]
            return (out, s < 0 || e < s ? 0..<0 : s..<e)
        }
    }

    func matchRange(_ subject: UnsafeRawBufferPointer, _ offset: Int) -> Range<Int>? {
        lock.withLock {
            let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer<UInt8>(bitPattern: 1)!
            let rc = pcre2_match_8(code, base, subject.count, offset, 0, matchData, context)
            guard rc > 0 else { return nil }
            let ov = pcre2_get_ovector_pointer_8(matchData)!
            return ov[0] < 0 ? nil : ov[0]..<max(ov[1], ov[0])
        }
    }

    public func matches(_ s: String) -> [(String, String)]? {
        var s = s
        return s.withUTF8 { match(UnsafeRawBufferPointer($0)) }
    }
}

extension PCRE2Regex {
    /// Byte range of the first match at or after `offset`, or nil.
    public func range(in subject: UnsafeRawBufferPointer, from offset: Int) -> Range<Int>? {
        matchRange(subject, offset)
    }
}
