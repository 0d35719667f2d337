import ArgumentParser
import Foundation
import LogtraceCore

/// Options shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("Add (or replace by id) rules from a directory of YAML files.", valueName: "dir"))
    var ruleDirs: [String] = []

    @Flag(help: "Leave out the built-in rule pack (use only --rules directories).")
    var noBuiltinRules = false

    @Option(help: ArgumentHelp("Year of klog lines without one (default: inferred per file).", valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp("Zone of klog clocks: UTC, +02:00 or an IANA name (default UTC).", valueName: "zone"))
    var timezone: String = "UTC"

    @Option(help: ArgumentHelp("Force the component of files matching a glob: NAME=GLOB (or NAME for stdin).", valueName: "name=glob"))
    var component: [String] = []

    @Option(help: ArgumentHelp("Longest line kept whole, in bytes; longer lines are truncated and reported.", valueName: "bytes"))
    var maxLine: Int = 1 << 20

    func readOptions() throws -> ReadOptions {
        var o = ReadOptions()
        o.year = year
        o.maxLine = max(1024, maxLine)
        o.zoneOffset = try zoneOffset(timezone)
        // A pipe carries no year: today (UTC) is the last resort, reported as "fallback".
        let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        o.fallbackDate = (today.year ?? 1970, today.month ?? 12, today.day ?? 31)
        return o
    }

    func overrides() throws -> [(name: String, glob: String)] {
        try component.map { spec in
            if let eq = spec.firstIndex(of: "=") {
                return (String(spec[..<eq]), String(spec[spec.index(after: eq)...]))
            }
            guard !spec.isEmpty else { throw ValidationError("--component needs NAME=GLOB") }
            return (spec, "<stdin>")
        }
    }

    func zoneOffset(_ z: String) throws -> Int64 {
        if z.uppercased() == "UTC" || z == "Z" { return 0 }
        if let f = z.first, f == "+" || f == "-" {
            let digits = z.dropFirst().filter(\.isNumber)
            guard digits.count == 4 || digits.count == 2, let v = Int(digits) else { throw ValidationError("--timezone: expected +hh:mm, got '\(z)'") }
            let minutes = digits.count == 4 ? (v / 100) * 60 + v % 100 : v * 60
            return Int64(f == "-" ? -minutes : minutes) * 60_000_000
        }
        guard let tz = TimeZone(identifier: z) else { throw ValidationError("--timezone: unknown zone '\(z)' (use UTC, +02:00 or an IANA name)") }
        return Int64(tz.secondsFromGMT()) * 1_000_000
    }

    func loadRules(_ log: DiagnosticLog) -> RuleSet {
        RuleCatalog.load(userDirs: ruleDirs, includeBuiltin: !noBuiltinRules, log: log)
    }
}

/// Options that shape what is reported.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only records at or after this time: RFC 3339, or a duration (2h) back from the last record.", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only records at or before this time: RFC 3339, or a duration back from the last record.", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Hide findings below this severity: info, warning, error, critical.", valueName: "severity"))
    var minSeverity: String = "info"

    @Option(help: ArgumentHelp("Exit 1 when a finding at or above this severity is reported.", valueName: "severity"))
    var failOn: String = "error"

    @Flag(help: "Replace IPs, tokens, credentials, cloud IDs and hostnames with consistent pseudonyms.")
    var redact = false

    @Flag(help: "Never colour the output (also: NO_COLOR).")
    var noColor = false

    func severity(_ s: String, _ flag: String) throws -> FindingSeverity {
        guard let v = FindingSeverity(rawValue: s) else { throw ValidationError("\(flag): use info, warning, error or critical") }
        return v
    }
}

func parseTime(_ s: String, relativeTo last: Int64?) throws -> Int64 {
    if let t = RFC3339.parse(s) { return t }
    if let d = DurationParser.parse(s) { return (last ?? 0) - d }
    throw ValidationError("'\(s)': expected an RFC 3339 time or a duration like 2h")
}
