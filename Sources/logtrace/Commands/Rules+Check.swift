import ArgumentParser
import LogtraceCore
import LogtraceRules

extension Rules {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check rule files: schema, regexes, references, cycles, example coverage.",
            discussion: "Without DIR, checks the built-in pack. Exit 0 when clean, 2 when a problem was found.")
        @Argument(help: "A directory of rule files (default: the built-in pack).") var dir: String?
        func run() throws {
            let log = DiagnosticLog()
            let set = dir.map { RuleCatalog.load(userDirs: [$0], log: log) } ?? RuleCatalog.load(userDirs: [], log: log)
            RuleLint(rules: set).check(log: log)
            Terminal.report(log)
            let errors = log.all.filter { $0.level == .error }.count
            Terminal.write(errors == 0 ? "\(set.files.count) rule files, \(set.signals.count) signals, \(set.edges.count) edges: ok\n"
                                       : "\(errors) problem\(errors == 1 ? "" : "s") found\n")
            if errors > 0 { throw ExitCode(2) }
        }
    }
}
