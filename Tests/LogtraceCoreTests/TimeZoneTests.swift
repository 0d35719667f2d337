import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// `--timezone`: offsets within the ones in use, IANA zones followed across daylight saving time.
@Suite struct TimeZoneTests {
    @Test func offsetsParse() throws {
        #expect(try ClockZone.parse("UTC") == .utc)
        #expect(try ClockZone.parse("-04:00").fixedOffset == -4 * 3_600_000_000)
        #expect(try ClockZone.parse("+05:30").fixedOffset == 330 * 60_000_000)
        #expect(try ClockZone.parse("+0530").fixedOffset == 330 * 60_000_000)
        #expect(try ClockZone.parse("-03").fixedOffset == -3 * 3_600_000_000)
        #expect(try ClockZone.parse("+14:00").fixedOffset == 14 * 3_600_000_000)
        #expect(try ClockZone.parse("-12:00").fixedOffset == -12 * 3_600_000_000)
        #expect(try ClockZone.parse("-04:00").description == "-04:00")
        for bad in ["+25:00", "+14:30", "-13:00", "+02:60", "+2:00", "+02:0", "+02:00x", "+", "Mars/Olympus_Mons"] {
            #expect(throws: ClockZone.ParseError.self, "\(bad)") { try ClockZone.parse(bad) }
        }
    }

    static func times(_ text: String, zone: String) throws -> [String] {
        let z = try ClockZone.parse(zone)
        final class Collect: RecordSink {
            var out: [String] = []
            func consume(_ r: RecordView) { out.append(Timestamp.rfc3339Seconds(r.time!)) }
        }
        let c = Collect()
        var o = ReadOptions()
        o.year = 2024
        o.zone = z
        let g = InputGroup(files: [InputFile(path: "kube-apiserver.log", displayPath: "kube-apiserver.log")])
        _ = StreamDriver(group: g, options: o, prefilter: nil, sink: c, log: DiagnosticLog(), source: MemorySource(text)).run()
        return c.out
    }

    static func klog(_ mmdd: String, _ clock: String) -> String { "I\(mmdd) \(clock).000000       1 x.go:1] m\n" }

    /// Defect: the zone's offset of today was used for every record, an hour off across DST.
    @Test func winterAndSummerTimeInNewYork() throws {
        #expect(try Self.times(Self.klog("0301", "10:00:00") + Self.klog("0315", "10:00:00"), zone: "America/New_York")
                == ["2024-03-01T15:00:00Z", "2024-03-15T14:00:00Z"])
        #expect(try Self.times(Self.klog("0301", "10:00:00") + Self.klog("0715", "10:00:00"), zone: "Europe/Berlin")
                == ["2024-03-01T09:00:00Z", "2024-07-15T08:00:00Z"])
        // A wrapper's UTC time tells the date; the klog clock beside it is read in the zone of its day.
        #expect(try Self.times("2024-07-15T14:00:00.000000000Z stderr F " + Self.klog("0715", "10:00:00"), zone: "America/New_York")
                == ["2024-07-15T14:00:00Z"])
    }

    @Test func springForwardInsideAStream() throws {
        let text = Self.klog("0310", "01:30:00") + Self.klog("0310", "01:59:59") + Self.klog("0310", "03:00:00") + Self.klog("0310", "03:30:00")
        #expect(try Self.times(text, zone: "America/New_York")
                == ["2024-03-10T06:30:00Z", "2024-03-10T06:59:59Z", "2024-03-10T07:00:00Z", "2024-03-10T07:30:00Z"])
    }

    /// The hour repeated when DST ends is read in stream order: first EDT, then EST.
    @Test func fallBackRepeatsAnHourInOrder() throws {
        let text = Self.klog("1103", "00:50:00") + Self.klog("1103", "01:30:00") + Self.klog("1103", "01:59:00")
            + Self.klog("1103", "01:10:00") + Self.klog("1103", "01:40:00") + Self.klog("1103", "02:10:00")
        #expect(try Self.times(text, zone: "America/New_York")
                == ["2024-11-03T04:50:00Z", "2024-11-03T05:30:00Z", "2024-11-03T05:59:00Z",
                    "2024-11-03T06:10:00Z", "2024-11-03T06:40:00Z", "2024-11-03T07:10:00Z"])
    }

    @Test func negativeOffsetOnTheCommandLine() throws {
        let dir = try tempDir(["kube-apiserver.log": Self.klog("0312", "10:00:00")])
        let ok = try runCLI(["parse", dir, "--year", "2024", "--timezone", "-04:00"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("2024-03-12T14:00:00"), "\(ok.out)")
        let bad = try runCLI(["parse", dir, "--year", "2024", "--timezone", "+25:00"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("--timezone") && bad.err.contains("+25:00"), "\(bad.err)")
    }
}
