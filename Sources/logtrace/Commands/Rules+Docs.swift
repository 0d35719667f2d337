import ArgumentParser
import LogtraceCore
import LogtraceRules

extension Rules {
    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the reference of the rule pack as markdown: rules, signals, literals, keys, thresholds, edges.",
            discussion: "docs/signals.md is this output for the built-in pack.")
        @Option(name: .customLong("rules"), help: ArgumentHelp("Add rules from a directory.", valueName: "dir")) var ruleDirs: [String] = []
        func run() throws {
            let log = DiagnosticLog()
            let set = RuleCatalog.load(userDirs: ruleDirs, log: log)
            Terminal.report(log)
            Terminal.write(RuleDocs.markdown(set))
            if log.hasErrors { throw ExitCode(2) }
        }
    }
}
