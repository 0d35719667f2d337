import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules

/// docs/signals.md is generated from the rule pack (`logtrace rules docs`); it must match what
/// ships, so a rule change without its doc fails here. `RECORD_GOLDEN=1` rewrites the file.
@Suite struct RuleDocsTests {
    @Test func signalsDocumentMatchesThePack() throws {
        let path = repoRoot + "/docs/signals.md"
        let actual = RuleDocs.markdown(builtinRules)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded docs/signals.md; run again without RECORD_GOLDEN")
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(expected == actual, "docs/signals.md is out of date: RECORD_GOLDEN=1 swift test --filter RuleDocsTests")
    }

    /// Every built-in signal and every rule file has its section or row.
    @Test func everySignalIsDocumented() {
        let doc = RuleDocs.markdown(builtinRules)
        for s in builtinRules.signals { #expect(doc.contains("| `\(s.id)` |"), "\(s.id) missing") }
        for f in builtinRules.files { #expect(doc.contains("\n## \(f.id)\n"), "\(f.id) missing") }
    }

    @Test func captureNamesReadNamedGroupsOnly() {
        #expect(RuleDocs.captureNames(#"(?<version>v[0-9]+)\.(?P<group>[a-z.]+) (?:x) (?<=a)(?<!b) \(?<no>"#) == ["version", "group"])
    }
}
