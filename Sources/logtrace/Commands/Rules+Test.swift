import ArgumentParser
import LogtraceCore
import LogtraceRules

extension Rules {
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every rule's examples and print a pass/fail table.")
        @Argument(help: "A directory of rule files (default: the built-in pack).") var dir: String?
        func run() throws {
            let log = DiagnosticLog()
            let set = dir.map { RuleCatalog.load(userDirs: [$0], log: log) } ?? RuleCatalog.load(userDirs: [], log: log)
            Terminal.report(log)
            let runner = ExampleRunner(rules: set)
            var failed = 0, total = 0
            var out = ""
            for f in set.files.sorted(by: { $0.id < $1.id }) where dir == nil || f.source.hasPrefix(dir!) {
                for o in runner.run(f) {
                    total += 1
                    if !o.passed { failed += 1 }
                    out += "\(o.passed ? "PASS" : "FAIL")  \(o.rule.padding(30)) \(o.example)\(o.passed ? "" : "\n      \(o.source):\(o.line): \(o.detail)")\n"
                }
            }
            out += "\(total - failed) passed, \(failed) failed\n"
            Terminal.write(out)
            if failed > 0 || log.hasErrors { throw ExitCode(1) }
        }
    }
}
