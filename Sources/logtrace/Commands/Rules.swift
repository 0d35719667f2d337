import ArgumentParser
import LogtraceCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, check, test and explain rules.",
        subcommands: [List.self, Check.self, Test.self, Explain.self, Export.self, Docs.self]
    )
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
