/// When a stream starts a new file, and how the rotated files are named.
struct RotationPolicy {
    enum Trigger {
        case never
        /// Rotate once the current file holds at least this many bytes (`--rotate-mb`).
        case size(Int)
        /// Rotate at these instants (samples: the cut times are part of the story).
        case times([Micros])
    }

    enum Naming {
        /// logrotate: `x.log` (live), `x.log.1`, `x.log.2.gz`, … (`delaycompress`: `.1` stays plain).
        case logrotate
        /// kubelet's container log manager: `0.log` (live), `0.log.20240312-101500` (newest rotated, plain),
        /// older ones `0.log.20240312-081500.gz`.
        case kubelet
    }

    var trigger: Trigger = .never
    var naming: Naming = .logrotate
    /// gzip the rotated files that are not the newest rotated one.
    var compress = false

    static let none = RotationPolicy()
}
