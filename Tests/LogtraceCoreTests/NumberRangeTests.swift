import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules

/// Numbers that would wrap (#15 item 7). `swift test` runs a checked build: any overflow traps,
/// so each case passing here also proves it no longer overflows.
@Suite struct NumberRangeTests {
    static func validRFC3339(_ t: Int64?) -> Bool {
        guard let t else { return true }
        let s = Timestamp.rfc3339(t)
        return s.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$"#, options: .regularExpression) != nil
    }

    @Test func jsonTimesOutOfRangeAreUnparsedTimes() throws {
        for ts in ["1e999", "-nan", "9.3e15", "99999999999999999999", "9223372036854775807", "1e18"] {
            let (recs, _) = parseRecords(#"{"level":"error","ts":\#(ts),"msg":"boom"}"# + "\n", name: "etcd.log", year: nil)
            #expect(recs.count == 1, "\(ts)")
            #expect(recs.allSatisfy { Self.validRFC3339($0.time) && ($0.time.map(Timestamp.inRange) ?? true) }, "\(ts): \(recs.map { $0.time.map(Timestamp.rfc3339) })")
        }
        let (inf, _) = parseRecords(#"{"level":"error","ts":1e999,"msg":"boom"}"# + "\n", name: "etcd.log", year: nil)
        #expect(inf.first?.time == nil)
    }

    @Test func rfc3339YearsOutsideOneToNineThousandAreRejected() {
        #expect(RFC3339.parse("0000-06-01T00:00:00Z") == nil)
        #expect(RFC3339.parse("0001-01-01T00:30:00+01:00") == nil)   // year 0 in UTC
        #expect(RFC3339.parse("9999-12-31T23:59:59.999999Z") == Timestamp.maxTime)
        #expect(RFC3339.parse("0001-01-01T00:00:00Z") == Timestamp.minTime)
        #expect(RFC3339.parse("9999-12-31T23:30:00-01:00") == nil)   // year 10000 in UTC
        // A CRI line dated year 0 is a record without a time, not one printed as "0-0(-12-21".
        let (recs, _) = parseRecords("0000-03-12T09:00:00.000000000Z stderr F E0312 09:00:00.000000       1 a.go:1] x\n", name: "0.log")
        #expect(recs.allSatisfy { Self.validRFC3339($0.time) })
        #expect(Timestamp.rfc3339(Int64.min).hasPrefix("0001-"))
        #expect(Timestamp.rfc3339(Int64.max).hasPrefix("9999-"))
    }

    @Test func journaldPidOfTwentyDigitsIsNoPid() throws {
        let (recs, _) = parseRecords("Mar 12 09:00:00 node-1 kubelet[123456789012345678901234]: E0312 09:00:00.000000       1 a.go:1] x\n", name: "journal.txt")
        #expect(recs.count == 1)
        #expect(recs.first?.component == "kubelet")
        #expect(recs.first?.node == "node-1")
    }

    @Test func klogHeaderYearsOutOfRangeAreNoEvidence() throws {
        let (recs, _) = parseRecords("Log file created at: 0000/03/12 09:00:00\nE0312 09:00:00.000000       1 a.go:1] x\n", year: nil)
        #expect(recs.allSatisfy { Self.validRFC3339($0.time) && $0.time.map { Timestamp.rfc3339($0).hasPrefix("0000") } != true })
        // --year 9999 and a December -> January rollover: clamped to 9999, never year 10000.
        let (late, _) = parseRecords("E1231 23:59:59.000000       1 a.go:1] x\nE0101 00:00:01.000000       1 a.go:1] y\n", year: 9999)
        #expect(late.count == 2)
        #expect(late.allSatisfy { Self.validRFC3339($0.time) && ($0.time.map(Timestamp.inRange) ?? true) })
    }

    @Test func durationsThatWouldWrapAreOutOfRange() {
        #expect(DurationParser.check("953935793071d") == .outOfRange)
        #expect(DurationParser.check("999999999999d") == .outOfRange)
        #expect(DurationParser.check("9999999999999999999s") == .outOfRange)
        #expect(DurationParser.check("36500d") == .value(36_500 * 86_400_000_000))
        #expect(DurationParser.check("36501d") == .outOfRange)
        #expect(DurationParser.check("2h30m") == .value(9_000_000_000))
        #expect(DurationParser.check("2x") == .invalid)
    }

    @Test func ruleWindowOutOfRangeIsAnErrorAtItsPosition() throws {
        let yaml = """
        id: broken
        title: t
        severity: error
        description: d
        symptom: s1
        signals:
          - id: s1
            description: d
            match:
              - contains: "x"
            threshold:
              count: 3
              within: 953935793071d
        """
        let log = DiagnosticLog()
        _ = RuleLoader().load(text: yaml, name: "broken.yaml", source: "rules/broken.yaml", log: log)
        let d = log.all.first { $0.message.contains("'within' is out of range") }
        #expect(d?.path == "rules/broken.yaml" && d?.line == 13 && d?.column == 15, "\(log.all)")
        let log2 = DiagnosticLog()
        _ = RuleLoader().load(text: yaml.replacingOccurrences(of: "count: 3", with: "count: 99999999999999999999").replacingOccurrences(of: "953935793071d", with: "5m"),
                              name: "broken.yaml", source: "rules/broken.yaml", log: log2)
        #expect(log2.all.contains { $0.message.contains("'count' must be an integer from 1 to") && $0.line == 12 })
    }

    @Test func flagsOutOfRangeAreUsageErrors() throws {
        for args in [["--since", "999999999999d"], ["--until", "953935793071d"], ["--year", "0"], ["--year", "99999999999"], ["--year", "10000"],
                     ["--since", "0000-01-01T00:00:00Z"]] {
            let r = try runCLI(["analyze"] + args + ["SampleLogs/healthy"])
            #expect(r.status == 64, "\(args): \(r.status) \(r.err)")
        }
    }
}
