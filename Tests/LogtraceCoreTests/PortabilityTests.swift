import Foundation
import Testing
import LogtraceCore

/// Package.swift declares macOS 13, and this machine builds only Linux: the sources are held to
/// the rules that keep a Darwin build possible (README, "Install elsewhere"). Each `import Glibc`
/// sits directly inside `#if canImport(Glibc)` with a `canImport(Darwin)` branch, the guard is not
/// nested in itself, and `Glibc.` qualified calls appear only inside such a guard; `environ` (not in
/// Swift's Darwin module) and zero-initialised posix_spawn handles (optional pointers on Darwin)
/// are not used outside a Linux-only branch.
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
            if line.hasPrefix("//") { continue }
            if usesBareEnviron(line) {
                out.append("\(at): environ is not in Swift's Darwin module (use Platform.environ)")
            }
            let linuxOnly = stack.contains("canImport(Glibc)") || stack.contains("!canImport(Darwin)")
            if !linuxOnly && (line.contains("posix_spawn_file_actions_t()") || line.contains("posix_spawnattr_t()")) {
                out.append("\(at): a posix_spawn handle has no zero initializer on Darwin (an optional pointer there): use spawnActions()/spawnAttributes()")
            }
        }
        return out
    }

    /// `environ` as a name of its own (not `Platform.environ`, not part of a longer word).
    static func usesBareEnviron(_ line: String) -> Bool {
        let c = Array(line)
        let word = Array("environ")
        var i = 0
        while i + word.count <= c.count {
            if Array(c[i..<(i + word.count)]) == word {
                let before = i > 0 ? c[i - 1] : " "
                let after = i + word.count < c.count ? c[i + word.count] : " "
                let ident: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
                let declared = String(c[..<i]).hasSuffix("var ")   // Platform's own `static var environ`
                if !ident(before) && before != "." && before != "\"" && !ident(after) && !declared { return true }
            }
            i += 1
        }
        return false
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
        #expect(Self.problems(name: "a", text: "posix_spawnp(&pid, p, nil, nil, &argv, environ)\n")
                == ["a:1: environ is not in Swift's Darwin module (use Platform.environ)"])
        #expect(Self.problems(name: "a", text: "posix_spawnp(&pid, p, nil, nil, &argv, Platform.environ)\nlet environment = 1\n").isEmpty)
        #expect(Self.problems(name: "a", text: "var a = posix_spawnattr_t()\n").count == 1)
        #expect(Self.problems(name: "a", text: "#if canImport(Darwin)\nvar a: posix_spawnattr_t? = nil\n#else\nvar a = posix_spawnattr_t()\n#endif\n").isEmpty)
    }

    /// CShims' glibc branch is compiled on Linux: `__GLIBC__` comes from a libc header, and
    /// cshims.c tested it before including one, so mallopt was never called (and memrchr was
    /// shadowed by the macOS fallback). The environment comes through the shim on both systems.
    @Test func cShimsTakeTheirPlatformBranch() {
        #if canImport(Glibc)
        #expect(Platform.setMmapThreshold(256 << 10), "mallopt(M_MMAP_THRESHOLD) not called: cshims.c compiled its non-glibc branch")
        #endif
        #expect(Platform.environ?.pointee != nil)
    }
}
