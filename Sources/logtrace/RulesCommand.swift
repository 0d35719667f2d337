import ArgumentParser
import LogtraceCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, check, test and explain rules.",
        subcommands: [List.self, Check.self, Test.self, Explain.self, Export.self, Docs.self]
    )

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

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
