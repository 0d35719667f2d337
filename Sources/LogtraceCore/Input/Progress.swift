/// Bytes read so far across all readers, for the terminal progress line. Readers add what they
/// read from disk (compressed bytes for gzip), so progress compares with the files' sizes.
public final class Progress: @unchecked Sendable {
    private let lock = Lock()
    private var done = 0
    private var totalBytes = 0
    /// Total bytes to read, set once the inputs are known.
    public var total: Int {
        get { lock.withLock { totalBytes } }
        set { lock.withLock { totalBytes = newValue } }
    }

    public init() {}

    public func add(_ n: Int) { lock.withLock { done += n } }
    public var bytesDone: Int { lock.withLock { done } }

    /// `  312 MB / 1.07 GB   650 MB/s   ETA 1s` for `elapsed` seconds since the start.
    public func line(elapsed: Double) -> String {
        let d = bytesDone
        let rate = elapsed > 0 ? Double(d) / elapsed : 0
        let eta = rate > 0 ? Double(max(0, total - d)) / rate : 0
        return "  \(Self.size(d)) / \(Self.size(total))   \(Int(rate / 1e6)) MB/s   ETA \(Int(eta.rounded(.up)))s"
    }

    static func size(_ n: Int) -> String {
        if n >= 1_000_000_000 { return "\(Double(n / 10_000_000) / 100) GB" }
        return "\(n / 1_000_000) MB"
    }
}
