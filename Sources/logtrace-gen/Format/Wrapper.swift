/// What stands before each physical line on disk: nothing (a bare klog file), a CRI record header,
/// a journald prefix, or the time stamp `kubectl logs --timestamps` adds.
enum Wrapper {
    /// `/var/log/kube-apiserver.log` written by klog itself.
    case none
    /// containerd's CRI log: `2024-03-12T09:12:00.123456789Z stderr F ` (RFC3339Nano, trailing zeros trimmed).
    case cri
    /// `journalctl` short output: `Mar 12 09:12:00 master-2 cloud-controller-manager[1874]: `.
    case journald(host: String, ident: String, pid: Int)
    /// `kubectl logs --timestamps`: `2024-03-12T09:12:00.123456789Z ` (fixed nine digits).
    case kubectlTimestamps

    /// How long after the process wrote a line its wrapper stamped it (µs range, random within).
    var delay: ClosedRange<Int64> {
        switch self {
        case .none: return 0...0
        case .cri, .kubectlTimestamps: return 15...450
        case .journald: return 40...2500
        }
    }
}
