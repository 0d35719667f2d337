/// klog's four severities (`const Char = "IWEF"`); etcd's zap levels map onto them.
enum Severity: UInt8 {
    case info = 73  // I
    case warning = 87  // W
    case error = 69  // E
    case fatal = 70  // F

    var letter: UInt8 { rawValue }

    /// The `"level"` of an etcd (zap) JSON record.
    var zapLevel: String {
        switch self {
        case .info: return "info"
        case .warning: return "warn"
        case .error: return "error"
        case .fatal: return "fatal"
        }
    }

    init?(letter: Character) {
        switch letter {
        case "I": self = .info
        case "W": self = .warning
        case "E": self = .error
        case "F": self = .fatal
        default: return nil
        }
    }
}
