#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceCore

/// Loads the built-in pack and user rule directories (`--rules DIR`; a user file replaces the
/// built-in file with the same id) and compiles them into a `RuleSet`.
public enum RuleCatalog {
    /// Built-in files as `RuleFile`s.
    public static func builtin(log: DiagnosticLog) -> [RuleFile] {
        BuiltinRules.files.compactMap { RuleLoader().load(text: $0.text, name: $0.name, source: "builtin:\($0.name)", log: log) }
    }

    /// Every `*.yaml`/`*.yml` file of a directory (not recursive), sorted by name.
    public static func directory(_ dir: String, log: DiagnosticLog) -> [RuleFile] {
        guard let d = opendir(dir) else {
            log.add(Diagnostic(.error, kind: .rule, path: dir, "cannot open rules directory: \(String(cString: strerror(errno)))", help: "give a directory of .yaml rule files"))
            return []
        }
        var names: [String] = []
        while let e = readdir(d) {
            let name = InputDiscovery.name(of: e)
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { names.append(name) }
        }
        closedir(d)
        var out: [RuleFile] = []
        for name in names.sorted() {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            guard let text = readSmallFile(path) else {
                log.add(Diagnostic(.error, kind: .rule, path: path, "cannot read rule file", help: "check its permissions")); continue
            }
            if let f = RuleLoader().load(text: text, name: name, source: path, log: log) { out.append(f) }
        }
        return out
    }

    /// Built-in rules plus user directories, compiled.
    public static func load(userDirs: [String], includeBuiltin: Bool = true, log: DiagnosticLog) -> RuleSet {
        var files = includeBuiltin ? builtin(log: log) : []
        for d in userDirs { files += directory(d, log: log) }
        return RuleSet(files: files, log: log)
    }

    /// Reads a small text file (rule files, at most 4 MiB).
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 64 << 10)
        while out.count < 4 << 20 {
            let n = buf.withUnsafeMutableBytes { Platform.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
