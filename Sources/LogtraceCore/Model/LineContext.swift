/// What the wrapper/prefix layer knows about one physical line.
public struct LineContext {
    public var wrapperTime: Int64?
    /// Lines continue a record only within the same stream (CRI stdout/stderr, journald ident+pid).
    public var streamKey: Int = 0
    public var component: String?
    public var node: String?
    public var pid: Int?
    /// Used when neither the file nor the klog source file names a component (journald ident).
    public var fallbackComponent: String?
    /// Severity given by the prefix (capnslog), for records without a klog header.
    public var severity: Severity?
    /// A bare klog line: no wrapper, no prefix (the only lines lite records are made of).
    public var isBare = false
    public init() {}
    /// The context of a bare klog line, made once.
    public static let bare: LineContext = { var c = LineContext(); c.isBare = true; return c }()
}
