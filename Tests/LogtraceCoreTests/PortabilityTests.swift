import Foundation
import Testing

/// Package.swift declares macOS 13, and this machine builds only Linux: the sources are held to
/// the rules that keep a Darwin build possible (README, "Install elsewhere"). Each `import Glibc`
/// sits directly inside `#if canImport(Glibc)` with a `canImport(Darwin)` branch, the guard is not
/// nested in itself, and `Glibc.` qualified calls appear only inside such a guard.
@Suite struct PortabilityTests {
    /// The problems of one file's text, one string each (file:line: what).
    static func problems(name: String, text: String) -> [String] {
        var out: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var stack: [String] = []   // the #if conditions open at this line
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let at = "\(name):\(i + 1)"
            if line.hasPrefix("#if ") {
                let cond = String(line.dropFirst(4))
                if cond == "canImport(Glibc)" && stack.contains("canImport(Glibc)") {
                    out.append("\(at): #if canImport(Glibc) nested inside the same guard")
                }
                stack.append(cond)
            } else if line.hasPrefix("#elseif ") {
                if !stack.isEmpty { stack[stack.count - 1] = String(line.dropFirst(8)) }
            } else if line.hasPrefix("#else") {
                if !stack.isEmpty { stack[stack.count - 1] = "!" + stack[stack.count - 1] }
            } else if line.hasPrefix("#endif") {
                _ = stack.popLast()
            } else if line == "import Glibc" {
                if stack.last != "canImport(Glibc)" {
                    out.append("\(at): import Glibc outside #if canImport(Glibc)")
                } else {
                    // The same #if must offer Darwin.
                    let rest = lines[(i + 1)...].prefix { !$0.hasPrefix("#endif") }
                    if !rest.contains(where: { $0.hasPrefix("#elseif canImport(Darwin)") || $0.hasPrefix("#else") }) {
                        out.append("\(at): import Glibc with no Darwin branch")
                    }
                }
            } else if line.contains("Glibc.") && !line.hasPrefix("//") && !line.hasPrefix("///") {
                if !stack.contains("canImport(Glibc)") {
                    out.append("\(at): Glibc. call outside #if canImport(Glibc)")
                }
            }
        }
        return out
    }

    static func swiftFiles(under dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { dir + "/" + $0 }
    }

    @Test func sourcesAndTestsImportGlibcOnlyBehindAGuard() throws {
        var files: [String] = []
        for d in ["Sources", "Tests"] { files += Self.swiftFiles(under: repoRoot + "/" + d) }
        #expect(files.count > 100, "the scan found \(files.count) files under \(repoRoot)")
        var all: [String] = []
        for f in files where !f.hasSuffix("/PortabilityTests.swift") {   // its own examples are strings
            let text = try String(contentsOfFile: f, encoding: .utf8)
            all += Self.problems(name: String(f.dropFirst(repoRoot.count + 1)), text: text)
        }
        #expect(all.isEmpty, "Darwin would not build:\n\(all.joined(separator: "\n"))")
    }

    /// The check can fail: each kind of problem is reported, and the accepted shape is not.
    @Test func checkReportsEachProblem() {
        let ok = "#if canImport(Glibc)\nimport Glibc\n#elseif canImport(Darwin)\nimport Darwin\n#endif\n"
        #expect(Self.problems(name: "a", text: ok).isEmpty)
        #expect(Self.problems(name: "a", text: "import Foundation\nimport Glibc\n") == ["a:2: import Glibc outside #if canImport(Glibc)"])
        let nested = "#if canImport(Glibc)\n#if canImport(Glibc)\nimport Glibc\n#elseif canImport(Darwin)\nimport Darwin\n#endif\n#elseif canImport(Darwin)\nimport Darwin\n#endif\n"
        #expect(Self.problems(name: "a", text: nested) == ["a:2: #if canImport(Glibc) nested inside the same guard"])
        #expect(Self.problems(name: "a", text: "#if canImport(Glibc)\nimport Glibc\n#endif\n") == ["a:2: import Glibc with no Darwin branch"])
        #expect(Self.problems(name: "a", text: ok + "let n = Glibc.write(1, nil, 0)\n") == ["a:6: Glibc. call outside #if canImport(Glibc)"])
    }
}
