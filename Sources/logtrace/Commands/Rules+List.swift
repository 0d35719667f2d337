import ArgumentParser
import LogtraceCore
import LogtraceRules

extension Rules {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rules: id, severity, title, source file.")
        @Option(name: .customLong("rules"), help: ArgumentHelp("Add rules from a directory.", valueName: "dir")) var ruleDirs: [String] = []
        func run() throws {
            let log = DiagnosticLog()
            let set = RuleCatalog.load(userDirs: ruleDirs, log: log)
            var out = ""
            for f in set.files.sorted(by: { $0.id < $1.id }) {
                out += "\(f.id.padding(30)) \(f.severity.rawValue.padding(9)) \(f.title)  (\(f.source))\n"
            }
            Terminal.write(out)
            Terminal.report(log)
            if log.hasErrors { throw ExitCode(2) }
        }
    }
}
