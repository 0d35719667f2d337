import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Runs the built `logtrace` executable (it sits beside the test bundle).
func runCLI(_ args: [String], stdin: String? = nil, env: [String: String] = [:], shell: Bool = false) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    if shell {   // args[0] is a bash command line; $LOGTRACE is the executable
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c"] + args
    } else {
        p.executableURL = logtraceExecutable()
        p.arguments = args
    }
    p.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
    var environment = ProcessInfo.processInfo.environment
    environment["LOGTRACE"] = logtraceExecutable().path
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out; p.standardError = err; p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
    try inp.fileHandleForWriting.close()
    // Read stderr on another thread: a child that fills one pipe while we wait on the other would hang.
    var e = Data()
    let errReader = Thread { e = err.fileHandleForReading.readDataToEndOfFile() }
    let done = DispatchSemaphore(value: 0)
    let errThread = Thread { errReader.main(); done.signal() }
    errThread.start()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// The built `logtrace` executable (beside the test bundle).
func logtraceExecutable() -> URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    if dir.path.hasSuffix(".xctest") || dir.lastPathComponent.hasSuffix(".xctest") { dir.deleteLastPathComponent() }
    let exe = dir.appendingPathComponent("logtrace")
    return FileManager.default.fileExists(atPath: exe.path) ? exe : URL(fileURLWithPath: repoRoot + "/.build/debug/logtrace")
}

/// A temporary directory holding the given files.
func tempDir(_ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-\(UUID().uuidString)").path
    for (name, text) in files {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return dir
}

@Suite(.serialized) struct CLITests {
    static let incident: [String] = prefixedIncident.split(separator: "\n").map { line -> String in
        let s = String(line)
        let close = s.firstIndex(of: "]")!
        return String(s[s.index(close, offsetBy: 2)...])
    }

    static func files() throws -> String {
        let ccm = incident.filter { $0.contains("route_controller") }.joined(separator: "\n") + "\n"
        let api = incident.filter { $0.contains("available_controller") }.joined(separator: "\n") + "\n"
        let kcm = incident.filter { $0.contains("namespace_controller") }.joined(separator: "\n") + "\n"
        return try tempDir(["cloud-controller-manager.log": ccm, "kube-apiserver.log": api, "kube-controller-manager.log": kcm,
                            "README.md": "not a log\n"])
    }

    @Test func exitCodes() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let findings = try runCLI(["analyze", "--year", "2024", dir])
        #expect(findings.status == 1)
        #expect(findings.out.contains("namespace-stuck-terminating"))
        #expect(findings.out.contains("Root cause: cloud-controller-manager: RAM policy denies RouteTables (Forbidden.RAM)"))
        #expect(findings.err.contains("README.md: note: not a log file"))
        let quiet = try runCLI(["analyze", "--year", "2024", "--fail-on", "critical", "--min-severity", "critical", dir + "/kube-apiserver.log"])
        #expect(quiet.status == 0)
        let missing = try runCLI(["analyze", dir + "/nope.log"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("nope.log: error: cannot read"))
        let usage = try runCLI(["analyze", "--format", "yaml", dir])
        #expect(usage.status == 64)
    }

    /// Process substitution (`<(zcat x.gz)`, a pipe named /dev/fd/N) is read as a stream, by
    /// analyze and tail; a duration window, which needs a first pass, is a usage error for it.
    @Test func processSubstitutionIsAStream() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gz = try runCLI(["gzip -k \(dir)/kube-controller-manager.log"], shell: true)
        #expect(gz.status == 0)
        let a = try runCLI(["$LOGTRACE analyze --year 2024 \(dir)/cloud-controller-manager.log <(cat \(dir)/kube-apiserver.log) <(zcat \(dir)/kube-controller-manager.log.gz)"], shell: true)
        #expect(a.status == 1, "\(a.err)")
        #expect(a.out.contains("namespace-stuck-terminating"))
        #expect(a.out.contains("3 files, 20 records"), "\(a.out)")
        #expect(!a.err.contains("skipped"), "\(a.err)")
        let gzipped = try runCLI(["$LOGTRACE analyze --year 2024 --format json <(cat \(dir)/kube-controller-manager.log.gz)"], shell: true)
        #expect(gzipped.out.contains("\"records\": 8") || gzipped.out.contains("\"records\":8"), "\(gzipped.out.prefix(600))")
        let since = try runCLI(["$LOGTRACE analyze --year 2024 --since 2h <(cat \(dir)/kube-apiserver.log)"], shell: true)
        #expect(since.status == 64)
        #expect(since.err.contains("a FIFO"), "\(since.err)")
        let stdinSince = try runCLI(["analyze", "--year", "2024", "--since", "2h", "-"], stdin: "x\n")
        #expect(stdinSince.status == 64)
        try prefixedIncident.write(toFile: dir + "/prefixed.txt", atomically: true, encoding: .utf8)
        let tail = try runCLI(["$LOGTRACE tail --year 2024 --format json <(cat \(dir)/prefixed.txt)"], shell: true)
        #expect(tail.out.contains("namespace-stuck-terminating"), "\(tail.out) \(tail.err)")
    }

    @Test func damagedInputStillAnalysedWithExitTwo() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array(try GzipTests.gzip(GzipTests.plain))
        bytes = Array(bytes.prefix(bytes.count / 2))
        FileManager.default.createFile(atPath: dir + "/kube-scheduler.log.1.gz", contents: Data(bytes))
        let r = try runCLI(["analyze", "--year", "2024", dir])
        #expect(r.status == 2)
        #expect(r.out.contains("namespace-stuck-terminating"))
        #expect(r.err.contains("kube-scheduler.log.1.gz:") && r.err.contains("truncated gzip"))
    }

    @Test func sinceAndUntil() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let late = try runCLI(["analyze", "--year", "2024", "--since", "2024-03-12T09:30:00Z", "--format", "json", dir])
        #expect(!late.out.contains("cloud-api-permission-denied"))   // the CCM errors are before 09:30
        let relative = try runCLI(["analyze", "--year", "2024", "--since", "5m", "--format", "json", dir])
        #expect(relative.out.contains("\"rootCause\":{\"signal\":\"api-discovery-failed\""))
        let early = try runCLI(["analyze", "--year", "2024", "--until", "2024-03-12T09:30:00Z", "--format", "json", dir])
        #expect(!early.out.contains("namespace-stuck-terminating"))
        #expect(try runCLI(["analyze", "--since", "yesterday", dir]).status == 64)
    }

    @Test func redactHidesIPsAndIDs() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for format in ["text", "json", "markdown"] {
            let r = try runCLI(["analyze", "--year", "2024", "--redact", "-v", "--format", format, dir])
            #expect(!r.out.contains("10.244.5.12"), "\(format) leaks an IP")
            #expect(r.out.contains("ip-1"))
        }
    }

    @Test func noColourWhenPiped() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runCLI(["analyze", "--year", "2024", dir])
        #expect(!r.out.contains("\u{1B}["))
    }

    @Test func tailOnStdin() throws {
        let r = try runCLI(["tail", "--year", "2024"], stdin: prefixedIncident)
        #expect(r.out.contains("[new]"))
        #expect(r.out.contains("summary: 1 finding: namespace-stuck-terminating"))
        let json = try runCLI(["tail", "--year", "2024", "--format", "json"], stdin: prefixedIncident)
        let lines = json.out.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("{\"event\":\"") })
    }

    @Test func rulesCommands() throws {
        #expect(try runCLI(["rules", "check"]).status == 0)
        let list = try runCLI(["rules", "list"])
        #expect(list.out.contains("namespace-stuck-terminating"))
        let explain = try runCLI(["rules", "explain", "namespace-stuck-terminating"])
        #expect(explain.out.contains("<- api-discovery-failed"))
        let broken = try tempDir(["bad-rule.yaml": "id: bad-rule\ntitle: t\nseverity: error\nsymptom: nope\nsignals:\n  - id: s\n    match:\n      - contains: x\n        regex: '('\n"])
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let check = try runCLI(["rules", "check", broken])
        #expect(check.status == 2)
        #expect(check.err.contains("bad-rule.yaml:9:16: error: invalid regex"))
        #expect(check.err.contains("symptom refers to unknown signal 'nope'"))
    }

    @Test func parseNDJSON() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runCLI(["parse", "--year", "2024", dir])
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 20)
        #expect(lines.first?.contains("\"component\":\"cloud-controller-manager\"") == true)
        // merged in time order across files
        let times = lines.compactMap { l -> String? in
            guard let r = l.range(of: "\"time\":\"") else { return nil }
            return String(l[r.upperBound...].prefix(27))
        }
        #expect(times == times.sorted())
    }
}

@Suite struct ColourChoiceTests {
    @Test func autoFollowsTerminalNoColorAndDumbTerminals() {
        #expect(Style.decide("auto", environment: [:], isTerminal: true))
        #expect(!Style.decide("auto", environment: [:], isTerminal: false))
        #expect(!Style.decide("auto", environment: ["NO_COLOR": "1"], isTerminal: true))
        #expect(Style.decide("auto", environment: ["NO_COLOR": ""], isTerminal: true))   // no-color.org: empty means unset
        #expect(!Style.decide("auto", environment: ["TERM": "dumb"], isTerminal: true))
        #expect(Style.decide("always", environment: ["NO_COLOR": "1", "TERM": "dumb"], isTerminal: false))
        #expect(!Style.decide("never", environment: [:], isTerminal: true))
    }
}
