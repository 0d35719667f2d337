import ArgumentParser
import LogtraceCore
import LogtraceRules

extension Rules {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the causal chain a rule can build.")
        @Argument(help: "A rule id.") var id: String
        @Option(name: .customLong("rules"), help: ArgumentHelp("Add rules from a directory.", valueName: "dir")) var ruleDirs: [String] = []
        func run() throws {
            let log = DiagnosticLog()
            let set = RuleCatalog.load(userDirs: ruleDirs, log: log)
            guard let f = set.files.first(where: { $0.id == id }) else {
                Terminal.error("no rule '\(id)' (see `logtrace rules list`)"); throw ExitCode(2)
            }
            Terminal.write(RuleLint(rules: set).explain(f))
        }
    }
}
