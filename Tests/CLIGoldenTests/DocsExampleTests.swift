import Foundation
import Testing

/// docs/json.md's jq examples run as written (with `logtrace` the built binary on PATH): `end`
/// is a jq keyword, so the example quotes it (`."end"`), and each example prints what it says.
/// The `tail` example reads `stream.log`: a prefixed `kubectl logs` stream stands in for it.
@Suite struct DocsExampleTests {
    static func examples() throws -> [String] {
        let doc = try String(contentsOfFile: CLIGoldenTests.root + "/docs/json.md", encoding: .utf8)
        guard let section = doc.range(of: "## Examples with jq"), let open = doc.range(of: "```sh\n", range: section.upperBound..<doc.endIndex),
              let close = doc.range(of: "```", range: open.upperBound..<doc.endIndex) else { return [] }
        return String(doc[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "\\\n", with: "")
            .split(separator: "\n").map(String.init)
    }

    @Test func jqExamplesRun() throws {
        let examples = try Self.examples()
        #expect(examples.count == 3, "\(examples)")
        #expect(examples.contains { $0.contains(#"."end""#) })
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir.deleteLastPathComponent() }
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("logtrace").path) {
            dir = URL(fileURLWithPath: CLIGoldenTests.root + "/.build/debug")
        }
        let want = ["namespace-stuck-terminating\t2024-03-12T09:10:03", "\"sentence\": \"cloud-controller-manager: RAM policy denies", #"{"event":"new","id":"namespace-stuck-terminating","rootCause":"cloud-controller-manager: RAM policy denies"#]
        for (example, expected) in zip(examples, want) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", example.replacingOccurrences(of: "< stream.log", with: "--year 2024 < Tests/CLIGoldenTests/Inputs/prefixed-incident.log")]
            p.currentDirectoryURL = URL(fileURLWithPath: CLIGoldenTests.root)
            var env = ProcessInfo.processInfo.environment
            env["PATH"] = dir.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            p.environment = env
            let out = Pipe(), err = Pipe()
            p.standardOutput = out; p.standardError = err
            try p.run()
            var e = Data()
            let done = DispatchSemaphore(value: 0)
            Thread { e = err.fileHandleForReading.readDataToEndOfFile(); done.signal() }.start()
            let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            done.wait()
            p.waitUntilExit()
            // The pipeline's status is jq's: 0 when its filter ran (logtrace's 1 means findings).
            #expect(p.terminationStatus == 0, "\(example): \(String(decoding: e, as: UTF8.self))")
            #expect(o.contains(expected), "\(example) printed:\n\(o.prefix(2000))")
        }
    }
}
