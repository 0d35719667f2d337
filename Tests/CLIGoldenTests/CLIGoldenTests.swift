import Foundation
import Testing

/// Data-driven CLI cases: each `Cases/*.case` file runs the built `logtrace` with its arguments
/// (from the repository root) and checks the exit status, stdout and stderr.
///
/// A case file is a header, then sections:
///
///     # what this case pins
///     args: analyze --format yaml SampleLogs/healthy
///     env: NO_COLOR=1            (optional, repeatable)
///     stdin: SampleLogs/x.log    (optional, a file fed on stdin)
///     exit: 64
///     --- stderr                 exact text
///     --- stdout contains        every line must occur (substring)
///     --- stdout lacks           no line may occur
///     --- file {tmp}/x.md contains
///
/// `{tmp}` is a fresh directory per case. `RECORD_GOLDEN=1 swift test --filter CLIGoldenTests`
/// rewrites the exact sections (and fails, so a recording never passes unseen).
@Suite struct CLIGoldenTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let casesDir = root + "/Tests/CLIGoldenTests/Cases"
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: casesDir)) ?? [])
        .filter { $0.hasSuffix(".case") }.sorted()

    @Test func thereAreCases() { #expect(Self.names.count >= 20) }

    @Test(arguments: names) func run(_ name: String) throws {
        let path = Self.casesDir + "/" + name
        var c = try Case(text: String(contentsOfFile: path, encoding: .utf8))
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ltg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let sub = { (s: String) in s.replacingOccurrences(of: "{tmp}", with: tmp) }
        let r = try execute(c.args.map(sub), env: c.env, stdin: c.stdin.map { Self.root + "/" + $0 })
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil
        var recorded = false
        if r.status != c.exit {
            if record { c.exit = r.status; recorded = true } else {
                Issue.record("\(name): exit \(r.status), expected \(c.exit)\nstderr: \(r.err)")
            }
        }
        for i in c.sections.indices {
            let s = c.sections[i]
            let actual: String
            switch s.target {
            case "stdout": actual = r.out.replacingOccurrences(of: tmp, with: "{tmp}")
            case "stderr": actual = r.err.replacingOccurrences(of: tmp, with: "{tmp}")
            default:
                let file = sub(String(s.target.dropFirst("file ".count)))
                actual = (try? String(contentsOfFile: file, encoding: .utf8)) ?? "<no file \(file)>"
            }
            switch s.mode {
            case "":
                if actual != s.body {
                    if record { c.sections[i].body = actual; recorded = true } else {
                        Issue.record("\(name): \(s.target) differs\n--- expected\n\(s.body)--- actual\n\(actual)")
                    }
                }
            case "contains":
                for line in s.body.split(separator: "\n") where !actual.contains(line) {
                    Issue.record("\(name): \(s.target) lacks: \(line)\n--- actual\n\(actual.prefix(4000))")
                }
            case "lacks":
                for line in s.body.split(separator: "\n") where actual.contains(line) {
                    Issue.record("\(name): \(s.target) must not contain: \(line)")
                }
            default: Issue.record("\(name): unknown section mode '\(s.mode)'")
            }
        }
        if recorded {
            try c.text.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without RECORD_GOLDEN")
        }
    }

    func execute(_ args: [String], env: [String: String], stdin: String?) throws -> (status: Int32, out: String, err: String) {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir.deleteLastPathComponent() }
        var exe = dir.appendingPathComponent("logtrace").path
        if !FileManager.default.fileExists(atPath: exe) { exe = Self.root + "/.build/debug/logtrace" }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: Self.root)
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        environment.removeValue(forKey: "NO_COLOR")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        if let stdin { p.standardInput = FileHandle(forReadingAtPath: stdin) } else { p.standardInput = FileHandle.nullDevice }
        try p.run()
        var e = Data()
        let done = DispatchSemaphore(value: 0)
        Thread { e = err.fileHandleForReading.readDataToEndOfFile(); done.signal() }.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

/// One parsed case file.
struct Case {
    struct Section { var target: String; var mode: String; var body: String }
    var header: [String] = []
    var args: [String] = []
    var env: [String: String] = [:]
    var stdin: String?
    var exit: Int32 = 0
    var sections: [Section] = []

    init(text: String) throws {
        var current: Section?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("--- ") {
                if let s = current { sections.append(s) }
                var words = line.dropFirst(4).split(separator: " ").map(String.init)
                let mode = ["contains", "lacks"].contains(words.last ?? "") ? words.removeLast() : ""
                current = Section(target: words.joined(separator: " "), mode: mode, body: "")
            } else if current != nil {
                current!.body += line + "\n"
            } else {
                header.append(line)
                if line.hasPrefix("args:") { args = Self.words(String(line.dropFirst(5))) }
                if line.hasPrefix("env:") {
                    let kv = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
                    if let eq = kv.firstIndex(of: "=") { env[String(kv[..<eq])] = String(kv[kv.index(after: eq)...]) }
                }
                if line.hasPrefix("stdin:") { stdin = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("exit:") { exit = Int32(line.dropFirst(5).trimmingCharacters(in: .whitespaces)) ?? -1 }
            }
        }
        if var s = current {
            // The file's last newline ends the section; it is not part of the expected text.
            if s.body.hasSuffix("\n") { s.body.removeLast() }
            sections.append(s)
        }
    }

    var text: String {
        var lines = header.map { $0.hasPrefix("exit:") ? "exit: \(exit)" : $0 }
        while lines.last == "" { lines.removeLast() }
        var s = lines.joined(separator: "\n") + "\n"
        for sec in sections { s += "--- \(sec.target)\(sec.mode.isEmpty ? "" : " " + sec.mode)\n" + sec.body }
        if !s.hasSuffix("\n") { s += "\n" }
        return s
    }

    /// Splits like a shell: spaces separate words, single and double quotes group.
    static func words(_ s: String) -> [String] {
        var out: [String] = [], cur = "", quote: Character?, inWord = false
        for ch in s {
            if let q = quote {
                if ch == q { quote = nil } else { cur.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch; inWord = true
            } else if ch == " " {
                if inWord { out.append(cur); cur = ""; inWord = false }
            } else {
                cur.append(ch); inWord = true
            }
        }
        if inWord { out.append(cur) }
        return out
    }
}
