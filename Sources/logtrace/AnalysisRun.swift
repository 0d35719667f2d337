import Foundation
import LogtraceCore
import LogtraceRender

/// Loads rules, runs the analysis and applies the output filters; shared by analyze and report.
struct AnalysisRun {
    var result: AnalysisResult
    var redactor: Redactor?

    init(paths: [String], rules ruleOptions: RuleOptions, input: InputOptions, window: WindowOptions, findings: FindingOptions,
         templates: Bool, log: DiagnosticLog, store: StoreOptions? = nil) throws {
        let rules = ruleOptions.loadRules(log)
        if paths.count == 1, ClickHouseURL.isStoreURL(paths[0]) {
            var options = AnalysisOptions()
            window.apply(to: &options)
            result = try StoreConnection.analyze(paths[0], rules: rules, options: options, store: store, log: log)
            result.findings = result.findings.filter { $0.severity >= findings.minSeverity.value }
            result.diagnostics = log.sorted
            if findings.redact { redactor = Redactor(hostnames: Array(Set(result.inputs.compactMap(\.node))).sorted()) }
            return
        }
        var options = AnalysisOptions()
        if ProcessInfo.processInfo.environment["LOGTRACE_NO_SPLIT"] != nil { options.splitLargeFiles = false }
        options.read = try input.readOptions()
        options.componentOverrides = try input.overrides(paths: paths)
        window.apply(to: &options)
        let progress = ProgressLine.start()
        options.read.progress = progress?.counter
        let analyzer = Analyzer(rules: rules, options: options)
        analyzer.collectTemplates = templates
        result = analyzer.run(paths: paths, log: log)
        progress?.stop()
        result.findings = result.findings.filter { $0.severity >= findings.minSeverity.value }
        result.diagnostics = log.sorted
        if findings.redact {
            let r = Redactor(hostnames: Array(Set(result.inputs.compactMap(\.node))).sorted())
            r.prime(result)
            redactor = r
        }
    }
}
