import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The dumps whose layout is the confounder (SampleLogs/README.md): modification times matter,
/// and git does not keep them, so each test copies the dump and sets them with `utimes`.
@Suite struct ConfounderSampleTests {
    static func copy(_ sample: String) throws -> TempDir {
        let d = TempDir()
        try FileManager.default.copyItem(atPath: repoRoot + "/SampleLogs/" + sample, toPath: d.path + "/" + sample)
        return d
    }

    static func analyze(_ path: String, year: Int? = nil) -> AnalysisResult {
        var o = AnalysisOptions()
        o.read.year = year
        o.read.fallbackDate = (2026, 12, 3)
        return Analyzer(rules: builtinRules, options: o).run(paths: [path], log: DiagnosticLog())
    }

    /// The modification times of classic-var-log as a tar of /var/log keeps them (SampleLogs/README.md).
    static let classicMtimes: [(String, String)] = [
        ("master-1/var/log/kube-apiserver.log.2.gz", "2024-03-12T10:58:42Z"),
        ("master-1/var/log/kube-apiserver.log.1", "2024-03-12T12:07:13Z"),
        ("master-1/var/log/kube-apiserver.log", "2024-03-12T13:00:05Z"),
        ("master-1/var/log/kube-controller-manager.log", "2024-03-12T13:00:05Z"),
        ("master-2/var/log/cloud-controller-manager.log", "2024-03-12T13:00:05Z"),
        ("master-2/var/log/kube-apiserver.log", "2024-03-12T13:00:05Z"),
        ("master-3/var/log/kube-apiserver.log", "2024-03-12T13:00:05Z"),
        ("master-3/var/log/kube-scheduler.log", "2024-03-12T13:00:05Z"),
    ]

    /// The founding incident as plain rotated files with no header, copied with their mtimes
    /// (2024): every record is dated 2024 and the diagnosis is the founding one.
    @Test func classicVarLogWithOldModificationTimes() throws {
        let d = try Self.copy("classic-var-log")
        let root = d.path + "/classic-var-log"
        for (f, t) in Self.classicMtimes { d.setMtime("classic-var-log/" + f, t) }
        let files = try FileManager.default.subpathsOfDirectory(atPath: root)
            .filter { var isDir: ObjCBool = false; FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDir); return !isDir.boolValue }
        #expect(Set(files) == Set(Self.classicMtimes.map(\.0)), "the table above lists every file of the dump")

        let every = readAll([root])
        #expect(every.records.count > 5000)
        #expect(every.records.allSatisfy { year($0.time) == 2024 }, "\(every.records.filter { year($0.time) != 2024 }.prefix(3).map { "\($0.path):\($0.line)" })")
        #expect(every.stats.allSatisfy { $0.yearFrom == .mtime })

        let r = Self.analyze(root)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        let f = try #require(r.findings.first)
        #expect(f.id == "namespace-stuck-terminating")
        #expect(f.rootCause.signal == "cloud-api-permission-denied")
        #expect(f.chain.map(\.signal) == ["cloud-api-permission-denied", "route-controller-sync-failed", "aggregated-api-unavailable",
                                          "api-discovery-failed", "namespace-deletion-blocked"])
        #expect(Timestamp.rfc3339Seconds(f.start) == "2024-03-12T09:10:03Z")
        #expect(Timestamp.rfc3339Seconds(f.end) == "2024-03-12T11:35:49Z")
        #expect(r.findings.allSatisfy { $0.end - $0.start < 86_400_000_000 }, "a finding spans more than a day")
    }

    /// `kubectl logs` saved without time stamps, out of an archive that kept no times: the year is
    /// today's, said once per input with --year named, and the diagnosis still holds.
    @Test func guessedYearIsSaidAndFixedByTheFlag() throws {
        let d = try Self.copy("guessed-year")
        let root = d.path + "/guessed-year"
        let files = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(files.count == 7)
        for f in files { d.setMtime("guessed-year/" + f, "1980-01-01T00:00:00Z") }

        let r = Self.analyze(root)
        let guessed = r.diagnostics.filter { $0.kind == .yearGuessed }
        #expect(guessed.compactMap(\.path).map { ($0 as NSString).lastPathComponent }.sorted() == files)
        #expect(guessed.allSatisfy { $0.level == .warning && $0.message.contains("today's date (2026-12-03)") && $0.help!.contains("--year") })
        #expect(r.inputs.allSatisfy { $0.yearFrom == .fallback && year($0.first) == 2026 })
        let f = try #require(r.findings.first)
        #expect(f.id == "aggregated-api-unavailable")
        #expect(f.rootCause.signal == "metrics-server-down")
        let text = TextReport(style: Style(enabled: false), redactor: nil).header(r)
        #expect(text.contains("year guessed: today's date") && text.contains("--year"))

        let fixed = Self.analyze(root, year: 2024)
        #expect(fixed.diagnostics.isEmpty, "\(fixed.diagnostics)")
        #expect(fixed.inputs.allSatisfy { $0.yearFrom == .flag && year($0.first) == 2024 })
        #expect(fixed.findings.first?.rootCause.signal == "metrics-server-down")
    }

    /// The derived dumps are what scripts/make-derived-samples.sh makes of their sources today
    /// (a regenerated source sample must be followed by its derived dumps).
    @Test func derivedDumpsAreUpToDate() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [repoRoot + "/scripts/make-derived-samples.sh", "--check"]
        let out = Pipe()
        p.standardOutput = out; p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text.prefix(2000))")
    }

    /// One input dated a year away from the others is reported (here: one file kept its 2024 time,
    /// the rest lost theirs).
    @Test func inputsWhoseYearsDisagreeAreReported() throws {
        let d = try Self.copy("guessed-year")
        let root = d.path + "/guessed-year"
        for f in try FileManager.default.contentsOfDirectory(atPath: root) { d.setMtime("guessed-year/" + f, "1980-01-01T00:00:00Z") }
        d.setMtime("guessed-year/kube-scheduler-master-2.log", "2024-03-12T11:00:00Z")
        let r = Self.analyze(root)
        let w = r.diagnostics.filter { $0.kind == .yearsDisagree }
        #expect(w.map { ($0.path! as NSString).lastPathComponent } == ["kube-scheduler-master-2.log"])
        #expect(w.first?.message.contains("years disagree (year from mtime)") == true)
    }
}
