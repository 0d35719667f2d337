import ArgumentParser
import Foundation
import LogtraceCore
import LogtraceRules

/// `--rules` and `--no-builtin-rules`: for the commands that match rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("Add (or replace by id) rules from a directory of YAML files.", valueName: "dir"))
    var ruleDirs: [String] = []

    @Flag(help: "Leave out the built-in rule pack (use only --rules directories).")
    var noBuiltinRules = false

    func loadRules(_ log: DiagnosticLog) -> RuleSet {
        RuleCatalog.load(userDirs: ruleDirs, includeBuiltin: !noBuiltinRules, log: log)
    }
}

/// How inputs are read and labelled: shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Year of klog lines without one (default: inferred per file).", valueName: "year"))
    var year: Int?

    // Unconditional: `--timezone -04:00` takes the offset even though it starts with a dash.
    @Option(parsing: .unconditional, help: ArgumentHelp("Zone of klog clocks: UTC, +02:00, -04:00 or an IANA name (daylight saving time followed).", valueName: "zone"))
    var timezone: String = "UTC"

    @Option(help: ArgumentHelp(
        "Label inputs with a component: NAME for stdin, NAME=GLOB for the files matching GLOB (path or file name).",
        valueName: "name[=glob]"))
    var component: [String] = []

    @Option(help: ArgumentHelp("Keep only records of these components (comma-separated, repeatable).", valueName: "names"))
    var only: [String] = []

    @Option(help: ArgumentHelp("Longest line kept whole, in bytes; longer lines are truncated and reported.", valueName: "bytes"))
    var maxLine: Int = 1 << 20

    func validate() throws {
        if let y = year, !Timestamp.validYears.contains(y) { throw ValidationError("--year: use a year from 1 to 9999, got \(y)") }
    }

    func readOptions() throws -> ReadOptions {
        var o = ReadOptions()
        o.year = year
        o.maxLine = max(1024, maxLine)
        do { o.zone = try ClockZone.parse(timezone) } catch { throw ValidationError("--timezone: \(error)") }
        // A pipe carries no year: today (UTC) is the last resort, reported as "fallback".
        let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        o.fallbackDate = (today.year ?? 1970, today.month ?? 12, today.day ?? 31)
        o.only = onlyComponents
        return o
    }

    /// `--only a,b --only c`: the set of components kept, or nil for all.
    var onlyComponents: Set<String>? {
        let names = only.flatMap { $0.split(separator: ",") }.map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return names.isEmpty ? nil : Set(names)
    }

    /// The relabelling of inputs. A bare NAME labels stdin only: with file inputs it is an
    /// error (it used to be ignored silently). A NAME=GLOB that matches every one of several
    /// inputs is refused: it would make every file one component and report false gaps.
    func overrides(paths: [String]) throws -> [(name: String, glob: String)] {
        let files = paths.filter { $0 != "-" }
        var list: [(name: String, glob: String)] = []
        for spec in component {
            if let eq = spec.firstIndex(of: "=") {
                let name = String(spec[..<eq]), glob = String(spec[spec.index(after: eq)...])
                guard !name.isEmpty, !glob.isEmpty else { throw ValidationError("--component '\(spec)': expected NAME=GLOB") }
                list.append((name, glob))
            } else {
                guard !spec.isEmpty else { throw ValidationError("--component needs NAME (stdin) or NAME=GLOB (files)") }
                if !files.isEmpty {
                    throw ValidationError("""
                        --component \(spec) labels stdin only, and the inputs are files. \
                        Use --component '\(spec)=GLOB' to label the files matching GLOB, or --only \(spec) to keep only that component.
                        """)
                }
                list.append((spec, "<stdin>"))
            }
        }
        let globs = list.filter { $0.glob != "<stdin>" }
        if !globs.isEmpty && !files.isEmpty {
            let found = InputDiscovery().discover(files, log: DiagnosticLog()).flatMap(\.files).map(\.displayPath)
            if found.count > 1 {
                for (name, glob) in globs where found.allSatisfy({ InputDiscovery.globMatches(glob, $0) }) {
                    throw ValidationError("""
                        --component '\(name)=\(glob)' matches all \(found.count) inputs and would label every file \(name). \
                        Narrow the glob (for example '\(name)=*\(name)*'), or use --only \(name) to keep only that component.
                        """)
                }
            }
        }
        return list
    }
}

/// `--since`/`--until`: the time window of records analysed or printed.
struct WindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only records at or after this time: RFC 3339, or a duration (2h, 1h30m, 3d) back from the last record.", valueName: "time"))
    var since: TimeBound?

    @Option(help: ArgumentHelp("Only records at or before this time: RFC 3339, or a duration back from the last record.", valueName: "time"))
    var until: TimeBound?

    func apply(to o: inout AnalysisOptions) {
        switch since {
        case .at(let t): o.since = t
        case .back(let d): o.sinceBack = d
        case nil: break
        }
        switch until {
        case .at(let t): o.until = t
        case .back(let d): o.untilBack = d
        case nil: break
        }
    }

    var isRelative: Bool {
        if case .back = since { return true }
        if case .back = until { return true }
        return false
    }

    /// A duration counts back from the last record, found by a first pass over the inputs; a
    /// stream (stdin, a FIFO such as `<(zcat x.gz)`) can be read only once.
    func checkStreams(_ paths: [String]) throws {
        guard isRelative else { return }
        for p in paths {
            var st = stat()
            let fifo = p != "-" && stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO
            guard p == "-" || fifo else { continue }
            throw ValidationError("--since/--until with a duration count back from the last record, which \(p == "-" ? "stdin" : "a FIFO (\(p), read only once)") cannot tell in advance: give an RFC 3339 time")
        }
    }

    /// The absolute window, given the time of the last record (needed only for durations).
    func window(last: Int64?) -> (since: Int64?, until: Int64?) {
        func resolve(_ b: TimeBound?) -> Int64? {
            switch b {
            case .at(let t): return t
            case .back(let d): return (last ?? 0) - d
            case nil: return nil
            }
        }
        return (resolve(since), resolve(until))
    }
}

/// What is reported and when the run fails.
struct FindingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Hide findings below this severity: info, warning (or warn), error, critical.", valueName: "severity"))
    var minSeverity: SeverityValue = SeverityValue(.info)

    @Option(help: ArgumentHelp("Exit 1 when a finding at or above this severity is reported; never: always exit 0 on findings.", valueName: "severity|never"))
    var failOn: FailOn = .severity(.error)

    @Flag(help: "Replace IPs, tokens, credentials, cloud IDs, hostnames and paths with consistent pseudonyms.")
    var redact = false
}

/// `--color=auto|always|never`.
struct ColorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour the output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Flag(name: .customLong("no-color"), help: .hidden)
    var noColor = false

    var enabled: Bool { Terminal.colour(noColor ? .never : color) }
}

/// `--evidence N`: how many evidence lines each chain step shows (text and markdown).
struct EvidenceOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Show up to N evidence lines per step (text: 1 by default, all kept with -v; markdown: all kept; at most \(SignalGroup.maxEvidence) are kept).",
        valueName: "n"))
    var evidence: Int?

    func validate() throws {
        if let n = evidence, n < 0 { throw ValidationError("--evidence: a number of lines, 0 or more, got \(n)") }
    }
}
