import LogtraceKernels
/// The class of a failure, read from a record's text: what kind of thing went wrong between a
/// client and its backend. Edges use it (`explains:`) to say which failures a cause can produce:
/// a missing route or a cloud permission explains a `network` failure, never a `tls` one (a
/// TLS handshake that completed proves the network path works).
public enum ErrorClass: String, Sendable, CaseIterable, Comparable {
    /// x509 and TLS handshake errors: the peer was reached.
    case tls
    /// The Service or its endpoints are missing: nothing to connect to.
    case service
    /// Timeouts, refused or reset connections, no route: the peer was not reached.
    case network
    /// A status code from the peer: it was reached and answered.
    case http

    /// The name under which reports show the class of a step.
    public static let key = "error_class"

    public static func < (a: ErrorClass, b: ErrorClass) -> Bool { a.index < b.index }
    var index: Int { Self.allCases.firstIndex(of: self)! }

    // Checked in this order: a record names the first class one of whose markers it holds.
    private static let markers: [(ErrorClass, [Needle])] = [
        (.tls, ["x509: ", "tls: ", "TLS handshake", "remote error: tls", "bad certificate", "certificate signed by unknown authority"].map(Needle.init)),
        (.service, ["no endpoints available for service", "have no addresses", "MissingEndpoints", "ServiceNotFound",
                    "endpoints for service", "no endpoints available"].map(Needle.init)),
        (.network, ["i/o timeout", "Client.Timeout", "no route to host", "connection refused", "dial tcp", "context deadline exceeded",
                    "connection reset by peer", "network is unreachable", "request canceled", "Timeout exceeded while awaiting headers",
                    "no such host", "broken pipe"].map(Needle.init)),
        (.http, ["ResponseCode: ", "status code: ", "StatusCode: ", "the server is currently unable to handle the request",
                 "the server could not find the requested resource", "returned HTTP status", "http error: ", "bad status from "].map(Needle.init)),
    ]
    private static let serviceQuote = [Needle("service \""), Needle("service \\\"")]
    private static let notFound = Needle("not found")

    /// The class of the failure described by `text`, or nil when no marker occurs.
    public static func classify(_ text: UnsafeRawBufferPointer) -> ErrorClass? {
        guard let base = text.baseAddress else { return nil }
        for (cls, needles) in markers {
            if cls == .service, serviceNotFound(base, text.count) { return .service }
            for n in needles where n.find(in: base, text.count) != nil { return cls }
        }
        return nil
    }

    public static func classify(_ s: String) -> ErrorClass? {
        var s = s
        return s.withUTF8 { classify(UnsafeRawBufferPointer($0)) }
    }

    /// `service "name" not found` (also with escaped quotes): the Service object is missing.
    private static func serviceNotFound(_ base: UnsafeRawPointer, _ len: Int) -> Bool {
        for q in serviceQuote {
            var at = 0
            while at < len, let off = q.find(in: base + at, len - at) {
                let start = at + off + q.count
                let window = min(len - start, 160)
                if window > 0, let nf = notFound.find(in: base + start, window), !hasSpace(base + start, upTo: nf - 2) { return true }
                at = start
            }
        }
        return false
    }

    /// True when the service name before `not found` holds a space (then it is prose, not a name).
    private static func hasSpace(_ p: UnsafeRawPointer, upTo n: Int) -> Bool {
        guard n > 0 else { return false }
        for i in 0..<n where p.load(fromByteOffset: i, as: UInt8.self) == UInt8(ascii: " ") { return true }
        return false
    }
}
