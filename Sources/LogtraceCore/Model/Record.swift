/// An owned, fully decoded record: what `logtrace parse` prints and what evidence keeps.
/// Built only for records some output needs (never for every line on the analysis path).
public struct Record: Sendable {
    public var time: Int64?
    public var severity: Severity?
    public var component: String?
    public var node: String?
    public var pid: Int?
    public var sourceFile: String?
    public var sourceLine: Int?
    public var message: String
    public var fields: [(String, String)]
    public var continuation: [String]
    public var path: String
    public var line: Int
    public var kind: RecordKind
}
