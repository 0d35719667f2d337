import LogtraceCore

/// The default terminal view: one screen per finding. A short header, then per finding the
/// headline, the root cause as one sentence from this incident's keys, the chain one line per
/// step (with its join kind) and the best evidence line of each step cut around what matters,
/// paths relative to the input root, the folded findings, and the next command to run.
/// Every line fits `width` columns, cut at a word; `--evidence N` shows up to N evidence lines a
/// step (each shown once), `-v` gives the full view.
struct CompactView {
    let report: TextReport
    let result: AnalysisResult?
    var style: Style { report.style }
    var width: Int { report.width }
    let root: String

    init(report: TextReport, result: AnalysisResult?) {
        self.report = report
        self.result = result
        root = result.map { Self.commonDirectory($0.inputs.map(\.path)) } ?? ""
    }

    func clean(_ s: String) -> String { report.clean(s) }

    /// The longest directory prefix shared by all paths ("" when none).
    static func commonDirectory(_ paths: [String]) -> String {
        guard var prefix = paths.first.map({ $0.split(separator: "/", omittingEmptySubsequences: false).dropLast() }) else { return "" }
        for p in paths.dropFirst() {
            let parts = p.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            var n = 0
            while n < prefix.count && n < parts.count && prefix[prefix.startIndex + n] == parts[parts.startIndex + n] { n += 1 }
            prefix = prefix.prefix(n)
        }
        let s = prefix.joined(separator: "/")
        return s.isEmpty ? "" : s + "/"
    }

    /// A path relative to the input root, with CRI pod uids elided.
    func short(_ path: String) -> String {
        var p = Substring(path)
        if !root.isEmpty && p.hasPrefix(root) { p = p.dropFirst(root.count) }
        let parts = p.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            let f = part.split(separator: "_")
            if f.count == 3, f[2].count >= 16, f[2].allSatisfy({ $0.isHexDigit || $0 == "-" }) { return "\(f[0])_\(f[1])_…" }
            return String(part)
        }
        return clean(parts.joined(separator: "/"))
    }

    /// `s` cut to `n` columns at a word boundary, with an ellipsis.
    static func fit(_ s: String, _ n: Int) -> String {
        guard s.count > n else { return s }
        guard n > 1 else { return "…" }
        let cut = s.prefix(n - 1)
        if let sp = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: sp) > n / 2 {
            return String(cut[..<sp]) + "…"
        }
        return String(cut) + "…"
    }

    /// `s` in lines of at most `n` columns, broken between words (at most `lines`; the last is cut).
    static func wrap(_ s: String, _ n: Int, lines: Int) -> [String] {
        var out: [String] = []
        var rest = Substring(s)
        while !rest.isEmpty {
            if out.count == lines - 1 || rest.count <= n { out.append(fit(String(rest), n)); break }
            let head = rest.prefix(n + 1)
            guard let sp = head.lastIndex(of: " "), sp > head.startIndex else { out.append(fit(String(rest), n)); break }
            out.append(String(rest[..<sp]))
            rest = rest[rest.index(after: sp)...]
        }
        return out
    }

    /// `s` cut to `n` columns from the left at a `/` (a path keeps its file name).
    static func fitLeft(_ s: String, _ n: Int) -> String {
        guard s.count > n else { return s }
        let tail = s.suffix(n - 1)
        if let slash = tail.firstIndex(of: "/"), tail.distance(from: tail.startIndex, to: slash) < n / 2 {
            return "…" + tail[slash...]
        }
        return "…" + tail
    }

    func line(_ indent: Int, _ text: String) -> String {
        String(repeating: " ", count: indent) + Self.fit(text, width - indent) + "\n"
    }

    func render() -> String {
        guard let r = result else { return "" }
        var s = header(r)
        if r.findings.isEmpty { return s + "\n" + style.green("No findings.") + "\n" }
        if r.findings.count > 1 { s += "\n\(r.findings.count) findings, most severe first\n" }
        for f in r.findings { s += "\n" + finding(f) }
        return s
    }

    func header(_ r: AnalysisResult, listDiagnostics: Bool = true) -> String {
        let inputs = r.inputs
        let records = inputs.reduce(0) { $0 + $1.records }
        let unparsed = inputs.reduce(0) { $0 + $1.unparsed }
        let nodes = Set(inputs.compactMap(\.node)).sorted().map(clean)
        let comps = Set(inputs.flatMap(\.components)).union(inputs.compactMap(\.component)).filter { ComponentNames.known.contains($0) }.sorted()
        var first = "\(inputs.count) file\(inputs.count == 1 ? "" : "s"), \(records) records"
        if let f = inputs.compactMap(\.first).min(), let l = inputs.compactMap(\.last).max() {
            first += ", \(Timestamp.rfc3339Seconds(f)) .. \(Timestamp.rfc3339Seconds(l)) (\(Timestamp.duration(l - f)))"
        }
        var years: [String: Int] = [:]
        for i in inputs { years[i.yearFrom.rawValue, default: 0] += 1 }
        first += "; year from " + years.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        var s = style.bold("logtrace") + ": " + Self.fit(first, width - 10) + "\n"
        var second = (comps.isEmpty ? "components unknown" : comps.joined(separator: ", "))
        if !nodes.isEmpty { second += " on " + nodes.joined(separator: ", ") }
        s += line(2, second)
        if unparsed > 0 {
            let what = "\(unparsed) line\(unparsed == 1 ? "" : "s") not understood"
            if let cmd = Self.unparsedCommand(inputs, root: root).map(clean) {
                // The command whole (a cut command cannot be pasted): on its own line when needed.
                let one = "  " + what + " (list: " + cmd + ")"
                s += one.count <= width ? one + "\n" : "  " + what + "; list them with:\n    " + cmd + "\n"
            } else {
                s += line(2, what + " (read from stdin: logtrace parse --unparsed on a saved copy lists them)")
            }
        }
        if let w = r.window { s += line(2, "window: \(w.summary)") }
        let diags = r.headerDiagnostics
        if listDiagnostics && !diags.isEmpty {
            s += line(2, "\(diags.count) diagnostic\(diags.count == 1 ? "" : "s") (on stderr):")
            for d in diags.prefix(3) {
                var d = d
                if let red = report.redactor { d.message = red.redact(d.message) }
                let text = Self.fit(clean(d.description), width - 4)
                s += "    " + (d.level == .error ? style.red(text) : style.yellow(text)) + "\n"
            }
            if diags.count > 3 { s += "    … and \(diags.count - 3) more\n" }
        }
        return s
    }

    func rootCauseSentence(_ f: Finding) -> String { clean(f.rootCauseSentence) }

    /// The command that lists the lines not understood: `logtrace parse --unparsed` with the
    /// input's root directory (the file itself for one input, the files when they share no
    /// directory); nil for stdin, which cannot be read again.
    public static func unparsedCommand(_ inputs: [InputStats], root: String) -> String? {
        let files = inputs.filter { $0.unparsed > 0 }.map(\.path)
        guard !files.isEmpty, !files.contains("<stdin>") else { return nil }
        let base = "logtrace parse --unparsed "
        if inputs.count == 1 || root.isEmpty || root == "/" { return base + files.map(shellWord).joined(separator: " ") }
        return base + shellWord(String(root.dropLast()))
    }

    /// `s` as one shell word (quoted when it holds anything but safe characters).
    static func shellWord(_ s: String) -> String {
        let safe = s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:=,@%".contains($0)) }
        return safe && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The best evidence line of a step, cut around what the signal matched (`Evidence.match`:
    /// the regex's match or the anchor literal), at word boundaries: a few words before it, the
    /// match whole, then as much as fits after it (where the decisive words usually are). Without
    /// a match on the line shown, around the first key value it shows (or the message after the
    /// klog header). JSON records get their time.
    func evidenceText(_ e: Evidence, keys: [(String, String)], room: Int) -> String {
        var text = clean(e.text)
        var span = matchSpan(e, cleaned: text)
        if text.hasPrefix("{"), let t = e.time {
            var level = ""
            if let r = text.range(of: "\"level\":\"") { level = String(text[r.upperBound...].prefix { $0 != "\"" }) + " " }
            let prefix = Timestamp.clock(t) + " " + level
            text = prefix + text
            span = span.map { ($0.lowerBound + prefix.count)..<($0.upperBound + prefix.count) }
        }
        guard text.count > room else { return text }
        let chars = Array(text)
        if let m = span { return Self.cut(chars, around: m, room: room) }
        // Anchor: the first key value shown, else the message start after "] ".
        var anchor = 0
        if let v = keys.map(\.1).first(where: { !$0.isEmpty && text.contains($0) }), let r = text.range(of: v) {
            anchor = text.distance(from: text.startIndex, to: r.lowerBound)
        } else if let r = text.range(of: "] ") {
            anchor = text.distance(from: text.startIndex, to: r.upperBound)
        }
        var start = max(0, min(anchor - room / 3, chars.count - room + 1))
        if start > 0 {
            // Start at a word.
            while start < anchor, start < chars.count, chars[start - 1] != " " { start += 1 }
        }
        let body = String(chars[start...])
        return (start > 0 ? "…" : "") + Self.fit(body, room - (start > 0 ? 1 : 0))
    }

    /// The evidence's match in characters of the cleaned (sanitised, redacted) text, or nil.
    func matchSpan(_ e: Evidence, cleaned text: String) -> Range<Int>? {
        guard let m = e.match, !m.isEmpty else { return nil }
        let u = Array(e.text.utf8)
        guard m.upperBound <= u.count else { return nil }
        let pre = clean(String(decoding: u[..<m.lowerBound], as: UTF8.self))
        let mid = clean(String(decoding: u[m], as: UTF8.self))
        let post = clean(String(decoding: u[m.upperBound...], as: UTF8.self))
        if pre + mid + post == text { return pre.count..<(pre.count + mid.count) }
        // Redaction read the pieces differently: find the match's text itself.
        guard !mid.isEmpty, let r = text.range(of: mid) else { return nil }
        let a = text.distance(from: text.startIndex, to: r.lowerBound)
        return a..<(a + mid.count)
    }

    /// `chars` cut to `room` columns around `m`: the line's start or a few words before the
    /// match, the match, then what follows, cut at a space after the match (never inside a word
    /// unless one word is longer than the room), with `…` where text was left out.
    static func cut(_ chars: [Character], around m: Range<Int>, room: Int) -> String {
        let a = min(m.lowerBound, chars.count), b = min(max(m.upperBound, a), chars.count)
        var start: Int
        if b - a >= room - 2 {
            start = a
        } else {
            let before = min(a, max(0, min(room / 4, room - 2 - (b - a))))
            start = a - before
            // Use the whole room when the line ends soon after the match.
            start = max(0, min(start, chars.count - (room - 1)))
            if start > 0 {
                var s = start
                while s < a, chars[s - 1] != " " { s += 1 }
                if s < a || chars[s - 1] == " " { start = s }
            }
        }
        let left = room - (start > 0 ? 1 : 0)
        if chars.count - start <= left { return (start > 0 ? "…" : "") + String(chars[start...]) }
        // Cut at the last space after the match (or, for a match longer than the room, in its
        // second half) that leaves room for "…".
        let limit = start + left - 1
        let floor = min(max(b, start + 1), start + left / 2)
        var end = limit
        while end > floor, chars[end] != " " { end -= 1 }
        if end <= floor || chars[end] != " " { end = limit }
        // Room left by a long word after the cut goes to words before the match.
        let slack = left - 1 - (end - start)
        if slack > 1 && start > 0 {
            let earliest = max(0, start - slack + 1)
            var s = earliest
            while s > 0, s < start, chars[s - 1] != " " { s += 1 }
            if s < start && (s == 0 || chars[s - 1] == " ") {
                start = s
            } else if chars[start - 1] != " " {
                start = earliest    // already inside a word: take the whole room
            }
        }
        var out = (start > 0 ? "…" : "") + String(chars[start..<end])
        while out.last == " " { out.removeLast() }
        return out + "…"
    }

    func finding(_ f: Finding) -> String {
        var s = "\(style.severity(f.severity)) \(style.bold(Self.fit(clean(f.title), width - f.id.count - 14)))  [\(clean(f.id))]\n"
        let cause = Self.wrap(rootCauseSentence(f), width - 14, lines: 2)
        s += "  " + style.bold("Root cause: ") + cause.joined(separator: "\n" + String(repeating: " ", count: 14)) + "\n"
        var when = "\(Int((f.confidence * 100).rounded()))% confidence · cause \(Timestamp.clock(f.start))"
        if f.chain.count > 1 { when += ", symptom \(Timestamp.clock(f.symptomStart))" }
        when += " → \(Timestamp.clock(f.end)) (\(Timestamp.duration(f.end - f.start))), \(f.status.rawValue)"
        s += line(2, when)
        s += "  " + style.bold("Chain") + " (UTC; each step says how it joins the one before: key, class or time)\n"
        var shown: [Evidence] = []   // evidence lines already shown: a step shows another of its own
        for (i, step) in f.chain.enumerated() {
            let role = i == 0 ? "root cause" : "← " + (step.join?.kind.rawValue ?? "time")
            let count = step.count > 1 ? "×\(step.count)" : ""
            let head = "\(Timestamp.clock(step.first)) \(count.padded(6)) \(role.padded(10)) "
            var rest = step.signal + "  " + clean(step.components.joined(separator: ","))
            if !step.keys.isEmpty { rest += "  " + clean(step.keys.map { "\($0.0)=\($0.1)" }.joined(separator: " ")) }
            let colored = i == 0 ? style.red(role.padded(10)) : step.role == .symptom ? style.yellow(role.padded(10)) : role.padded(10)
            s += "    \(Timestamp.clock(step.first)) \(count.padded(6)) \(colored) " + Self.fit(rest, width - 4 - head.count) + "\n"
            let fresh = step.evidence.filter { !shown.contains($0) }
            for e in fresh.prefix(report.evidenceLimit) {
                shown.append(e)
                let loc = Self.fitLeft("\(short(e.path))" + (e.line > 0 ? ":\(e.line)" : ""), width / 3)
                let room = width - 8 - loc.count - 2
                s += "        " + evidenceText(e, keys: step.keys, room: room) + "  " + style.dim(loc) + "\n"
            }
            if fresh.isEmpty, report.evidenceLimit > 0, let e = step.evidence.first {
                // Its only evidence is a line shown above (one record matched both signals).
                s += "        " + style.dim(Self.fit("the line above: " + short(e.path) + (e.line > 0 ? ":\(e.line)" : ""), width - 8)) + "\n"
            }
            // What Kubernetes itself said (a namespace condition, an event), when a dump has it.
            if let o = step.objects.first {
                let text = clean(o.text)
                let since = o.time.map { " since " + Timestamp.clock($0) } ?? ""
                var said: String
                if let r = text.range(of: " condition ") {
                    // A condition: its type and status are what matter ("NamespaceDeletionDiscoveryFailure=True").
                    said = String(text[r.upperBound...].prefix { $0 != " " }) + since
                } else {
                    said = (o.time.map { Timestamp.clock($0) + " " } ?? "") + text
                }
                let loc = "\(short(o.path)):\(o.line)"
                let room = width - 8 - 12
                if said.count + 2 + loc.count <= room { said += "  " + style.dim(loc) } else { said = Self.fit(said, room) }
                s += "        " + style.bold("Kubernetes: ") + said + "\n"
            }
        }
        for w in f.changeWindows.prefix(1) {
            for (i, l) in TextReport.describeShort(w).prefix(2).enumerated() { s += "  " + style.bold(i == 0 ? "Change: " : "Fixed:  ") + Self.fit(clean(l), width - 10) + "\n" }
        }
        for c in f.context.prefix(2) {
            s += line(2, "context \(Timestamp.clock(c.time)): " + clean(TextReport.describe(c)))
        }
        if !f.related.isEmpty {
            s += line(2, "also explains: " + clean(f.related.joined(separator: ", ")) + " (folded into this finding, not reported again)")
        }
        if !f.missing.isEmpty {
            s += line(2, "missing evidence: " + clean(f.missing.map(\.signal).joined(separator: ", ")) + " (-v says where to look)")
        }
        if !f.notLookedAt.isEmpty {
            s += line(2, "not looked at (--only left out their logs): " + clean(f.notLookedAt.map(\.signal).joined(separator: ", ")))
        }
        let commands = f.remediation.flatMap { CommandText.commands(report.redactor?.redact($0) ?? $0) }
        // A command is shown whole or not at all (a cut command cannot be pasted).
        if let next = commands.map(clean).first(where: { $0.count <= width - 8 }) {
            s += "  " + style.bold("Next: ") + next + "\n"
        }
        let more = f.remediation.count + f.chain.reduce(0) { $0 + max(0, $1.evidence.count - 1) }
        if more > 0 {
            s += line(2, style.dim("-v: all \(f.remediation.count) remediation steps, every evidence line (--evidence N: N a step), where to look for missing evidence"))
        }
        return s
    }
}

extension Finding {
    /// "cloud-controller-manager: RAM policy denies RouteTables (Forbidden.RAM) since 09:10:03,
    /// 870 times to 11:34:51": the root signal's `sentence:` filled with its captures (without
    /// one, the signal id and its key values), where, since when (UTC) and how often.
    public var rootCauseSentence: String {
        let r = rootCause
        let comp = r.components.isEmpty ? "an unknown component" : r.components.joined(separator: ", ")
        let keys = r.keys.map(\.1)
        var s = "\(comp): " + (r.sentence ?? (r.signal + (keys.isEmpty ? "" : " (" + keys.joined(separator: ", ") + ")")))
        s += " since \(Timestamp.clock(r.first))"
        s += r.count == 1 ? ", once" : ", \(r.count) times" + (r.last > r.first ? " to \(Timestamp.clock(r.last))" : "")
        return s
    }
}

extension String {
    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
