/// One record that matched a signal's matcher: the unit the signal engine counts.
public struct Hit: Sendable {
    public var signal: Int
    public var time: Int64
    public var keys: [(String, String)]
    public var component: String?
    public var evidence: Evidence
    /// Input order, the tie-breaker that keeps merges deterministic.
    public var inputIndex: Int
    public var line: Int
    /// The failure class of the record, for signals with `error_class: true`.
    public var errorClass: ErrorClass? = nil
    /// Captures named with a leading `_` (`_backend_ip`): evidence for joins that does not split
    /// the signal into groups the way keys do.
    public var attributes: [(String, String)] = []
    /// How many occurrences the record stands for: a Kubernetes event's `count` (or
    /// `series.count`), spread from `firstTime` to `time`; 1 for a log line.
    public var weight = 1
    public var firstTime: Int64? = nil
    /// A Kubernetes event's identity (its text without the count): the same event read from
    /// several dumps counts once, with its highest count.
    public var eventKey: String? = nil
}

/// A log line that proves a step: where it is and what it says.
public struct Evidence: Sendable, Equatable {
    public var path: String
    public var line: Int
    public var text: String
    public var time: Int64?
    /// The input's place in the analysis (orders evidence of equal times like the inputs).
    public var inputIndex: Int
    /// The `_` captures of the record (who, from where): shown for context entries.
    public var attributes: [(String, String)] = []
    /// What the signal matched in `text` (UTF-8 offsets): the regex's match, else the anchor
    /// literal; nil when it is not on the line shown (a continuation line, a field). The
    /// one-screen view cuts the line around it.
    public var match: Range<Int>? = nil

    public init(path: String, line: Int, text: String, time: Int64?, inputIndex: Int = 0, attributes: [(String, String)] = [], match: Range<Int>? = nil) {
        self.path = path; self.line = line; self.text = text; self.time = time; self.inputIndex = inputIndex; self.attributes = attributes
        self.match = match
    }

    /// The same record: same path and line. A row from a store without line numbers (line 0,
    /// the OpenTelemetry table) is told apart by its time and text, so different records of one
    /// input are neither merged as evidence nor taken for "both read from one line".
    public static func == (a: Evidence, b: Evidence) -> Bool {
        a.path == b.path && a.line == b.line && (a.line != 0 || (a.time == b.time && a.text == b.text))
    }

    /// `path:line`, or the path alone when the line is not known.
    public var location: String { line > 0 ? "\(path):\(line)" : path }

    /// (time, input, line) order: the order of a time-sorted merge of every input.
    func precedes(_ o: Evidence) -> Bool {
        let a = time ?? Int64.min, b = o.time ?? Int64.min
        if a != b { return a < b }
        if inputIndex != o.inputIndex { return inputIndex < o.inputIndex }
        return line < o.line
    }

    func sameLine(_ o: Evidence) -> Bool { inputIndex == o.inputIndex && self == o }
}
