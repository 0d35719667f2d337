/// The transport wrapper of a file, detected from its first non-empty line (docs/formats.md §5-§7).
public enum WrapperFormat: String, Sendable {
    /// Bare lines; each may still carry a journald/syslog, `kubectl --timestamps` or `--prefix` prefix.
    case plain
    /// CRI container log: `<RFC3339Nano> <stdout|stderr> <P|F> <content>`.
    case cri
    /// docker json-file: `{"log":"...","stream":"...","time":"..."}`.
    case docker

    /// Detects the wrapper from one line.
    public static func detect(_ line: UnsafeRawBufferPointer) -> WrapperFormat {
        guard let p = line.baseAddress, line.count > 0 else { return .plain }
        if line.count > 8, line.starts(with: Array("{\"log\":".utf8)) { return .docker }
        if let ts = RFC3339.parse(p, line.count), ts.length + 10 < line.count, line[ts.length] == 0x20 {
            let rest = UnsafeRawBufferPointer(rebasing: line[(ts.length + 1)...])
            if rest.starts(with: Array("stdout ".utf8)) || rest.starts(with: Array("stderr ".utf8)) { return .cri }
        }
        return .plain
    }
}
