#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the paths a user gave into rotation groups: walks directories (recursively, without
/// following a symlink loop twice), skips what is clearly not a log and says so, groups rotated
/// members and orders each group oldest to newest, and names each group's component and node.
public struct InputDiscovery {
    public var componentOverrides: [(name: String, glob: String)] = []
    public init(componentOverrides: [(name: String, glob: String)] = []) { self.componentOverrides = componentOverrides }

    static let skippedExtensions: Set<String> = [
        "md", "yaml", "yml", "png", "jpg", "jpeg", "gif", "svg", "zip", "tar", "tgz", "bz2", "xz", "zst", "7z",
        "pdf", "html", "swift", "py", "go", "sh", "pem", "crt", "key", "tmp", "exe", "so", "o", "a", "db", "sqlite",
    ]
    static let structuralDirs: Set<String> = ["var", "log", "logs", "pods", "containers", "journal", "kube-system", "static-pods",
                                              "namespaces", "sos_commands", "kubernetes", "nodes"]

    /// Discovers inputs; diagnostics go to `log`.
    public func discover(_ paths: [String], log: DiagnosticLog) -> [InputGroup] {
        var found: [(root: String, file: InputFile)] = []
        for arg in paths {
            if arg == "-" { found.append((arg, InputFile(path: "-", displayPath: "<stdin>"))); continue }
            var st = stat()
            guard stat(arg, &st) == 0 else {
                log.add(Diagnostic(.error, kind: .input, path: arg, "cannot read: \(String(cString: strerror(errno)))", help: "check the path"))
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                var visited = Set<[UInt64]>()
                var skipped: [(path: String, ext: String)] = []
                walk(dir: arg, display: trimSlash(arg), root: trimSlash(arg), visited: &visited, into: &found, skipped: &skipped, log: log)
                Self.reportSkipped(skipped, root: trimSlash(arg), log: log)
            } else if (st.st_mode & S_IFMT) == S_IFREG {
                found.append((parentDir(arg), InputFile(path: arg, displayPath: arg, mtime: Platform.mtime(st))))
            } else if (st.st_mode & S_IFMT) == S_IFIFO {
                // A named pipe or process substitution, `<(zcat x.gz)`: read once like stdin.
                var f = InputFile(path: arg, displayPath: arg)
                f.isFIFO = true
                found.append((parentDir(arg), f))
            } else {
                log.add(Diagnostic(.warning, kind: .input, path: arg, "not a regular file, FIFO or directory: skipped", help: "give a log file, a FIFO, a directory or - for stdin"))
            }
        }
        return group(Self.dedupe(found, log: log))
    }

    /// The same file reached twice (a symlink, a hard link, a path named twice) is read once:
    /// files are told apart by device and inode.
    static func dedupe(_ found: [(root: String, file: InputFile)], log: DiagnosticLog) -> [(root: String, file: InputFile)] {
        var seen: [[UInt64]: String] = [:]
        var out: [(root: String, file: InputFile)] = []
        for f in found {
            var st = stat()
            guard f.file.path != "-", stat(f.file.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { out.append(f); continue }
            let key = [UInt64(st.st_dev), UInt64(st.st_ino)]
            if let first = seen[key] {
                log.add(Diagnostic(.note, kind: .input, path: f.file.displayPath, "same file as \(first) (a link or a path given twice): read once"))
                continue
            }
            seen[key] = f.file.displayPath
            out.append(f)
        }
        return out
    }

    /// The entry's name, read in place: readdir's record can be shorter than `dirent`, so copying
    /// the whole `d_name` array would read past it (found by AddressSanitizer).
    public static func name(of e: UnsafeMutablePointer<dirent>) -> String {
        withUnsafePointer(to: &e.pointee.d_name) { p in
            p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
    }

    private func trimSlash(_ s: String) -> String {
        var s = s
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        return s
    }

    private func parentDir(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return String(p[..<i])
    }

    /// Most files skipped by name that get a note each; more are summarised in one line.
    public static let skippedListed = 3

    /// Files a walk skipped by their name: a note each when few, else one summary line for the
    /// directory (a must-gather holds hundreds of YAML files).
    static func reportSkipped(_ skipped: [(path: String, ext: String)], root: String, log: DiagnosticLog) {
        if skipped.count <= skippedListed {
            for s in skipped { log.add(Diagnostic(.note, kind: .input, path: s.path, "not a log file (.\(s.ext)): skipped")) }
            return
        }
        var byExt: [String: Int] = [:]
        for s in skipped { byExt[s.ext, default: 0] += 1 }
        let exts = byExt.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ".\($0.key) ×\($0.value)" }.joined(separator: ", ")
        let names = skipped.prefix(skippedListed).map { String($0.path.dropFirst(root.count + 1)) }.joined(separator: ", ")
        log.add(Diagnostic(.note, kind: .input, path: root,
                           "\(skipped.count) files that are not logs by their name skipped (\(exts)): \(names), and \(skipped.count - skippedListed) more"))
    }

    private func walk(dir: String, display: String, root: String, visited: inout Set<[UInt64]>,
                      into found: inout [(root: String, file: InputFile)], skipped: inout [(path: String, ext: String)], log: DiagnosticLog) {
        var dst = stat()
        guard stat(dir, &dst) == 0 else { return }
        let key = [UInt64(dst.st_dev), UInt64(dst.st_ino)]
        guard visited.insert(key).inserted else {
            log.add(Diagnostic(.note, kind: .input, path: display, "directory already visited (symlink loop?): skipped"))
            return
        }
        guard let d = opendir(dir) else {
            log.add(Diagnostic(.error, kind: .input, path: display, "cannot list directory: \(String(cString: strerror(errno)))", help: "check its permissions"))
            return
        }
        var names: [String] = []
        while let e = readdir(d) {
            let name = Self.name(of: e)
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(d)
        names.sort()
        for name in names {
            let path = dir + "/" + name
            let shown = display + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else {
                var lst = stat()
                if lstat(path, &lst) == 0 && (lst.st_mode & S_IFMT) == S_IFLNK {
                    log.add(Diagnostic(.warning, kind: .input, path: shown, "broken symbolic link: skipped"))
                } else {
                    log.add(Diagnostic(.error, kind: .input, path: shown, "cannot read: \(String(cString: strerror(errno)))", help: "check its permissions"))
                }
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                walk(dir: path, display: shown, root: root, visited: &visited, into: &found, skipped: &skipped, log: log)
            case S_IFREG:
                if name.hasPrefix(".") { continue }
                let ext = name.split(separator: ".").last.map { String($0).lowercased() } ?? ""
                // YAML is a log input only when it is a Kubernetes object document (events, conditions).
                if (ext == "yaml" || ext == "yml") && name.contains(".") && Self.isObjectDocument(path) {
                    var f = InputFile(path: path, displayPath: shown, mtime: Platform.mtime(st))
                    f.walkedFrom = root
                    found.append((root, f))
                    continue
                }
                if name.contains(".") && Self.skippedExtensions.contains(ext) || name.hasSuffix(".tar.gz") {
                    skipped.append((shown, name.hasSuffix(".tar.gz") ? "tar.gz" : ext))
                    continue
                }
                if access(path, R_OK) != 0 {
                    log.add(Diagnostic(.error, kind: .input, path: shown, "cannot read: \(String(cString: strerror(errno)))", help: "check its permissions"))
                    continue
                }
                var f = InputFile(path: path, displayPath: shown, mtime: Platform.mtime(st))
                f.walkedFrom = root
                found.append((root, f))
            default:
                log.add(Diagnostic(.note, kind: .input, path: shown, "not a regular file (FIFO, socket or device): skipped"))
            }
        }
    }

    /// Whether a file starts like a Kubernetes object document (`KubeObjects.detect`, first 4 KiB).
    static func isObjectDocument(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 4096)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        return head.withUnsafeBytes { KubeObjects.detect(UnsafeRawBufferPointer(rebasing: $0[0..<n])) != nil }
    }

    /// Groups rotated members, orders them, and names component and node.
    func group(_ found: [(root: String, file: InputFile)]) -> [InputGroup] {
        var groups: [String: (root: String, files: [InputFile])] = [:]
        var order: [String] = []
        for (root, f) in found {
            let dir = parentDir(f.displayPath)
            let name = InputFile.basename(f.path)
            let rot = RotationName.parse(name)
            // CRI container directories hold restarts 0.log, 1.log, ... of one container: one stream.
            let isCRIRestart = rot.base.hasSuffix(".log") && Int(rot.base.dropLast(4)) != nil
            let key = f.isStdin ? "-" : f.isFIFO ? "\u{0}" + f.path : dir + "/" + (isCRIRestart ? "<restarts>" : rot.base)
            if groups[key] == nil { groups[key] = (root, []); order.append(key) }
            groups[key]!.files.append(f)
        }
        var out: [InputGroup] = []
        for key in order.sorted() {
            let (root, files) = groups[key]!
            let sorted = files.sorted { a, b in
                let ra = RotationName.parse(InputFile.basename(a.path)), rb = RotationName.parse(InputFile.basename(b.path))
                let ia = Int(ra.base.dropLast(4)) ?? 0, ib = Int(rb.base.dropLast(4)) ?? 0
                if ia != ib { return ia < ib }
                if ra.age != rb.age { return ra.age < rb.age }
                return a.displayPath < b.displayPath
            }
            var g = InputGroup(files: sorted)
            let live = sorted.last!
            let ext = InputFile.basename(live.path).split(separator: ".").last.map { $0.lowercased() } ?? ""
            if ["json", "yaml", "yml"].contains(ext) && !live.isStream && Self.isObjectDocument(live.path) {
                // Kubernetes objects name their own component (kube-events, kube-objects) and
                // nodes; a namespace directory of `kubectl cluster-info dump` is no node.
                g.component = nil
                g.node = nil
            } else {
                g.component = component(for: live.displayPath)
                g.node = node(for: live.displayPath, root: root, component: g.component,
                              managedExport: { live.isStream ? false : Self.isManagedExport(live.path) })
            }
            out.append(g)
        }
        var index = 0
        for i in out.indices { out[i].firstIndex = index; index += out[i].files.count }
        return out
    }

    /// Whether a `--component NAME=GLOB` glob names this input (its path or its file name).
    public static func globMatches(_ glob: String, _ path: String) -> Bool {
        fnmatch(glob, path, 0) == 0 || fnmatch(glob, InputFile.basename(path), 0) == 0
    }

    func component(for path: String) -> String? {
        for (name, glob) in componentOverrides where Self.globMatches(glob, path) { return name }
        if path == "<stdin>" { return nil }
        if ComponentNames.isAuditLog(path: path) { return "kube-apiserver" }
        // Nearest path component first: file name, container dir, pod dir.
        for part in path.split(separator: "/").reversed() {
            if let c = ComponentNames.fromName(String(part)) { return c }
        }
        return nil
    }

    /// Whether a file starts like a managed control plane's log export (`FormatRegistry.isManagedExport`,
    /// first 4 KiB): its directories are the export's layout, not nodes.
    static func isManagedExport(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 4096)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        return head.withUnsafeBytes { b -> Bool in
            var start = 0
            while start < n, b[start] == UInt8(ascii: "\n") || b[start] == UInt8(ascii: "\r") || b[start] == UInt8(ascii: " ") { start += 1 }
            var end = start
            while end < n, b[end] != UInt8(ascii: "\n") { end += 1 }
            return FormatRegistry.isManagedExport(UnsafeRawBufferPointer(rebasing: b[start..<end]))
        }
    }

    func node(for path: String, root: String, component: String?, managedExport: () -> Bool = { false }) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        // CRI pod directory: <namespace>_<pod>_<uid>; static pods are named <component>-<node>.
        for p in parts {
            let f = p.split(separator: "_")
            if f.count == 3, let c = component, let n = ComponentNames.nodeOfPod(String(f[1]), component: c, uid: String(f[2])) { return n }
        }
        // A static pod's directory or file named <component>-<node> (cluster-info dump's
        // kube-system/kube-apiserver-cp-1/logs.txt, must-gather's pods/kube-apiserver-cp-1/,
        // kubectl logs saved as kube-apiserver-cp-1.log, /var/log/containers/<pod>_<ns>_<c>-<id>.log).
        if let c = component {
            for p in parts.reversed() {
                var name = Substring(p)
                if name.hasSuffix(".log") { name = name.dropLast(4) }
                if let u = name.firstIndex(of: "_") { name = name[..<u] }
                if let n = ComponentNames.nodeOfPod(String(name), component: c), !Self.endsInStreamHash(n) {
                    return n
                }
            }
        }
        // sosreport-<host>[-<case>]-<yyyy-mm-dd>-<random>: the host.
        for p in parts where p.hasPrefix("sosreport-") {
            var host = p.dropFirst("sosreport-".count).split(separator: "-").map(String.init)
            if let d = host.indices.first(where: { host[$0].count == 4 && Int(host[$0]) != nil && $0 + 2 < host.count }) { host = Array(host[..<d]) }
            if !host.isEmpty { return host.joined(separator: "-") }
        }
        // A managed control plane's export (EKS, AKS, GKE): its directories name the export
        // (insights-logs-<category>/resourceId=/..., container.googleapis.com/apiserver/<date>/,
        // an EKS log stream), never a node; the control plane's hosts are hidden.
        if parts.contains(where: { $0.hasPrefix("insights-logs-") || $0.hasSuffix(".googleapis.com") || CloudWatchStream.isStreamName($0) }) {
            return nil
        }
        let rootParts = root.split(separator: "/").count
        let rel = parts.dropFirst(rootParts).dropLast()
        for p in rel where !Self.structuralDirs.contains(p) && ComponentNames.fromName(p) == nil && !p.contains("_") {
            return managedExport() ? nil : p   // the file is read only when a directory would name the node
        }
        return nil
    }

    /// A node name that is really a log stream's hash: 8+ hex digits (`0123abcd`), or a last
    /// `-` part of 16+ (EKS's `audit-<32 hex>` after `kube-apiserver-`).
    static func endsInStreamHash(_ n: String) -> Bool {
        if n.count >= 8 && n.allSatisfy(\.isHexDigit) { return true }
        guard let last = n.split(separator: "-").last else { return false }
        return last.count >= 16 && last.allSatisfy(\.isHexDigit)
    }
}
