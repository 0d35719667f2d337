/// One file (or stdin) to read, with what its path tells about it.
public struct InputFile: Sendable {
    public var path: String
    /// Path as shown in output (relative to the argument the user gave, joined with it).
    public var displayPath: String
    /// Modification time (seconds since the epoch), for year inference; nil for stdin.
    public var mtime: Int64?
    /// A date in a rotated name (`x.log-20240117.gz`, `0.log.20240117-101010.gz`).
    public var rotationDate: (year: Int, month: Int, day: Int)?
    /// A chunk of a large plain file read in parallel (`FileChunker`): the byte range, and the
    /// year and month in force where it starts (from the klog file header and month rollovers).
    public var byteRange: Range<Int>?
    public var seed: (year: Int, month: Int)?
    /// The directory argument whose walk found this file (nil when the file was named itself).
    public var walkedFrom: String?
    public var isStdin: Bool { path == "-" }
    /// A FIFO named on the command line (`mkfifo`, `<(zcat x.gz)`): read once, front to back,
    /// like stdin; never opened twice, sized, chunked or sniffed ahead.
    public var isFIFO = false
    /// Read once as a stream (stdin or a FIFO): no size, no second pass, no seeking.
    public var isStream: Bool { isStdin || isFIFO }

    public init(path: String, displayPath: String, mtime: Int64? = nil) {
        self.path = path
        self.displayPath = displayPath
        self.mtime = mtime
        self.rotationDate = RotationName.parse(Self.basename(path)).date
    }

    static func basename(_ p: String) -> String {
        p.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? p
    }
}

/// A rotation group: the members of one logical stream, oldest first, read as one stream.
public struct InputGroup: Sendable {
    public var files: [InputFile]
    public var component: String?
    public var node: String?
    /// Index of the group's first file in the overall input list.
    public var firstIndex = 0

    public init(files: [InputFile], component: String? = nil, node: String? = nil) {
        self.files = files; self.component = component; self.node = node
    }
}
