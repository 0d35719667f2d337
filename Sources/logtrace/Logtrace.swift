import ArgumentParser

/// logtrace: turns Kubernetes control-plane logs into a root-cause timeline.
@main
struct Logtrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtrace",
        abstract: "Turn Kubernetes control-plane logs into a root-cause timeline.",
        discussion: """
        Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 input or rule errors \
        (reported after everything readable was analysed), 64 usage errors.

        Shell completion: logtrace --generate-completion-script bash (or zsh, fish).
        """,
        version: "0.1.0",
        subcommands: [Analyze.self, Tail.self, Report.self, Parse.self, Rules.self, Ingest.self]
    )
}
