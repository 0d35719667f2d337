import LogtraceCore

/// Parsed command line (by hand; the only dependency is LogtraceCore, for its wrapper registry).
enum Command {
    case corpus(CorpusOptions)
    case sample(name: String, output: String, seed: UInt64)
    case rewrap(Rewrapper, output: String, files: [String], year: Int)
    case list
    case help
}

func parseCommandLine(_ arguments: [String]) throws -> Command {
    var options = CorpusOptions()
    var sample: String?
    var output: String?
    var rewrapFormat: Rewrapper?
    var files: [String] = []
    var index = 0
    func value(_ flag: String) throws -> String {
        index += 1
        guard index < arguments.count else { throw GeneratorError("\(flag) needs a value") }
        return arguments[index]
    }
    while index < arguments.count {
        let argument = arguments[index]
        var flag = argument
        var inline: String?
        if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
            flag = String(argument[..<eq])
            inline = String(argument[argument.index(after: eq)...])
        }
        func next() throws -> String {
            if let inline { return inline }
            return try value(flag)
        }
        switch flag {
        case "-h", "--help": return .help
        case "--list": return .list
        case "--out", "-o": output = try next()
        case "--size": options.size = try parseSize(try next())
        case "--seed":
            let text = try next()
            guard let seed = UInt64(text) else { throw GeneratorError("--seed: not a number: \(text)") }
            options.seed = seed
        case "--nodes":
            let text = try next()
            guard let n = Int(text), (1...9).contains(n) else { throw GeneratorError("--nodes: expected 1…9, got \(text)") }
            options.nodes = n
        case "--gzip": options.gzip = true
        case "--rotate-mb":
            let text = try next()
            guard let n = Int(text), n > 0 else { throw GeneratorError("--rotate-mb: expected a positive number, got \(text)") }
            options.rotateMegabytes = n
        case "--incident":
            let text = try next()
            guard let at = text.firstIndex(of: "@"), let time = parseTimestamp(String(text[text.index(after: at)...])) else {
                throw GeneratorError("--incident: expected NAME@2024-03-12T09:10:00Z, got \(text)")
            }
            let name = String(text[..<at])
            guard Incidents.named(name) != nil else {
                throw GeneratorError("--incident: unknown incident \(name) (known: \(Incidents.all.map(\.name).joined(separator: ", ")))")
            }
            options.incidents.append((name, time))
        case "--start":
            let text = try next()
            guard let t = parseTimestamp(text) else { throw GeneratorError("--start: expected 2024-03-12T00:00:00Z, got \(text)") }
            options.start = t
        case "--duration":
            let text = try next()
            guard let d = parseDuration(text), d > 0 else { throw GeneratorError("--duration: expected 90m, 24h or 2d, got \(text)") }
            options.duration = d
        case "--plain-only": options.plainOnly = true
        case "--layout":
            let text = try next()
            guard text == "bench" else { throw GeneratorError("--layout: expected bench, got \(text)") }
            options.bench = true
        case "--dense": options.dense = true
        case "--force": options.force = true
        case "--sample": sample = try next()
        case "--rewrap":
            let text = try next()
            guard let f = FormatRegistry.rewrappers.first(where: { $0.name == text }) else {
                throw GeneratorError("--rewrap: expected \(FormatRegistry.rewrappers.map(\.name).joined(separator: "|")), got \(text)")
            }
            rewrapFormat = f
        case _ where !argument.hasPrefix("-") && rewrapFormat != nil: files.append(argument)
        default: throw GeneratorError("unknown argument \(argument) (see --help)")
        }
        index += 1
    }
    guard let output else { throw GeneratorError("--out DIR is required (see --help)") }
    if let sample { return .sample(name: sample, output: output, seed: options.seed) }
    if let rewrapFormat {
        guard !files.isEmpty else { throw GeneratorError("--rewrap needs bare files to wrap") }
        return .rewrap(rewrapFormat, output: output, files: files, year: CivilTime(options.start).year)
    }
    options.output = output
    let end = options.start + options.duration
    for incident in options.incidents where incident.time < options.start || incident.time >= end {
        throw GeneratorError("--incident \(incident.name)@\(isoSeconds(incident.time)) is outside the span \(isoSeconds(options.start))…\(isoSeconds(end))")
    }
    return .corpus(options)
}

/// `1G`, `500M`, `64k`, `1048576` (binary units; a trailing `B`/`iB` is accepted).
func parseSize(_ text: String) throws -> Int {
    var t = text.uppercased()
    for suffix in ["IB", "B"] where t.hasSuffix(suffix) && t.count > suffix.count {
        t.removeLast(suffix.count)
    }
    var multiplier = 1
    if let last = t.last, let shift = ["K": 10, "M": 20, "G": 30, "T": 40][String(last)] {
        multiplier = 1 << shift
        t.removeLast()
    }
    guard let number = Double(t), number > 0 else { throw GeneratorError("--size: expected e.g. 1G or 500M, got \(text)") }
    return Int(number * Double(multiplier))
}

/// `90s`, `90m`, `24h`, `2d`, `1h30m`.
func parseDuration(_ text: String) -> Micros? {
    var total: Micros = 0
    var number = ""
    for ch in text {
        if ch.isNumber || ch == "." {
            number.append(ch)
            continue
        }
        guard let value = Double(number) else { return nil }
        let unit: Micros
        switch ch {
        case "s": unit = microsPerSecond
        case "m": unit = microsPerMinute
        case "h": unit = microsPerHour
        case "d": unit = 24 * microsPerHour
        default: return nil
        }
        total += Micros(value * Double(unit))
        number = ""
    }
    return number.isEmpty ? total : nil
}
