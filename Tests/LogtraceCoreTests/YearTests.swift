import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Files written into a fresh temporary directory, with modification times set by `utimes` (git
/// does not keep them, so tests that need them set them on a copy).
final class TempDir {
    let path: String
    init() {
        var t = Array("/tmp/logtrace-test-XXXXXX".utf8CString)
        path = t.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }
    deinit { _ = try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    /// Compresses a file in place the way logrotate does (`gzip -n`: no name, no time in the header).
    func gzip(_ name: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-n", "-f", path + "/" + name]
        try p.run(); p.waitUntilExit()
        precondition(p.terminationStatus == 0, "gzip failed")
    }

    /// Sets a file's access and modification time (RFC 3339).
    func setMtime(_ name: String, _ time: String) {
        Self.setMtime(path + "/" + name, time)
    }

    static func setMtime(_ file: String, _ time: String) {
        let t = RFC3339.parse(time)! / 1_000_000
        var tv = [timeval(tv_sec: Int(t), tv_usec: 0), timeval(tv_sec: Int(t), tv_usec: 0)]
        precondition(utimes(file, &tv) == 0, "utimes \(file): \(String(cString: strerror(errno)))")
    }
}

/// Every record of the inputs under `paths`, read as logtrace reads them (discovery, rotation
/// groups, year inference), in input order, with the diagnostics.
func readAll(_ paths: [String], year: Int? = nil, today: (Int, Int, Int) = (2026, 12, 3)) -> (records: [Record], stats: [InputStats], log: DiagnosticLog) {
    final class Collect: RecordSink {
        var out: [Record] = []
        var paths: [String] = []
        func consume(_ r: RecordView) { out.append(Record(r, path: paths[r.inputIndex])) }
    }
    let log = DiagnosticLog()
    let groups = InputDiscovery().discover(paths, log: log)
    var o = ReadOptions()
    o.year = year
    o.fallbackDate = today
    let c = Collect()
    c.paths = groups.flatMap { $0.files.map(\.displayPath) }
    var stats: [InputStats] = []
    for g in groups { stats += StreamDriver(group: g, options: o, prefilter: nil, sink: c, log: log).run() }
    return (c.out, stats, log)
}

func year(_ t: Int64?) -> Int { Timestamp.civil(days: (t ?? 0) / Timestamp.microsPerDay).year }

@Suite struct YearTests {
    static func klog(_ day: String, _ clock: String, _ msg: String) -> String {
        "I\(day) \(clock).000000       1 controller.go:132] \(msg)\n"
    }

    /// Defect: only the newest member's mtime was used; older members fell back to today's year.
    @Test func everyRotatedMemberIsDatedByItsOwnModificationTime() throws {
        let d = TempDir()
        d.write("var/log/kube-apiserver.log.2", Self.klog("0312", "06:00:00", "oldest") + Self.klog("0312", "10:58:41", "oldest end"))
        try d.gzip("var/log/kube-apiserver.log.2")
        d.write("var/log/kube-apiserver.log.1", Self.klog("0312", "10:58:42", "middle") + Self.klog("0312", "12:07:12", "middle end"))
        d.write("var/log/kube-apiserver.log", Self.klog("0312", "12:07:13", "newest") + Self.klog("0312", "13:00:00", "newest end"))
        d.setMtime("var/log/kube-apiserver.log.2.gz", "2023-03-12T10:58:42Z")
        d.setMtime("var/log/kube-apiserver.log.1", "2023-03-12T12:07:12Z")
        d.setMtime("var/log/kube-apiserver.log", "2023-03-12T13:00:01Z")
        let r = readAll([d.path])
        #expect(r.records.count == 6)
        #expect(r.stats.map(\.path) == ["var/log/kube-apiserver.log.2.gz", "var/log/kube-apiserver.log.1", "var/log/kube-apiserver.log"].map { d.path + "/" + $0 })
        for rec in r.records { #expect(year(rec.time) == 2023, "\(rec.path):\(rec.line) resolved to \(Timestamp.rfc3339Seconds(rec.time ?? 0))") }
        #expect(r.stats.allSatisfy { $0.yearFrom == .mtime })
        #expect(r.log.all.isEmpty, "\(r.log.all)")
    }

    /// An older member whose own mtime was lost (copied later) is bounded by the next member's.
    @Test func aLaterMembersBoundDatesAnOlderMember() {
        let d = TempDir()
        d.write("kube-apiserver.log.1", Self.klog("1230", "10:00:00", "old"))
        d.write("kube-apiserver.log", Self.klog("1231", "10:00:00", "new"))
        d.setMtime("kube-apiserver.log.1", "2026-12-03T08:00:00Z")   // copied today, time not kept
        d.setMtime("kube-apiserver.log", "2022-12-31T10:00:01Z")
        let r = readAll([d.path])
        #expect(r.records.map { year($0.time) } == [2022, 2022])
    }

    /// The one place a group may change year: a real Dec 31 -> Jan 1 rollover.
    @Test func aGroupChangesYearOnlyAtNewYear() {
        let d = TempDir()
        d.write("kube-apiserver.log.1", Self.klog("1231", "23:59:58", "old"))
        d.write("kube-apiserver.log", Self.klog("1231", "23:59:59", "last of the year") + Self.klog("0101", "00:00:01", "first of the next"))
        d.setMtime("kube-apiserver.log.1", "2022-12-31T23:59:58Z")
        d.setMtime("kube-apiserver.log", "2023-01-01T00:00:02Z")
        let r = readAll([d.path])
        #expect(r.records.map { Timestamp.rfc3339Seconds($0.time!) } == ["2022-12-31T23:59:58Z", "2022-12-31T23:59:59Z", "2023-01-01T00:00:01Z"])
        #expect(!r.log.contains(.yearsDisagree))
    }

    /// A dated rotated name bounds its own records (logrotate dateext may date it the day before).
    @Test func aDatedNameDatesItsMember() {
        let d = TempDir()
        d.write("kube-apiserver.log-20231231", Self.klog("1231", "23:00:00", "old") + Self.klog("0101", "00:00:05", "after midnight"))
        d.write("kube-apiserver.log", Self.klog("0101", "01:00:00", "new"))
        d.setMtime("kube-apiserver.log-20231231", "2026-12-03T08:00:00Z")
        d.setMtime("kube-apiserver.log", "2026-12-03T08:00:00Z")
        let r = readAll([d.path])
        #expect(r.records.map { Timestamp.rfc3339Seconds($0.time!) } == ["2023-12-31T23:00:00Z", "2024-01-01T00:00:05Z", "2024-01-01T01:00:00Z"])
    }

    /// Archive times (zip's 1980, the epoch) are no evidence: the year is a guess, and said so.
    @Test func anArchiveTimeIsNoEvidence() {
        let d = TempDir()
        d.write("kube-apiserver.log", Self.klog("0312", "10:00:00", "x"))
        d.setMtime("kube-apiserver.log", "1980-01-01T00:00:00Z")
        let r = readAll([d.path])
        #expect(r.records.map { year($0.time) } == [2026])
        #expect(r.stats.first?.yearFrom == .fallback)
        #expect(r.log.all.map(\.kind) == [.yearGuessed])
    }

    /// A newer member that lost its time is dated after the older members, not by today.
    @Test func aMemberWithoutEvidenceFollowsTheOneBefore() {
        let d = TempDir()
        d.write("kube-apiserver.log.1", Self.klog("0312", "10:00:00", "old"))
        d.write("kube-apiserver.log", Self.klog("0312", "11:00:00", "new") + Self.klog("0101", "00:00:00", "new year"))
        d.setMtime("kube-apiserver.log.1", "2023-03-12T10:00:01Z")
        d.setMtime("kube-apiserver.log", "1980-01-01T00:00:00Z")
        let r = readAll([d.path])
        #expect(r.records.map { year($0.time) } == [2023, 2023, 2024])
        #expect(r.log.all.isEmpty, "\(r.log.all)")
    }

    /// Members whose years do not follow each other are reported.
    @Test func membersWhoseYearsDisagreeAreReported() {
        let d = TempDir()
        d.write("kube-apiserver.log.1", Self.klog("0312", "10:00:00", "old"))
        d.write("kube-apiserver.log", "Log file created at: 2025/03/12 11:00:00\nRunning on machine: master-1\n" + Self.klog("0312", "11:00:00", "new"))
        d.setMtime("kube-apiserver.log.1", "2023-03-12T10:00:01Z")
        d.setMtime("kube-apiserver.log", "2025-03-12T11:00:01Z")
        let r = readAll([d.path])
        #expect(r.records.map { year($0.time) } == [2023, 2025])
        let w = r.log.all.filter { $0.kind == .yearsDisagree }
        #expect(w.count == 1)
        #expect(w.first?.path == d.path + "/kube-apiserver.log")
        #expect(w.first?.message.contains("years disagree") == true)
    }
}
