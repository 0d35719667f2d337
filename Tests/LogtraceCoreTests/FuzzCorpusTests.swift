import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules
@testable import LogtraceFuzz

/// Replays the kept fuzz corpora and crash reproducers (scripts/fuzz.sh), so every input that
/// once reached new coverage or crashed stays a regression test.
@Suite struct FuzzCorpusTests {
    static func inputs(_ target: String) -> [String] {
        let dir = repoRoot + "/Tests/FuzzCorpus/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    @Test(arguments: ["stream", "analyze", "gzip", "rules"])
    func replay(target: String) throws {
        let files = Self.inputs(target)
        #expect(!files.isEmpty)
        for f in files { FuzzHarness.run(target, Array(try Data(contentsOf: URL(fileURLWithPath: f)))) }
        for f in Self.inputs("crashes") { FuzzHarness.run(target, Array(try Data(contentsOf: URL(fileURLWithPath: f)))) }
        // The analyze target's files are removed after each input: nothing left in the temporary directory.
        // (Only this argument runs that target, so no other replay writes the directory meanwhile.)
        if target == "analyze" {
            #expect(!FileManager.default.fileExists(atPath: FuzzHarness.analyzeDir), "\(FuzzHarness.analyzeDir) left behind")
        }
    }
}
