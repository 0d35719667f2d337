/// The output contract of `logtrace parse`: a record writer is one `--format`, and
/// `RecordWriters.all` lists them, so a new format is one file (the writer) and one line there;
/// the command-line value, its help and the check that rejects a bad value come from the list.
///
/// Requirements of a writer:
/// - `write` appends whole lines (each ending in a newline) for one record to `out`, the batch
///   buffer of the reader thread that calls it (`out.path(of:)` names the record's input);
/// - it keeps no state between records: one writer value serves every reader thread at once;
/// - deterministic, and bounded: nothing allocated that outlives the call.
public protocol RecordWriter: Sendable {
    /// The `--format` value.
    static var id: String { get }
    func write(_ r: RecordView, to out: RecordNDJSON)
}
