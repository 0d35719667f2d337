import Foundation
import Testing

/// Every example in `--help` is a whole command at 80 columns: no line of an example block is
/// wider than the help's wrap width (so the parser never breaks it), continuation lines end in
/// `\`, and each joined command parses as shell (`bash -n`).
@Suite struct HelpExampleTests {
    static let commands = [["analyze"], ["report"], ["tail"], ["parse"]]

    @Test(arguments: commands) func examplesAreWholeCommands(_ command: [String]) throws {
        let help = try CLIGoldenTests().execute(command + ["--help"], env: ["COLUMNS": "80"], stdin: nil).out
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "Examples:") else { Issue.record("\(command): no Examples"); return }
        var examples: [String] = []
        var current = ""
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            #expect(line.count <= 80, "\(command): example line wider than 80 columns: \(line)")
            current += line.trimmingCharacters(in: .whitespaces)
            if current.hasSuffix("\\") { current.removeLast(); current += " " } else { examples.append(current); current = "" }
        }
        #expect(current.isEmpty, "\(command): the last example ends in a continuation")
        #expect(examples.count >= 2)
        for e in examples {
            #expect(e.hasPrefix("logtrace ") || e.hasPrefix("kubectl "), "\(command): not a command: \(e)")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-n", "-c", e]
            try p.run(); p.waitUntilExit()
            #expect(p.terminationStatus == 0, "bash -n rejects: \(e)")
        }
    }
}
