import LogtraceCore

/// Runs the examples of rule files (`logtrace rules test`, and the test suite): each example's
/// files are analysed in memory with the whole rule set, and the outcome is compared with what
/// the example expects (fire or not, root cause, missing evidence, keys).
public struct ExampleRunner {
    public struct Outcome: Sendable {
        public var rule: String
        public var example: String
        public var source: String
        public var line: Int
        public var passed: Bool
        public var detail: String
    }

    public let rules: RuleSet
    public init(rules: RuleSet) { self.rules = rules }

    public func run(_ file: RuleFile) -> [Outcome] {
        file.examples.map { run($0, of: file) }
    }

    public func analyse(_ example: RuleExample) -> (AnalysisResult, DiagnosticLog) {
        var options = AnalysisOptions()
        options.read.year = example.year
        options.workers = 1
        let log = DiagnosticLog()
        var groups: [InputGroup] = []
        var sources: [ByteSource] = []
        for (name, text) in example.files {
            var g = InputGroup(files: [InputFile(path: name, displayPath: name)])
            g.component = ComponentNames.fromName(name)
            groups.append(g)
            sources.append(MemorySource(text))
        }
        return (Analyzer(rules: rules, options: options).run(groups: groups, sources: sources, log: log), log)
    }

    public func run(_ ex: RuleExample, of file: RuleFile) -> Outcome {
        let (result, _) = analyse(ex)
        var out = Outcome(rule: file.id, example: ex.name, source: file.source, line: ex.line, passed: true, detail: "")
        let mine = result.findings.filter { $0.id == file.id }
        // A rule's finding may be folded into a more severe one; it still fired if its symptom is in a chain.
        let symptom = file.symptom
        let folded = result.findings.filter { f in f.id != file.id && f.chain.contains { $0.signal == symptom } }
        if !ex.fire {
            if let f = mine.first {
                out.passed = false
                out.detail = "fired but must stay quiet: \(f.title) (root cause \(f.rootCause.signal))"
            }
            return out
        }
        guard let f = mine.first ?? folded.first else {
            out.passed = false
            let fired = result.findings.map(\.id).joined(separator: ", ")
            out.detail = "did not fire" + (fired.isEmpty ? "" : " (fired: \(fired))")
            return out
        }
        var problems: [String] = []
        if let rc = ex.rootCause, f.rootCause.signal != rc {
            problems.append("root cause is \(f.rootCause.signal), expected \(rc)")
        }
        if let missing = ex.missing {
            let got = Set(f.missing.map(\.signal))
            if got != Set(missing) { problems.append("missing evidence is [\(got.sorted().joined(separator: ", "))], expected [\(missing.sorted().joined(separator: ", "))]") }
        }
        for (k, v) in ex.keys.sorted(by: { $0.key < $1.key }) {
            let have = f.chain.flatMap(\.keys).first { $0.0 == k }?.1
            if have != v { problems.append("key \(k)=\(have ?? "nil"), expected \(v)") }
        }
        if !problems.isEmpty { out.passed = false; out.detail = problems.joined(separator: "; ") }
        return out
    }
}
