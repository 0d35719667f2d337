import Testing
@testable import LogtraceCore
@testable import LogtraceRender

@Suite struct KlogHeaderTests {
    func header(_ s: String) -> KlogHeader? {
        var s = s
        return s.withUTF8 { KlogHeader.parse(UnsafeRawPointer($0.baseAddress!), $0.count) }
    }

    @Test("real header lines from the reference", arguments: [
        ("I1019 08:03:32.355043       1 controller.go:368] Creating route for node", 1, "controller.go", 368),
        ("E0926 06:47:03.328874       1 namespace_controller.go:148] unable to retrieve", 1, "namespace_controller.go", 148),
        ("I0102 15:04:05.067890    1234 klog_test.go:42] test", 1234, "klog_test.go", 42),
        ("E0517 15:04:22.619632 1952452992 logging_unittest.cc:253] glog", 1952452992, "logging_unittest.cc", 253),
        ("F0411 00:17:54.000001 4057612 controllermanager.go:294] leaderelection lost", 4057612, "controllermanager.go", 294),
    ])
    func parsesRealLines(line: String, pid: Int, file: String, sourceLine: Int) throws {
        let h = try #require(header(line))
        #expect(h.pid == pid)
        #expect(h.sourceLine == sourceLine)
        let bytes = Array(line.utf8)
        #expect(String(decoding: bytes[h.fileStart..<h.fileEnd], as: UTF8.self) == file)
    }

    @Test func fieldsAndBody() throws {
        let line = "W0312 09:40:01.118273       1 x.go:7] hello"
        let h = try #require(header(line))
        #expect(h.severity == .warning)
        #expect(h.month == 3 && h.day == 12 && h.hour == 9 && h.minute == 40 && h.second == 1 && h.micro == 118_273)
        #expect(String(line.utf8.dropFirst(h.bodyStart))! == "hello")
    }

    @Test("continuation lines never parse as headers", arguments: [
        "goroutine 1 [running]:", "Trace[1683455828]: ---\"Txn call completed\" 3314ms", "\tline", " >",
        "I0312 09:40:01 missing micros", "X0312 09:40:01.118273       1 x.go:7] bad severity",
        "I1312 09:40:01.118273       1 x.go:7] month 13", "I0312 25:40:01.118273       1 x.go:7] hour 25",
        "I0312 09:40:01.118273 x.go:7] no pid", "I0312 09:40:01.118273       1 x.go] no line",
    ])
    func rejects(line: String) { #expect(header(line) == nil) }

    @Test func emptyMessageAccepted() throws {
        let h = try #require(header("I0312 09:40:01.118273       1 x.go:7]"))
        #expect(h.bodyStart == 37)
    }
}

/// The SWAR header parser accepts and decodes exactly what the byte-by-byte reference does, on
/// real headers and on 300,000 mutations of them (bytes flipped to digits, punctuation,
/// spaces and random values, lines cut short).
@Suite struct KlogHeaderOracleTests {
    static let seeds = [
        "I1019 08:03:32.355043       1 controller.go:368] Creating route for node",
        "E0926 06:47:03.328874       1 namespace_controller.go:148] unable to retrieve",
        "I0102 15:04:05.067890    1234 klog_test.go:42] test",
        "E0517 15:04:22.619632 1952452992 logging_unittest.cc:253] glog",
        "F0411 00:17:54.000001 4057612 controllermanager.go:294] leaderelection lost",
        "W1231 23:59:60.999999       7 a.go:1234567]",
        "I0312 09:00:00.000000       1 x.go:12345678] eight-digit line",
        "I0312 09:00:00.000000       1 x.go:1]x",
    ]

    func same(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { b in
            let p = b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            let new = KlogHeader.parse(p, b.count), old = KlogHeaderReference.parse(p, b.count)
            guard let n = new, let o = old else { return (new == nil) == (old == nil) }
            return n.severity == o.severity && n.month == o.month && n.day == o.day && n.hour == o.hour
                && n.minute == o.minute && n.second == o.second && n.micro == o.micro && n.pid == o.pid
                && n.fileStart == o.fileStart && n.fileEnd == o.fileEnd && n.sourceLine == o.sourceLine
                && n.bodyStart == o.bodyStart
        }
    }

    @Test func agreesWithTheReferenceOnMutations() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        let alphabet: [UInt8] = Array("0123456789 :.]/I-WEFx\t".utf8) + [0x00, 0x2F, 0x3A, 0x3B, 0x40, 0x80, 0xFF]
        var mismatches: [String] = []
        var accepted = 0
        for k in 0..<300_000 {
            var line = Array(Self.seeds[k % Self.seeds.count].utf8)
            for _ in 0..<Int(next() % 3) {
                let at = Int(next() % UInt64(min(line.count, 48)))
                line[at] = alphabet[Int(next() % UInt64(alphabet.count))]
            }
            if next() % 8 == 0 { line = Array(line.prefix(Int(next() % UInt64(line.count + 1)))) }
            if line.isEmpty { continue }
            if !same(line), mismatches.count < 5 { mismatches.append(String(decoding: line, as: UTF8.self)) }
            if line.withUnsafeBytes({ KlogHeaderReference.parse($0.baseAddress!, $0.count) }) != nil { accepted += 1 }
        }
        #expect(accepted > 30_000)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// With a memo, over streams where each line is a mutation of the one before (so the date,
    /// clock and pid columns often repeat): the same answers as without.
    @Test func memoChangesNothing() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        let alphabet: [UInt8] = Array("0123456789 :.]/I-WEFx\t".utf8) + [0x00, 0x2F, 0x3A, 0x80, 0xFF]
        var memo = KlogHeaderMemo()
        var line = Array(Self.seeds[0].utf8)
        var mismatches = 0, memoHits = 0
        for k in 0..<200_000 {
            if k % 50 == 0 { line = Array(Self.seeds[Int(next() % UInt64(Self.seeds.count))].utf8) }
            if next() % 2 == 0 {
                let at = Int(next() % UInt64(min(line.count, 40)))
                line[at] = next() % 2 == 0 ? alphabet[Int(next() % UInt64(alphabet.count))] : UInt8(0x30 + next() % 10)
            }
            let cut = next() % 10 == 0 ? Array(line.prefix(Int(next() % UInt64(line.count + 1)))) : line
            guard !cut.isEmpty else { continue }
            cut.withUnsafeBytes { b in
                let before = memo
                let withMemo = KlogHeader.parse(b.baseAddress!, b.count, memo: &memo)
                let plain = KlogHeader.parse(b.baseAddress!, b.count)
                if before.date == memo.date && withMemo != nil { memoHits += 1 }
                if (withMemo == nil) != (plain == nil) || withMemo.map({ "\($0)" }) != plain.map({ "\($0)" }) { mismatches += 1 }
            }
        }
        #expect(memoHits > 5_000)
        #expect(mismatches == 0)
    }
}

