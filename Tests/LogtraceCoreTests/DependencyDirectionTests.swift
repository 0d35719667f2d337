import Foundation
import Testing

/// The folders of `Sources/LogtraceCore` are the pipeline, and dependencies run one way: a file
/// may name the types of its own folder and of the folders before it in `DependencyScan.stages`,
/// never of a folder after it (ARCHITECTURE.md, "Folders"). The scan reads the sources as text:
/// comments and string literals are blanked (interpolations are kept), the top-level types each
/// folder defines are collected, and every capitalised identifier a file uses is looked up
/// (a name after `.` is a member, not a top-level type, and is skipped). The byte kernels are the
/// `LogtraceKernels` target below all of these, and the renderers the `LogtraceRender` target
/// after them: the compiler keeps the kernels from naming the core and the core from naming a
/// renderer. Rule loading is the `LogtraceRules` target after the core: the core keeps the rule
/// model and the compiled `RuleSet`, and imports Yams only to read kubectl's YAML documents.
@Suite struct DependencyDirectionTests {
    static let root = repoRoot + "/Sources/LogtraceCore"

    @Test func foldersNameOnlyEarlierStages() throws {
        let files = try DependencyScan.read(root: Self.root)
        #expect(files.count > 50, "the scan found \(files.count) files under \(Self.root)")
        let scan = DependencyScan(files: files)
        #expect(scan.unknownFolders.isEmpty,
                "folders missing from DependencyScan.stages (give each a place in the pipeline): \(scan.unknownFolders.sorted())")
        #expect(scan.backReferences.isEmpty, "names from a later stage:\n\(scan.backReferences.joined(separator: "\n"))")
    }

    @Test func folderGraphHasNoCycle() throws {
        let scan = DependencyScan(files: try DependencyScan.read(root: Self.root))
        #expect(scan.cycle == nil, "stage cycle: \(scan.cycle?.joined(separator: " -> ") ?? "")")
        // The graph is not empty: the stages do use each other (a scan that sees nothing passes vacuously).
        #expect(scan.edges["Parse", default: []].contains("Model"))
        #expect(scan.edges["Pipeline", default: []].contains("Engine"))
    }

    /// The core parses no rule files: YAML is read in the core only as an input format
    /// (`KubeObjects`, kubectl's object documents); rule files are `LogtraceRules`' job.
    @Test func coreReadsYAMLOnlyAsAnInputFormat() throws {
        let files = try DependencyScan.read(root: Self.root)
        #expect(DependencyScan.importers(of: "Yams", in: files) == ["Parse/KubeObjects.swift"])
        // The check sees an import, and only a real one (not in a comment or a string).
        let probe: [DependencyScan.File] = [
            .init(folder: "Rules", name: "Loader.swift", text: "import Foundation\nimport Yams\nstruct L {}"),
            .init(folder: "Rules", name: "Note.swift", text: "// import Yams\nlet s = \"\nimport Yams\"\n@testable import Yams"),
        ]
        #expect(DependencyScan.importers(of: "Yams", in: probe) == ["Rules/Loader.swift", "Rules/Note.swift"])
        #expect(DependencyScan.importers(of: "Yams", in: [probe[0]]) == ["Rules/Loader.swift"])
        #expect(DependencyScan.importers(of: "Yams", in: [.init(folder: "Rules", name: "N.swift", text: "// import Yams\nlet s = \"import Yams\"")]).isEmpty)
    }

    /// The scan can fail: a back reference, a cycle and an unplaced folder are each reported.
    @Test func scanReportsBackReferenceAndCycle() {
        let files: [DependencyScan.File] = [
            .init(folder: "Model", name: "Record.swift", text: """
                /// Mentions InputFile only in a comment.
                public struct RecordThing { let s = "StreamThing in a string"; var t: String { "\\(RecordThing.self)" } }
                """),
            .init(folder: "Input", name: "Stream.swift", text: """
                public final class StreamThing { var r: RecordThing?; var p: ProgressThing? }
                """),
            .init(folder: "Pipeline", name: "Progress.swift", text: """
                public final class ProgressThing { var s: StreamThing?; var m = X.StreamThing }
                private struct Hidden {}
                """),
        ]
        let clean = DependencyScan(files: files)
        #expect(clean.backReferences == ["Input/Stream.swift:1 names ProgressThing (Pipeline)"])
        #expect(clean.cycle == ["Input+Formats", "Pipeline", "Input+Formats"])
        #expect(clean.edges["Model", default: []].isEmpty)

        let unplaced = DependencyScan(files: files + [.init(folder: "Misc", name: "A.swift", text: "struct A {}")])
        #expect(unplaced.unknownFolders == ["Misc"])
    }
}

/// A text scan of which top-level types each folder names.
struct DependencyScan {
    /// The pipeline, first to last; each folder's rule is in ARCHITECTURE.md. Folders of one
    /// stage may name each other.
    static let stages: [[String]] = [
        ["Diagnostics"], // one-line diagnostics, terminal-safe text, the lock: names nothing else
        ["Model"],       // values: records, times, names, the sink a record goes to
        ["Parse"],       // bytes of a line or record -> a record; no files, no I/O
        // Files and byte sources; the reader drives a stream through its wrapper format and Parse.
        // Formats/ is that reader's per-wrapper code: the formats hand lines back to the
        // `StreamDriver` that drives them (`emit`), so the two folders are one stage.
        ["Input", "Formats"],
        ["Rules"],       // the rule language as the engine runs it: the model, RuleSet, PCRE2
        ["Engine"],      // hits -> signal groups -> correlated findings
        // `parse`'s record bytes: the batch buffer (`RecordNDJSON`, also the NDJSON byte writer)
        // and the `RecordWriter` contract; the writers and the finding renderers are the
        // `LogtraceRender` target, after the core (the compiler keeps the core from naming them).
        ["Output"],
        ["Pipeline"],    // wires the stages for analyze, tail and parse
        ["Store"],       // ClickHouse as an input and an output, over the whole pipeline
    ]

    struct File {
        var folder: String
        var name: String
        var text: String
    }

    /// `from folder -> folders it names`.
    private(set) var edges: [String: Set<String>] = [:]
    /// `from stage -> stages it names` (a stage is named by its folders joined with `+`).
    private(set) var stageEdges: [String: Set<String>] = [:]
    /// `Folder/File.swift:line names Type (Folder)`, one per file and name.
    private(set) var backReferences: [String] = []
    private(set) var unknownFolders: Set<String> = []

    static func read(root: String) throws -> [File] {
        let fm = FileManager.default
        var out: [File] = []
        guard let e = fm.enumerator(atPath: root) else { return [] }
        for case let rel as String in e where rel.hasSuffix(".swift") && !rel.hasSuffix(".generated.swift") {
            let parts = rel.split(separator: "/")
            guard parts.count >= 2 else { continue }
            out.append(File(folder: String(parts[0]), name: parts.dropFirst().joined(separator: "/"),
                            text: try String(contentsOfFile: root + "/" + rel, encoding: .utf8)))
        }
        return out.sorted { ($0.folder, $0.name) < ($1.folder, $1.name) }
    }

    init(files: [File]) {
        let code = files.map { Self.blankCommentsAndStrings(Array($0.text.utf8)) }
        // Top-level (column 0) type declarations visible outside their file.
        var owner: [String: String] = [:]
        for (f, c) in zip(files, code) {
            for line in c.split(separator: UInt8(ascii: "\n")) {
                if let name = Self.declaredType(line) { owner[name] = f.folder }
            }
        }
        var rank: [String: Int] = [:]
        for (i, stage) in Self.stages.enumerated() { for folder in stage { rank[folder] = i } }
        let stageName = { (folder: String) in rank[folder].map { Self.stages[$0].joined(separator: "+") } ?? folder }
        for (f, c) in zip(files, code) {
            guard let mine = rank[f.folder] else { unknownFolders.insert(f.folder); continue }
            var reported = Set<String>()
            Self.forEachIdentifier(c) { name, line in
                guard let folder = owner[name], folder != f.folder else { return }
                edges[f.folder, default: []].insert(folder)
                if rank[folder] != mine { stageEdges[stageName(f.folder), default: []].insert(stageName(folder)) }
                if let theirs = rank[folder], theirs > mine, reported.insert(name).inserted {
                    backReferences.append("\(f.folder)/\(f.name):\(line) names \(name) (\(folder))")
                }
            }
        }
    }

    /// `Folder/File.swift` of the files that import `module` (comments and strings blanked).
    static func importers(of module: String, in files: [File]) -> [String] {
        files.filter { f in
            let code = String(decoding: blankCommentsAndStrings(Array(f.text.utf8)), as: UTF8.self)
            return code.split(separator: "\n").contains { line in
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count else { return false }
                return words[..<i].allSatisfy { $0.hasPrefix("@") } && words[i + 1] == Substring(module)
            }
        }.map { "\($0.folder)/\($0.name)" }.sorted()
    }

    /// A cycle of stages (first stage repeated at the end), or nil.
    var cycle: [String]? {
        let edges = stageEdges
        var state: [String: Int] = [:] // 1 on the path, 2 done
        var path: [String] = []
        func visit(_ n: String) -> [String]? {
            state[n] = 1; path.append(n)
            for m in edges[n, default: []].sorted() {
                if state[m] == 1 { return Array(path[path.firstIndex(of: m)!...]) + [m] }
                if state[m] == nil, let c = visit(m) { return c }
            }
            state[n] = 2; path.removeLast()
            return nil
        }
        for n in edges.keys.sorted() where state[n] == nil {
            if let c = visit(n) { return c }
        }
        return nil
    }

    /// The name a column-0 `struct`/`class`/`enum`/`protocol`/`typealias`/`actor` line declares,
    /// unless it is `private`/`fileprivate` (invisible to other files).
    static func declaredType(_ line: ArraySlice<UInt8>) -> String? {
        guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else { return nil }
        let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "@" })
        var i = 0
        while i < words.count, ["public", "open", "internal", "final", "indirect", "private", "fileprivate"].contains(words[i]) || words[i].hasPrefix("@") {
            if words[i] == "private" || words[i] == "fileprivate" { return nil }
            i += 1
        }
        guard i + 1 < words.count, ["struct", "class", "enum", "protocol", "typealias", "actor"].contains(words[i]) else { return nil }
        return String(words[i + 1])
    }

    /// Calls `body` with every capitalised identifier (not after `.`) and its 1-based line.
    static func forEachIdentifier(_ c: [UInt8], _ body: (String, Int) -> Void) {
        var line = 1, i = 0
        func isIdent(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
        }
        while i < c.count {
            let b = c[i]
            if b == UInt8(ascii: "\n") { line += 1; i += 1; continue }
            guard isIdent(b) else { i += 1; continue }
            let start = i
            while i < c.count, isIdent(c[i]) { i += 1 }
            let member = start > 0 && c[start - 1] == UInt8(ascii: ".")
            if !member, b >= 0x41, b <= 0x5A { body(String(decoding: c[start..<i], as: UTF8.self), line) }
        }
    }

    /// The source with comments and the text of string literals replaced by spaces (newlines
    /// kept), interpolated code kept: `"\(Timestamp.now)"` still names `Timestamp`.
    static func blankCommentsAndStrings(_ s: [UInt8]) -> [UInt8] {
        enum Mode { case code(parens: Int), string(hashes: Int, multiline: Bool) }
        var out = s
        var stack: [Mode] = [.code(parens: 0)]
        var i = 0
        let q = UInt8(ascii: "\""), hash = UInt8(ascii: "#"), bs = UInt8(ascii: "\\"), nl = UInt8(ascii: "\n")
        func at(_ k: Int, _ t: String) -> Bool {
            let u = Array(t.utf8)
            return k + u.count <= s.count && Array(s[k..<(k + u.count)]) == u
        }
        func blank(_ a: Int, _ b: Int) { for k in a..<min(b, s.count) where s[k] != nl { out[k] = UInt8(ascii: " ") } }
        while i < s.count {
            switch stack[stack.count - 1] {
            case .code(let parens):
                if at(i, "//") {
                    let e = s[i...].firstIndex(of: nl) ?? s.count
                    blank(i, e); i = e
                } else if at(i, "/*") {
                    var depth = 0, k = i
                    repeat {
                        if at(k, "/*") { depth += 1; k += 2 } else if at(k, "*/") { depth -= 1; k += 2 } else { k += 1 }
                    } while depth > 0 && k < s.count
                    blank(i, k); i = k
                } else if s[i] == q || (s[i] == hash && (s[i...].firstIndex(where: { $0 != hash }).map { s[$0] == q } ?? false)) {
                    var k = i, hashes = 0
                    while s[k] == hash { hashes += 1; k += 1 }
                    let multi = at(k, "\"\"\"")
                    k += multi ? 3 : 1
                    blank(i, k); i = k
                    stack.append(.string(hashes: hashes, multiline: multi))
                } else if s[i] == UInt8(ascii: "(") {
                    stack[stack.count - 1] = .code(parens: parens + 1); i += 1
                } else if s[i] == UInt8(ascii: ")") {
                    if parens == 0 && stack.count > 1 { out[i] = UInt8(ascii: " "); stack.removeLast() } // end of `\(`
                    else { stack[stack.count - 1] = .code(parens: parens - 1) }
                    i += 1
                } else { i += 1 }
            case .string(let hashes, let multi):
                let close = (multi ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
                let escape = "\\" + String(repeating: "#", count: hashes)
                if at(i, escape + "(") {
                    blank(i, i + escape.utf8.count + 1); i += escape.utf8.count + 1
                    stack.append(.code(parens: 0))
                } else if at(i, escape) && s[i] == bs {
                    blank(i, i + escape.utf8.count + 1); i += escape.utf8.count + 1
                } else if at(i, close) {
                    blank(i, i + close.utf8.count); i += close.utf8.count
                    stack.removeLast()
                } else { blank(i, i + 1); i += 1 }
            }
        }
        return out
    }
}
