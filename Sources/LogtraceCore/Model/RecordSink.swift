/// Receives assembled records, one at a time, in input order.
public protocol RecordSink: AnyObject {
    func consume(_ record: RecordView)
    /// Whether the sink takes lite records: bare klog records no prefilter literal hit, given
    /// only by input, time, pid and component instead of a full `RecordView`. A reader may tell
    /// a sink only the last lite record before each full one (and the last of all): sinks keep
    /// nothing of lite records but what the latest one says.
    var acceptsLite: Bool { get }
    func consumeLite(inputIndex: Int, time: Int64, pid: Int, component: Name?, line: Int)
    /// A JSON record no literal hit, given like a lite klog record (no pid: a JSON record has
    /// none) when the sink takes lite records. By default, `consumeLite` with pid 0.
    func consumeLiteJSON(inputIndex: Int, time: Int64, component: Name?, line: Int)
    /// The process writing the stream restarted (a new klog pid, a new container log file); the
    /// record at `time` is the new process's first.
    func restarted(component: Name?, time: Int64)
}

extension RecordSink {
    public var acceptsLite: Bool { false }
    public func consumeLite(inputIndex: Int, time: Int64, pid: Int, component: Name?, line: Int) {}
    public func consumeLiteJSON(inputIndex: Int, time: Int64, component: Name?, line: Int) {
        consumeLite(inputIndex: inputIndex, time: time, pid: 0, component: component, line: line)
    }
    public func restarted(component: Name?, time: Int64) {}
}
