import Foundation
import Testing

/// docs/man/logtrace.1 is generated from the argument parser (scripts/make-man.sh); this fails
/// when an option the binary takes is missing from the committed page (re-run the script).
@Suite struct ManPageTests {
    @Test func manPageListsEveryOption() throws {
        let page = try String(contentsOfFile: CLIGoldenTests.root + "/docs/man/logtrace.1", encoding: .utf8)
        let dump = try CLIGoldenTests().execute(["--experimental-dump-help"], env: [:], stdin: nil).out
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any])
        var names: Set<String> = []
        func walk(_ command: [String: Any]) {
            for a in command["arguments"] as? [[String: Any]] ?? [] where (a["shouldDisplay"] as? Bool) != false {
                for n in a["names"] as? [[String: Any]] ?? [] where (n["kind"] as? String) == "long" {
                    if let name = n["name"] as? String { names.insert(name) }
                }
            }
            for s in command["subcommands"] as? [[String: Any]] ?? [] { walk(s) }
        }
        walk(json["command"] as? [String: Any] ?? [:])
        #expect(names.contains("only") && names.contains("color") && names.contains("follow"))
        for n in names.sorted() where !["help", "version", "experimental-dump-help", "generate-completion-script"].contains(n) {
            // mdoc: `.It Fl -only Ar names...`, `.It Fl f , -follow`
            let items = page.split(separator: "\n").filter { $0.hasPrefix(".It Fl") }
            #expect(items.contains { $0.split(separator: " ").contains(Substring("-" + n)) },
                    "docs/man/logtrace.1 lacks --\(n): run scripts/make-man.sh")
        }
    }
}
