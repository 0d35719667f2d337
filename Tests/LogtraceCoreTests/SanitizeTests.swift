import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules

/// Strings from input (components, paths, keys, log text, node names) never reach a terminal
/// with control characters, escape sequences or bidi controls; signal ids from rule files are
/// validated like rule ids.
@Suite struct SanitizeTests {
    static let hostile = "kube\u{1B}]0;owned\u{07}-x\u{1B}[2J\r\u{08}\u{9B}31m\u{202E}evil\u{2066}\u{2069}\u{200F}\u{2028}"

    /// What must not reach a terminal, spelled out here rather than asked of `TerminalText.isUnsafe`:
    /// a check through the predicate under test passed even with the bidi controls left out of it.
    static func forbidden(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)             // C0, DEL, C1 (ESC, BEL, CSI ...)
            || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v)          // marks, line/paragraph separators
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)  // bidi embeddings, overrides, isolates
    }

    static func safe(_ s: String) -> Bool {
        // Only our own SGR styling may contain ESC; the report here is rendered without colour.
        !s.unicodeScalars.contains { forbidden($0) && $0 != "\n" }
    }

    @Test func sanitizeRemovesControlsAndBidi() {
        let s = TerminalText.sanitize(Self.hostile)
        #expect(Self.safe(s))
        #expect(s.contains("owned") && s.contains("evil"))   // replaced, not dropped silently
    }

    @Test func everyInputStringInTheTextViewIsSanitised() {
        var (result, _) = analyzeDir(repoRoot + "/SampleLogs/namespace-stuck-terminating")
        #expect(!result.findings.isEmpty)
        let h = Self.hostile
        result.findings[0].chain[0].components = [h]
        result.findings[0].chain[0].evidence[0].path = "/var/log/" + h
        result.findings[0].chain[0].evidence[0].text = h
        result.findings[0].chain[0].keys = [("cloud_code", h)]
        result.findings[0].resolvedBy?.path = h
        result.findings[0].missing.append(Finding.Missing(signal: "x", hint: h))
        result.inputs[0].path = h
        result.inputs[0].component = nil
        result.inputs[0].restarts = 2
        result.inputs[0].node = h
        for verbose in [false, true] {
        let text = TextReport(style: Style(enabled: false), redactor: nil, verbose: verbose).render(result)
        #expect(Self.safe(text), "unsanitised: \(text.unicodeScalars.filter { TerminalText.isUnsafe($0) && $0 != "\n" }.map { String($0.value, radix: 16) })")
        let live = TextReport(style: Style(enabled: false), redactor: nil, verbose: verbose).finding(result.findings[0])
        #expect(Self.safe(live))
        }
    }

    @Test func durationsOverADayReadAsDays() {
        #expect(Timestamp.duration(194 * 3_600_000_000 + 17 * 60_000_000) == "8d2h")
        #expect(Timestamp.duration(48 * 3_600_000_000) == "2d")
        #expect(Timestamp.duration(2 * 3_600_000_000 + 25 * 60_000_000) == "2h25m")
    }

    @Test func signalIdsAreValidatedLikeRuleIds() {
        let yaml = """
        id: bad-signal
        title: t
        severity: error
        symptom: "a\\n```\\nflowchart"
        signals:
          - id: "a\\n```\\nflowchart"
            match:
              - contains: x
          - id: Upper_Case
            match:
              - contains: y
          - id: fine-one
            match:
              - contains: z
        """
        let log = DiagnosticLog()
        let file = RuleLoader().load(text: yaml, name: "bad-signal.yaml", source: "bad-signal.yaml", log: log)
        // The file is refused or keeps only the valid signal; an invalid id never gets through.
        #expect((file?.signals.map(\.id) ?? []).allSatisfy(RuleLoader.isValidID))
        #expect(log.all.filter { $0.message.contains("is not lowercase kebab-case") }.count == 2)
        #expect(!log.all.contains { $0.message.contains("\n") })
        #expect(RuleLoader.isValidID("cloud-api-permission-denied"))
        #expect(!RuleLoader.isValidID("-x") && !RuleLoader.isValidID("é") && !RuleLoader.isValidID(""))
    }
}
