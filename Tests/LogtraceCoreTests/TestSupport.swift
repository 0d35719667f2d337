import Foundation
@testable import LogtraceCore
@testable import LogtraceRender
@testable import LogtraceRules

/// Repository root, found from this file's path (tests read rules/, SampleLogs/, goldens).
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Parses `text` as one stream named `name` and returns the records.
func parseRecords(_ text: String, name: String = "kube-apiserver.log", year: Int? = 2024, chunk: Int = Int.max,
                  maxLine: Int = 1 << 20) -> ([Record], DiagnosticLog) {
    final class Collect: RecordSink {
        var out: [Record] = []
        func consume(_ r: RecordView) { out.append(Record(r, path: "t")) }
    }
    let c = Collect()
    var g = InputGroup(files: [InputFile(path: name, displayPath: name)])
    g.component = ComponentNames.fromName(name)
    var o = ReadOptions()
    o.year = year
    o.maxLine = maxLine
    let log = DiagnosticLog()
    _ = StreamDriver(group: g, options: o, prefilter: nil, sink: c, log: log, source: MemorySource(text, chunk: chunk)).run()
    return (c.out, log)
}

let builtinRules: RuleSet = {
    let log = DiagnosticLog()
    let r = RuleCatalog.load(userDirs: [], log: log)
    precondition(!log.hasErrors, "built-in rules do not load: \(log.all)")
    return r
}()

func analyzeDir(_ path: String, rules: RuleSet = builtinRules) -> (AnalysisResult, DiagnosticLog) {
    let log = DiagnosticLog()
    let a = Analyzer(rules: rules, options: AnalysisOptions())
    a.collectTemplates = true
    return (a.run(paths: [path], log: log), log)
}
