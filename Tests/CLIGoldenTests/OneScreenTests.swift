import Foundation
import Testing

/// The default text view of the founding incident fits one screen (40 rows at 120 columns,
/// header included) and names the root cause in its first 10 lines; `-v` brings back every
/// evidence line. Each line fits the width: cut at a word, never wrapped by the terminal.
@Suite struct OneScreenTests {
    static let sample = "SampleLogs/namespace-stuck-terminating"

    @Test func foundingIncidentFitsOneScreen() throws {
        let r = try CLIGoldenTests().execute(["analyze", Self.sample], env: ["COLUMNS": "120"], stdin: nil)
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 40, "\(lines.count) rows:\n\(r.out)")
        for l in lines { #expect(l.count <= 120, "wider than 120 columns: \(l)") }
        let top = lines.prefix(10).joined(separator: "\n")
        #expect(top.contains("Root cause: cloud-controller-manager") && top.contains("Forbidden.RAM"), "root cause not in the first 10 lines:\n\(top)")
        #expect(r.out.contains("Next: "))   // the first remediation command that fits, whole
        #expect(r.out.contains("← key") && r.out.contains("← class"))
        #expect(r.out.contains("also explains: aggregated-api-unavailable, cloud-route-sync-failed (folded into this finding, not reported again)"))
        // Each evidence line once: a step whose best line an earlier step shows shows another.
        let locations = lines.filter { $0.hasPrefix("        ") }.compactMap { l -> String? in
            guard let loc = l.split(separator: " ").last, loc.contains(":"), Int(loc.split(separator: ":").last ?? "") != nil else { return nil }
            return String(loc)
        }
        #expect(locations.count >= 3 && Set(locations).count == locations.count, "evidence repeats: \(locations)")
        // Paths relative to the input root.
        #expect(!r.out.contains(Self.sample + "/"))
        #expect(r.out.contains("master-2/journal.txt:102"))
    }

    @Test func narrowTerminalsToo() throws {
        let r = try CLIGoldenTests().execute(["analyze", Self.sample], env: ["COLUMNS": "80"], stdin: nil)
        for l in r.out.split(separator: "\n") { #expect(l.count <= 80, "wider than 80 columns: \(l)") }
    }

    @Test func verboseBringsBackTheEvidence() throws {
        let short = try CLIGoldenTests().execute(["analyze", Self.sample], env: ["COLUMNS": "120"], stdin: nil).out
        let full = try CLIGoldenTests().execute(["analyze", "-v", Self.sample], env: ["COLUMNS": "120"], stdin: nil).out
        #expect(!short.contains("journal.txt:104") && full.contains("journal.txt:104"))
        #expect(full.contains("not authorized to operate on the specified resource"))   // never cut in -v
        #expect(full.contains("Remediation"))
        #expect(full.split(separator: "\n").count > short.split(separator: "\n").count)
    }
}
