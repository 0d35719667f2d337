import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The "unexplained errors" template counter is capped; reaching the cap is a diagnostic, not a
/// silent omission (#13: every counted drop is reported).
@Suite struct TemplateCapTests {
    /// A word of letters only (the template mask keeps it) that differs for every n.
    static func word(_ n: Int) -> String {
        var n = n, s = ""
        repeat { s.append(Character(UnicodeScalar(UInt8(97 + n % 26)))); n /= 26 } while n > 0
        return s
    }

    @Test func reachingTheTemplateCapIsReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logtrace-templates-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let extra = 7
        var text = ""
        for i in 0..<(TemplateCounter.capacity + extra) {
            text += "W0301 10:00:00.000000       1 thing.go:42] cannot frobnicate \(Self.word(i)) widget\n"
        }
        try text.write(to: dir.appendingPathComponent("kube-controller-manager.log"), atomically: true, encoding: .utf8)
        let (result, _) = analyzeDir(dir.path)
        #expect(result.templates?.entries.count == TemplateCounter.capacity)
        let d = result.diagnostics.filter { $0.kind == .limit && $0.message.contains("message templates") }
        #expect(d.count == 1)
        #expect(d.first?.message.contains("\(extra) records") == true, "\(d.map(\.message))")
    }

    @Test func underTheCapNothingIsReported() throws {
        let c = TemplateCounter()
        #expect(c.overflowDiagnostic == nil)
    }
}
