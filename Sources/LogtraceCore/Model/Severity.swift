/// Log severity of a record: klog's I/W/E/F letters, ordered from least to most severe.
public enum Severity: Int, Comparable, Sendable, CaseIterable {
    case info = 0, warning, error, fatal

    /// The klog header letter for this severity.
    public var letter: String { ["I", "W", "E", "F"][rawValue] }

    /// Parses a klog severity byte (`I`, `W`, `E`, `F`).
    @inline(__always)
    public init?(byte: UInt8) {
        switch byte {
        case 0x49: self = .info
        case 0x57: self = .warning
        case 0x45: self = .error
        case 0x46: self = .fatal
        default: return nil
        }
    }

    public init?(letter: String) {
        guard let b = letter.utf8.first, letter.utf8.count == 1 else { return nil }
        self.init(byte: b)
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
}
