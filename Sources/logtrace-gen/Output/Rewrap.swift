import LogtraceCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `logtrace-gen --rewrap FORMAT --out DIR FILE...`: the same records under a collector's wrapper,
/// so a benchmark compares formats on identical content. The wrappers and their writers come from
/// logtrace's own format registry (`FormatRegistry.rewrappers`: cri, crio, docker, journald,
/// kubectl, ...), so a new wrapper is generated as soon as it is registered. Each line is stamped
/// with its record's time (klog header, or an etcd JSON `ts`; continuation lines keep the
/// record's) plus 250 µs, strictly increasing by at least 1 ns. A bare file's klog `Log file
/// created at:` header is dropped: klog writes it only to files, never to the stderr a container
/// runtime collects.
func rewrap(_ format: Rewrapper, files: [String], into directory: String, year: Int) throws {
    let started = monotonicSeconds()
    var total = StreamResult()
    for path in files {
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let ident = componentIdent(name)
        let out = try OutputFile(creating: "\(directory)/\(name)")
        let buffer = ByteBuffer(capacity: 4 << 20)
        var last: Int64 = 0          // wrapper time of the previous line, ns
        var recordNanos: Int64 = 0   // time of the current record, ns
        var wrapped: [UInt8] = []
        var lines = 0
        try forEachLine(path) { line in
            if line.starts(with: "Log file created at: ".utf8) || line.starts(with: "Running on machine: ".utf8)
                || line.starts(with: "Binary: ".utf8) || line.starts(with: "Log line format: ".utf8) { return }
            if let t = recordTime(line, year: year) { recordNanos = t * 1000 }
            let ns = max(recordNanos + 250_000, last + 1)
            last = ns
            wrapped.removeAll(keepingCapacity: true)
            format.write(line, ns, ident, &wrapped)
            wrapped.withUnsafeBytes { buffer.append($0) }
            buffer.append(10)
            lines += 1
            if buffer.count > 3 << 20 { try out.write(buffer); total.bytes += buffer.count; buffer.removeAll() }
        }
        try out.write(buffer)
        total.bytes += buffer.count
        try out.close()
        total.files.append(out.path)
        total.lines += lines
    }
    reportSummary(total, since: started, label: "\(format.name): ")
}

/// `kube-apiserver-1.15-v3.log` -> `kube-apiserver`, `etcd-3.4.log` -> `etcd`.
func componentIdent(_ name: String) -> String {
    var parts: [Substring] = []
    for p in name.split(separator: "-") {
        guard let c = p.first, !c.isNumber, !p.hasSuffix(".log") || p.count > 4 else { break }
        parts.append(p.hasSuffix(".log") ? p.dropLast(4) : p)
    }
    return parts.isEmpty ? "logtrace" : parts.joined(separator: "-")
}

/// The record time of a klog header line (`Lmmdd hh:mm:ss.uuuuuu`, in `year`) or of an etcd JSON
/// line (`"ts":"2024-03-12T09:30:01.123456Z"`), in µs since the epoch; nil for other lines.
func recordTime(_ l: UnsafeRawBufferPointer, year: Int) -> Micros? {
    func num(_ a: Int, _ n: Int) -> Int? {
        guard a + n <= l.count else { return nil }
        var v = 0
        for i in a..<(a + n) { let d = Int(l[i]) - 48; guard d >= 0 && d <= 9 else { return nil }; v = v * 10 + d }
        return v
    }
    if l.count > 21, "IWEF".utf8.contains(l[0]), l[5] == 32, l[8] == 58, l[11] == 58, l[14] == 46,
       let mo = num(1, 2), let d = num(3, 2), let h = num(6, 2), let mi = num(9, 2), let s = num(12, 2), let us = num(15, 6) {
        return civilMicros(year, mo, d, h, mi, s, us)
    }
    if l.first == UInt8(ascii: "{") {
        // `"ts":"` within the first 64 bytes.
        let key = Array("\"ts\":\"".utf8)
        let limit = min(l.count - key.count, 64)
        guard limit > 0 else { return nil }
        for i in 0..<limit where l[i] == key[0] && (0..<key.count).allSatisfy({ l[i + $0] == key[$0] }) {
            let a = i + key.count
            guard let y = num(a, 4), let mo = num(a + 5, 2), let d = num(a + 8, 2), let h = num(a + 11, 2),
                  let mi = num(a + 14, 2), let s = num(a + 17, 2) else { return nil }
            var us = 0, digits = 0, k = a + 20
            while k < l.count, let dg = num(k, 1), digits < 6 { us = us * 10 + dg; digits += 1; k += 1 }
            while digits < 6 { us *= 10; digits += 1 }
            return civilMicros(y, mo, d, h, mi, s, us)
        }
    }
    return nil
}

private func civilMicros(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ us: Int) -> Micros {
    ((CivilTime.daysFromCivil(y, mo, d) * 86_400 + Int64(h * 3600 + mi * 60 + s)) * 1_000_000) + Int64(us)
}

/// Calls `body` with every line of the file (without its newline), through mmap(2).
func forEachLine(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw GeneratorError("cannot open \(path): \(errnoText())") }
    defer { _ = close(fd) }
    let size = fileSize(path)
    guard size > 0 else { return }
    guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
        throw GeneratorError("cannot map \(path): \(errnoText())")
    }
    defer { munmap(map, size) }
    let all = UnsafeRawBufferPointer(start: map, count: size)
    var start = 0
    while start < size {
        var end = start
        if let p = memchr(map + start, 10, size - start) { end = map.distance(to: UnsafeMutableRawPointer(mutating: p)) } else { end = size }
        try body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
        start = end + 1
    }
}
