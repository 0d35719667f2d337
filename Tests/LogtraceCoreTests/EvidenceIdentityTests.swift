import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Evidence from a store without line numbers (the OpenTelemetry `otel_logs` table: line 0)
/// must stay one entry per record, as the same records read from files with their lines.
@Suite struct EvidenceIdentityTests {
    func ev(_ line: Int, _ t: Int64, _ text: String) -> Evidence {
        Evidence(path: "var/log/pods/x/0.log", line: line, text: text, time: t, inputIndex: 0)
    }

    @Test func rowsWithoutLinesKeepTheirOwnEvidence() {
        var g = SignalGroup(signal: 0, keys: [], time: 1)
        for t in 1...6 as ClosedRange<Int64> { g.addEvidence(ev(0, t, "E0312 failed \(t)")) }
        // The three earliest and the latest, as with line numbers.
        #expect(g.evidence.map(\.time) == [1, 2, 3, 6])
        var files = SignalGroup(signal: 0, keys: [], time: 1)
        for t in 1...6 as ClosedRange<Int64> { files.addEvidence(ev(Int(t) * 10, t, "E0312 failed \(t)")) }
        #expect(files.evidence.map(\.time) == g.evidence.map(\.time))
    }

    @Test func sameRecordIsOneEvidence() {
        var g = SignalGroup(signal: 0, keys: [], time: 1)
        g.addEvidence(ev(0, 5, "same"))
        g.addEvidence(ev(0, 5, "same"))
        g.addEvidence(ev(12, 5, "same"))
        g.addEvidence(ev(12, 5, "same"))
        #expect(g.evidence.count == 2)
    }

    @Test func identityWithoutLines() {
        // Two different rows of one input are not "one record read twice".
        #expect(ev(0, 1, "a") != ev(0, 2, "b"))
        #expect(ev(0, 1, "a") != ev(0, 1, "b"))
        #expect(ev(0, 1, "a") == ev(0, 1, "a"))
        #expect(ev(7, 1, "a") == ev(7, 2, "b"))
        #expect(ev(0, 1, "a").location == "var/log/pods/x/0.log")
        #expect(ev(7, 1, "a").location == "var/log/pods/x/0.log:7")
    }
}
