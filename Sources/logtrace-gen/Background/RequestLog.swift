/// The kube-apiserver request log line of Kubernetes 1.22–1.24 (`httplog.go:131`, logged at `-v=3`):
/// `"HTTP" verb="GET" URI="/api/v1/…" latency="2.1ms" userAgent="…" audit-ID="…" srcIP="10.0.1.11:51234" resp=200`.
func httpLogLine(verb: String, uri: String, latency: String, userAgent: String, auditID: String, srcIP: String, resp: Int) -> String {
    "\"HTTP\" verb=\"\(verb)\" URI=\"\(uri)\" latency=\"\(latency)\" userAgent=\"\(userAgent)\" audit-ID=\"\(auditID)\" srcIP=\"\(srcIP)\" resp=\(resp)"
}

let httpLogSource = "httplog.go:131"

/// A request-log template (latency, audit ID and client port are filled per record).
func requestTemplate(_ verb: String, _ uri: String, _ userAgent: String, from client: String, _ resp: Int, latency: String = "${lat}") -> String {
    httpLogLine(verb: verb, uri: uri, latency: latency, userAgent: userAgent, auditID: "${uuid}", srcIP: "\(client):${port}", resp: resp)
}

/// Go's `strconv.Quote` for the ASCII texts of structured klog values: `"…"` with `\"` and `\\` escaped.
func goQuote(_ s: String) -> String {
    var out = "\""
    for ch in s {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.append(ch)
        }
    }
    return out + "\""
}

/// The event broadcaster's structured log line (`event.go:294] "Event occurred" …`).
func eventOccurred(object: String, kind: String, apiVersion: String, type: String = "Normal", reason: String, message: String) -> String {
    "\"Event occurred\" object=\(goQuote(object)) kind=\(goQuote(kind)) apiVersion=\(goQuote(apiVersion)) type=\(goQuote(type)) reason=\(goQuote(reason)) message=\(goQuote(message))"
}
