/// A kube-apiserver audit event (`--audit-log-path`, JSON lines of `audit.k8s.io/v1` `Event`):
/// `stage`, `verb`, `requestURI`, `user.username`, `sourceIPs`, `userAgent`, `objectRef`,
/// `responseStatus.code`, `stageTimestamp`. It becomes a JSON record whose text reads like the
/// request log, so one rule matches both: at `ResponseComplete` (and `Panic`) the record carries
/// the request log's field names (`verb` as the HTTP method, `URI`, `userAgent`, `srcIP`,
/// `resp`), so a request counts once; every stage also carries the audit names (`stage`,
/// `auditVerb`, `user`, `objectRef.resource`, `objectRef.namespace`, `objectRef.name`, ...).
enum AuditEvent {
    static func parse(_ p: UnsafeRawPointer, _ n: Int) -> JSONRecord? {
        var isEvent = false, isAudit = false
        var stage = "", verb = "", uri = "", userAgent = "", auditID = ""
        var stageTime: Int64?, receivedTime: Int64?
        var user: [(String, String)] = [], objectRef: [(String, String)] = [], status: [(String, String)] = []
        var sourceIP: String?
        func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }
        func flat(_ r: Range<Int>) -> [(String, String)] {
            var out: [(String, String)] = []
            let base = p + r.lowerBound   // the nested scan's ranges are relative to its own start
            _ = JSONScanner.scan(base, r.count) { k, v in
                switch v {
                case .string(let b): out.append((text(k), text(b)))
                case .number(let x), .literal(let x): out.append((text(k), String(decoding: UnsafeRawBufferPointer(start: base + x.lowerBound, count: x.count), as: UTF8.self)))
                case .raw: break
                }
            }
            return out
        }
        let ok = JSONScanner.scan(p, n) { key, value in
            switch (text(key), value) {
            case ("kind", .string(let b)): isEvent = text(b) == "Event"
            case ("apiVersion", .string(let b)): isAudit = text(b).hasPrefix("audit.k8s.io/")
            case ("stage", .string(let b)): stage = text(b)
            case ("verb", .string(let b)): verb = text(b)
            case ("requestURI", .string(let b)): uri = text(b)
            case ("userAgent", .string(let b)): userAgent = text(b)
            case ("auditID", .string(let b)): auditID = text(b)
            case ("stageTimestamp", .string(let b)): stageTime = b.withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time }
            case ("requestReceivedTimestamp", .string(let b)): receivedTime = b.withUnsafeBytes { RFC3339.parse($0.baseAddress!, $0.count)?.time }
            case ("user", .raw(let r)): user = flat(r)
            case ("objectRef", .raw(let r)): objectRef = flat(r)
            case ("responseStatus", .raw(let r)): status = flat(r)
            case ("sourceIPs", .raw(let r)):
                // The first string of the array: the client (the rest are proxies).
                var i = r.lowerBound
                while i < r.upperBound, p.load(fromByteOffset: i, as: UInt8.self) != UInt8(ascii: "\"") { i += 1 }
                var j = i + 1
                while j < r.upperBound, p.load(fromByteOffset: j, as: UInt8.self) != UInt8(ascii: "\"") { j += 1 }
                if j < r.upperBound { sourceIP = String(decoding: UnsafeRawBufferPointer(start: p + i + 1, count: j - i - 1), as: UTF8.self) }
            default: break
            }
        }
        guard ok, isEvent, isAudit, let time = stageTime ?? receivedTime else { return nil }
        let code = status.first { $0.0 == "code" }?.1
        let username = user.first { $0.0 == "username" }?.1
        var fields: [(String, String)] = [("stage", stage), ("auditVerb", verb), ("requestURI", uri)]
        if let u = username { fields.append(("user", u)) }
        for (k, v) in objectRef { fields.append(("objectRef." + k, v)) }
        if let c = code { fields.append(("responseStatus.code", c)) }
        if let ip = sourceIP { fields.append(("sourceIP", ip)) }
        if !userAgent.isEmpty { fields.append(("userAgent", userAgent)) }
        if !auditID.isEmpty { fields.append(("auditID", auditID)) }
        let complete = stage == "ResponseComplete" || stage == "Panic"
        if complete {
            fields.append(("verb", httpMethod(verb)))
            fields.append(("URI", uri))
            if let ip = sourceIP { fields.append(("srcIP", ip)) }
            if let c = code { fields.append(("resp", c)) }
        }
        let codeValue = code.flatMap { Int($0) } ?? 0
        let severity: Severity = stage == "Panic" || codeValue >= 500 ? .error : codeValue >= 400 ? .warning : .info
        let message = "audit \(stage) \(verb) \(uri)" + (code.map { " \($0)" } ?? "")
        var rendered = Array(message.utf8)
        for (k, v) in fields {
            rendered.append(0x20)
            rendered.append(contentsOf: k.utf8)
            rendered.append(0x3D)
            GoQuote.append(v, to: &rendered)
        }
        return JSONRecord(time: time, severity: severity, message: message, fields: fields, caller: nil, rendered: rendered)
    }

    /// The request log's method for an audit verb.
    static func httpMethod(_ verb: String) -> String {
        switch verb {
        case "get", "list", "watch": return "GET"
        case "create": return "POST"
        case "update": return "PUT"
        case "patch": return "PATCH"
        case "delete", "deletecollection": return "DELETE"
        default: return verb.uppercased()
        }
    }
}
