#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a large plain (not gzip) log file into chunks that start on a klog header line, so
/// both cores can parse one big file: no record crosses a chunk boundary. Each chunk gets the
/// year in force at its start (the klog file header's year, bumped at Dec -> Jan between chunk
/// starts); line numbers are fixed up by the caller from the chunks' line counts.
public enum FileChunker {
    /// 64 MiB: small enough that a few files of different sizes still spread evenly over the
    /// workers (largest first), large enough that per-chunk setup does not show.
    public static let minChunk = 64 << 20
    public static let maxChunks = 64

    /// The chunks of `file`, or nil when it should be read whole.
    public static func chunks(of file: InputFile, forcedYear: Int?, minChunk: Int = minChunk) -> [InputFile]? {
        guard !file.isStream, file.byteRange == nil, !file.path.hasSuffix(".gz") else { return nil }
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        let n = min(maxChunks, size / minChunk)
        guard n >= 2 else { return nil }
        var head = [UInt8](repeating: 0, count: 64 << 10)
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got > 2 else { return nil }
        if head[0] == 0x1f && head[1] == 0x8b { return nil }   // gzip under another name
        // Only bare klog files: wrapped lines (CRI, journald) are read whole.
        let headText = Array(head[0..<got])
        var startYear = forcedYear
        var startMonth: Int?
        var firstHeaderSeen = false
        for line in headText.split(separator: 0x0A).prefix(64) {
            let l = Array(line)
            if l.starts(with: Array("Log file created at: ".utf8)), l.count >= 28,
               let y = Int(String(decoding: l[21..<25], as: UTF8.self)), let m = Int(String(decoding: l[26..<28], as: UTF8.self)) {
                if startYear == nil { startYear = y }
                startMonth = m
                continue
            }
            if let h = l.withUnsafeBytes({ KlogHeader.parse($0.baseAddress!, $0.count) }) {
                if startMonth == nil { startMonth = h.month }
                firstHeaderSeen = true
                break
            }
        }
        guard firstHeaderSeen else { return nil }
        var starts: [(offset: Int, month: Int)] = [(0, startMonth ?? 1)]
        var probe = [UInt8](repeating: 0, count: 256 << 10)
        for k in 1..<n {
            let nominal = k * size / n
            let r = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(nominal)) }
            guard r > 0 else { return nil }
            var found: (Int, Int)?
            probe.withUnsafeBytes { buf in
                var i = 0
                while i < r, found == nil {
                    guard let nl = memchr(buf.baseAddress! + i, 10, r - i) else { break }
                    let lineStart = buf.baseAddress!.distance(to: UnsafeRawPointer(nl)) + 1
                    if lineStart < r, let h = KlogHeader.parse(buf.baseAddress! + lineStart, r - lineStart) {
                        found = (nominal + lineStart, h.month)
                    }
                    i = lineStart
                }
            }
            guard let (off, month) = found, off > starts.last!.offset else { return nil }
            starts.append((off, month))
        }
        var out: [InputFile] = []
        var year = startYear
        for (k, s) in starts.enumerated() {
            if k > 0, let y = year, starts[k - 1].month - s.month >= 6 { year = y + 1 }
            var f = file
            let end = k + 1 < starts.count ? starts[k + 1].offset : size
            f.byteRange = s.offset..<end
            if k > 0, let y = year { f.seed = (y, s.month) }
            out.append(f)
        }
        return out
    }
}
