import ArgumentParser
import LogtraceCore
import LogtraceRules

extension Rules {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each signal's pushdown query for another store: ClickHouse SQL or LogQL.",
            discussion: """
            Each query selects a signal's candidate lines (component, severity, literals); \
            logtrace still confirms them with the signal's PCRE2 regex and field checks.

            Examples:
              logtrace rules export --to clickhouse --table logs.k8s
              logtrace rules export --to clickhouse --schema otel --table otel.otel_logs
              logtrace rules export --to logql --label container
            """
        )
        @Option(help: ArgumentHelp("clickhouse or logql.", valueName: "store")) var to: String
        @Option(name: .customLong("rules"), help: ArgumentHelp("Add rules from a directory.", valueName: "dir")) var ruleDirs: [String] = []
        @Option(help: ArgumentHelp("Table for ClickHouse queries.", valueName: "db.table")) var table: String = "default.logs"
        @Option(help: ArgumentHelp("ClickHouse table layout: logtrace or otel.", valueName: "schema")) var schema: String = "logtrace"
        @Option(help: ArgumentHelp("Loki stream label that holds the component.", valueName: "label")) var label: String = "container"
        @Option(help: ArgumentHelp("LogQL stream selector of Kubernetes events (kube-events matchers; default: Grafana Alloy's loki.source.kubernetes_events job).", valueName: "selector"))
        var eventsSelector: String = RuleExport.defaultEventsSelector

        func validate() throws {
            guard ["clickhouse", "logql"].contains(to) else { throw ValidationError("--to: use clickhouse or logql") }
            guard ["logtrace", "otel"].contains(schema) else { throw ValidationError("--schema: use logtrace or otel") }
            guard eventsSelector.hasPrefix("{") && eventsSelector.hasSuffix("}") else {
                throw ValidationError("--events-selector: a LogQL stream selector like '{job=\"kubernetes-events\"}', not '\(eventsSelector)'")
            }
        }

        func run() throws {
            let log = DiagnosticLog()
            let set = RuleCatalog.load(userDirs: ruleDirs, log: log)
            if to == "logql" {
                Terminal.write(RuleExport.logql(set, label: label, eventsSelector: eventsSelector))
            } else {
                Terminal.write(RuleExport.clickhouse(set, mapping: schema == "otel" ? .otel : .logtrace, table: table))
            }
            Terminal.report(log)
            if log.hasErrors { throw ExitCode(2) }
        }
    }
}
