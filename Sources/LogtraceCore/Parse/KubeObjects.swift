import Foundation
import Yams

/// Kubernetes object documents found in a collection: `kubectl get events -A -o json|yaml`
/// (`v1` `Event` and `events.k8s.io/v1` `Event`, single or in a `List`), `kubectl get ns NAME -o
/// json`, `kubectl get apiservice -o yaml`, and the `<namespace>/events.json`, `nodes.json`,
/// `pods.json` ... files of `kubectl cluster-info dump --output-directory`, and `kubectl describe`
/// output of the generic describer (`kubectl describe apiservice`, webhook configurations, custom
/// resources: `Name:`, `Namespace:`, ..., `Kind:`, then `Title Case:  value` lines). These are whole
/// documents, not lines: each is read whole (at most `maxJSONBytes` / `maxYAMLBytes`), and every
/// event and every object condition becomes one record of its own time, severity and component
/// (`kube-events`, `kube-objects`) with a klog-like text the rules match:
///
///     Warning FailedToCreateRoute Node/edge002: Could not create route ... count=12 source=route_controller
///     Namespace demo-app condition NamespaceDeletionDiscoveryFailure=True reason=DiscoveryFailed message="..."
///     ValidatingWebhookConfiguration gatekeeper-validating-webhook-configuration created
///
/// Documents are rare and small next to the logs, so they are detected from the first bytes of
/// a file and parsed off the hot path.
public enum KubeObjects {
    public enum Format: String { case json = "kubernetes-json", yaml = "kubernetes-yaml", describe = "kubectl-describe" }

    /// Larger documents are refused with a diagnostic: a parsed document takes several times its
    /// size in memory.
    public static let maxJSONBytes = 16 << 20
    public static let maxYAMLBytes = 8 << 20

    public static let eventsComponent = "kube-events"
    public static let objectsComponent = "kube-objects"
    public static let components: Set<String> = [eventsComponent, objectsComponent]

    /// One event or condition, as a record.
    public struct Entry: Equatable {
        public var time: Int64?
        public var severity: Severity
        public var component: String
        public var node: String?
        public var text: String
    }

    /// Whether the first bytes of a file are a Kubernetes object document: pretty-printed JSON
    /// (a line holding only `{`, then `"apiVersion"`/`"kind"`/`"items"` keys, as kubectl writes it),
    /// a compact one-line `List`, or YAML starting with `apiVersion:`, `kind:` or `items:` (after
    /// comments or `---`). A JSON log line (`{"ts":...}`, an audit `Event` line) is not one.
    public static func detect(_ head: UnsafeRawBufferPointer) -> Format? {
        var i = 0
        let n = head.count
        if n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { i = 3 }
        while i < n && (head[i] == UInt8(ascii: " ") || head[i] == UInt8(ascii: "\t") || head[i] == UInt8(ascii: "\n") || head[i] == UInt8(ascii: "\r")) { i += 1 }
        guard i < n else { return nil }
        let rest = UnsafeRawBufferPointer(rebasing: head[i...])
        if head[i] == UInt8(ascii: "{") {   // {
            var j = i + 1
            while j < n && (head[j] == UInt8(ascii: " ") || head[j] == UInt8(ascii: "\t") || head[j] == UInt8(ascii: "\r")) { j += 1 }
            if j < n && head[j] == UInt8(ascii: "\n") {
                // Pretty-printed: the first key names it.
                while j < n && (head[j] == UInt8(ascii: " ") || head[j] == UInt8(ascii: "\t") || head[j] == UInt8(ascii: "\n") || head[j] == UInt8(ascii: "\r")) { j += 1 }
                let key = UnsafeRawBufferPointer(rebasing: head[j...])
                for k in ["\"apiVersion\"", "\"kind\"", "\"items\"", "\"metadata\""] where starts(key, k) { return .json }
                return nil
            }
            // One line: a List (`{"apiVersion":"v1","items":[...`), never a log record.
            let line = firstLine(rest)
            if contains(line, "\"items\":[") && (contains(line, "\"kind\":\"List\"") || contains(line, "List\"") || starts(rest, "{\"apiVersion\":")) {
                return .json
            }
            return nil
        }
        // YAML: skip comment lines and a leading document marker.
        var y = rest
        while true {
            if starts(y, "#") || starts(y, "---") {
                let l = firstLine(y).count
                guard l < y.count else { return nil }
                y = UnsafeRawBufferPointer(rebasing: y[(l + 1)...])
                continue
            }
            break
        }
        for k in ["apiVersion: ", "kind: ", "items:"] where starts(y, k) { return .yaml }
        // `kubectl describe` of the generic describer: `Name:` first, and `Kind:` and `Namespace:`
        // at the start of later lines (a describer of its own, a pod's or a node's, prints no `Kind:`).
        if starts(y, "Name:") && contains(y, "\nKind:") && contains(y, "\nNamespace:") { return .describe }
        return nil
    }

    public struct DocumentError: Error { public var message: String }

    /// Cuts a stream of object documents into whole documents as their bytes arrive: JSON values
    /// one after another (`kubectl get events -w -o json` writes one object per change, a file
    /// holds one `List`), or YAML documents separated by `---` lines. A document is handed out
    /// the moment it is complete (a JSON value closes; a YAML document when the next `---` line
    /// comes), so `logtrace tail` reads a watch as it happens; `finish` gives what is left at the
    /// end of the stream. Bounded: a document over `cap` bytes is refused (`oversized`).
    public struct Splitter {
        public let format: Format
        public let cap: Int
        private var pending: [UInt8] = []
        private var scanned = 0
        private var depth = 0, inString = false, escaped = false
        /// A document grew past `cap`: the stream is refused from there.
        public private(set) var oversized = false
        /// Newlines before the start of `pending` (the line a document starts on).
        private var linesBefore = 0

        public init(format: Format, cap: Int) { self.format = format; self.cap = cap }

        /// Adds bytes; returns the documents they complete, each with the 1-based line it starts on.
        public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [(line: Int, bytes: [UInt8])] {
            guard !oversized else { return [] }
            pending.append(contentsOf: bytes)
            var out: [(Int, [UInt8])] = []
            switch format {
            case .json: splitJSON(&out)
            case .yaml: splitLines(&out, at: Self.yamlMarker)
            case .describe: splitLines(&out, at: Self.describeName)
            }
            if pending.count > cap { oversized = true; pending = [] }
            return out
        }

        /// The rest of the stream, if it holds more than white space.
        public mutating func finish() -> (line: Int, bytes: [UInt8])? {
            defer { pending = []; scanned = 0 }
            guard !oversized, pending.contains(where: { !Self.isSpace($0) }) else { return nil }
            return (linesBefore + 1 + leadingNewlines(pending), pending)
        }

        static func isSpace(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") }

        private func leadingNewlines(_ b: [UInt8]) -> Int {
            var n = 0
            for c in b { if c == UInt8(ascii: "\n") { n += 1 } else if !Self.isSpace(c) { break } }
            return n
        }

        private mutating func take(_ end: Int, into out: inout [(Int, [UInt8])], keepFrom next: Int) {
            let doc = Array(pending[0..<end])
            if doc.contains(where: { !Self.isSpace($0) }) { out.append((linesBefore + 1 + leadingNewlines(doc), doc)) }
            linesBefore += pending[0..<next].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            pending.removeSubrange(0..<next)
        }

        private mutating func splitJSON(_ out: inout [(Int, [UInt8])]) {
            var i = scanned
            while i < pending.count {
                let b = pending[i]
                if inString {
                    if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                } else if b == UInt8(ascii: "\"") {
                    inString = true
                } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                    depth += 1
                } else if (b == UInt8(ascii: "}") || b == UInt8(ascii: "]")) && depth > 0 {
                    depth -= 1
                    if depth == 0 {
                        take(i + 1, into: &out, keepFrom: i + 1)
                        i = 0
                        continue
                    }
                }
                i += 1
            }
            scanned = i
        }

        /// A `---` line (alone or followed by a space) ends the YAML document before it.
        private static func yamlMarker(_ p: [UInt8], _ start: Int, _ end: Int) -> Bool {
            end - start >= 3 && p[start] == UInt8(ascii: "-") && p[start + 1] == UInt8(ascii: "-") && p[start + 2] == UInt8(ascii: "-")
                && (end - start == 3 || p[start + 3] == UInt8(ascii: " ") || p[start + 3] == UInt8(ascii: "\r"))
        }

        /// A `Name:` line at the start of a line begins the next described object.
        private static func describeName(_ p: [UInt8], _ start: Int, _ end: Int) -> Bool {
            end - start >= 5 && p[start..<(start + 5)].elementsEqual("Name:".utf8)
        }

        /// Complete lines only: a line (bytes `start..<end` of the pending text) for which
        /// `startsObject` holds, other than the first, ends the object before it.
        private mutating func splitLines(_ out: inout [(Int, [UInt8])], at startsObject: ([UInt8], Int, Int) -> Bool) {
            var lineStart = scanned
            var i = scanned
            while i < pending.count {
                if pending[i] == UInt8(ascii: "\n") {
                    if lineStart > 0 && startsObject(pending, lineStart, i) {
                        take(lineStart, into: &out, keepFrom: lineStart)
                        i = i - lineStart
                        lineStart = 0
                    }
                    lineStart = i + 1
                }
                i += 1
            }
            scanned = lineStart
        }
    }

    /// The events and conditions of a document, in document order.
    public static func entries(_ bytes: [UInt8], format: Format) throws -> [Entry] {
        var out: [Entry] = []
        switch format {
        case .json:
            let any: Any
            do {
                any = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
            } catch {
                throw DocumentError(message: "not valid JSON: \(shortReason(error))")
            }
            collect(any, into: &out)
        case .yaml:
            do {
                // The default schema without timestamps: times stay strings, read like JSON's.
                let resolver = Resolver.default.removing(.timestamp)
                for doc in try Yams.load_all(yaml: String(decoding: bytes, as: UTF8.self), resolver) {
                    collect(doc as Any, into: &out)
                }
            } catch {
                throw DocumentError(message: "not valid YAML: \(shortReason(error))")
            }
        case .describe:
            guard let obj = describedObject(String(decoding: bytes, as: UTF8.self)) else {
                throw DocumentError(message: "not kubectl describe output (no Name: and Kind: lines)")
            }
            collect(obj, into: &out)
        }
        return out
    }

    /// One object of `kubectl describe` output from the generic describer, back in the shape of
    /// the object (`-o json`): `Name:` and `Namespace:` go to `metadata`, every other field is an
    /// indented `Title Case:  value` line (`Last Transition Time` is `lastTransitionTime`), a field
    /// without a value opens a block of the fields below it, and a field that comes again in the
    /// same block starts the next item of a list (the generic describer prints a list of objects,
    /// `Conditions` or `Managed Fields`, as their fields one after another). Lines that are no
    /// field (label and annotation continuations, `fieldsV1` contents, the events table) are
    /// skipped. kubectl prints an empty `Annotations:` without its newline (`Annotations:  API
    /// Version:  apiregistration.k8s.io/v1`); that line's value is not read.
    static func describedObject(_ text: String) -> [String: Any]? {
        struct Line { var indent: Int; var key: String?; var value: String }
        var lines: [Line] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var l = Substring(raw)
            if l.hasSuffix("\r") { l = l.dropLast() }
            let indent = l.prefix { $0 == " " }.count
            let body = l.dropFirst(indent)
            if body.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            // A paste may indent the first line with the code fence before it (`  Name:  x`): the
            // object's first line is its top level.
            let level = lines.isEmpty && body.hasPrefix("Name:") ? 0 : indent
            lines.append(describeField(body).map { Line(indent: level, key: $0.0, value: $0.1) } ?? Line(indent: level, key: nil, value: String(body)))
        }
        // The fields of the block whose lines are indented deeper than `parent`, from line `i`.
        func block(_ i: inout Int, deeperThan parent: Int) -> Any {
            var items: [[String: Any]] = [[:]]
            var scalars: [String] = []
            var level: Int?
            while i < lines.count, lines[i].indent > parent {
                let l = lines[i]
                if level == nil { level = l.indent }
                guard l.indent == level, let key = l.key else {
                    if l.indent == level, l.key == nil { scalars.append(l.value) }
                    i += 1
                    continue
                }
                i += 1
                if key == "events" && parent < 0 { break }   // the events table ends the object
                if items[items.count - 1][key] != nil { items.append([:]) }
                if l.value.isEmpty, i < lines.count, lines[i].indent > l.indent {
                    items[items.count - 1][key] = block(&i, deeperThan: l.indent)
                } else {
                    items[items.count - 1][key] = l.value
                }
            }
            if items.count == 1 && items[0].isEmpty && !scalars.isEmpty { return scalars }
            return items.count == 1 ? items[0] : items
        }
        var i = 0
        guard var top = block(&i, deeperThan: -1) as? [String: Any], let name = top["name"] as? String, top["kind"] is String else { return nil }
        var meta = top["metadata"] as? [String: Any] ?? [:]
        meta["name"] = name
        if let ns = top["namespace"] as? String, !ns.isEmpty { meta["namespace"] = ns }
        top["metadata"] = meta
        // A list of one item reads as that item: the lists `collect` reads are lists again.
        if var status = top["status"] as? [String: Any], let one = status["conditions"] as? [String: Any] {
            status["conditions"] = [one]
            top["status"] = status
        }
        if let one = meta["managedFields"] as? [String: Any] {
            meta["managedFields"] = [one]
            top["metadata"] = meta
        }
        return top
    }

    /// `Title Case:  value` as (`titleCase`, `value`): the generic describer's field labels are
    /// words of letters and digits starting with a capital (`API Version`, `UID`, `Self Link`).
    static func describeField(_ body: Substring) -> (String, String)? {
        guard let first = body.first, first.isASCII, first.isUppercase else { return nil }
        var end = body.startIndex
        while end < body.endIndex, body[end].isASCII, body[end].isLetter || body[end].isNumber || body[end] == " " { end = body.index(after: end) }
        guard end < body.endIndex, body[end] == ":" else { return nil }
        let after = body.index(after: end)
        guard after == body.endIndex || body[after] == " " || body[after] == "\t" else { return nil }
        let words = body[..<end].split(separator: " ")
        guard !words.isEmpty else { return nil }
        var key = words[0].lowercased()
        for w in words.dropFirst() { key += w.prefix(1).uppercased() + w.dropFirst() }
        let value = body[after...].trimmingCharacters(in: .whitespaces)
        return (key, value)
    }

    static func shortReason(_ e: Error) -> String {
        let s = "\(e)".split(whereSeparator: { $0 == "\n" }).first.map(String.init) ?? "\(e)"
        return s.count > 160 ? String(s.prefix(160)) + "..." : s
    }

    static func collect(_ any: Any, into out: inout [Entry]) {
        guard let obj = any as? [String: Any] else {
            if let list = any as? [Any] { for x in list { collect(x, into: &out) } }
            return
        }
        if let items = obj["items"] as? [Any] {
            for x in items { collect(x, into: &out) }
            return
        }
        let kind = str(obj["kind"]) ?? ""
        let api = str(obj["apiVersion"]) ?? ""
        if kind == "Event" && !api.hasPrefix("audit.k8s.io") {
            if let e = event(obj) { out.append(e) }
            return
        }
        if webhookConfigurationKinds.contains(kind) { writes(obj, kind: kind, into: &out) }
        if let status = obj["status"] as? [String: Any], let conds = status["conditions"] as? [Any] {
            let meta = obj["metadata"] as? [String: Any] ?? [:]
            let name = str(meta["name"]) ?? "?"
            let ns = str(meta["namespace"])
            for c in conds {
                if let c = c as? [String: Any], let e = condition(c, kind: kind.isEmpty ? "Object" : kind, namespace: ns, name: name) {
                    out.append(e)
                }
            }
        }
    }

    /// Kinds whose writes are records of their own: an admission webhook configuration changes
    /// what every API request goes through.
    static let webhookConfigurationKinds: Set<String> = ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]

    /// The writes an object's metadata records: its creation (`creationTimestamp`), and each later
    /// write of a manager in `managedFields` (`time` is when that manager last changed its
    /// fields; writes of the `status` subresource are not changes of the configuration). A
    /// manager that wrote at the creation time is the creator.
    static func writes(_ obj: [String: Any], kind: String, into out: inout [Entry]) {
        let meta = obj["metadata"] as? [String: Any] ?? [:]
        let name = clean(str(meta["name"]) ?? "?")
        let created = timeOf(meta["creationTimestamp"])
        var creators: [String] = []
        var later: [(Int64, String, String)] = []
        for case let m as [String: Any] in meta["managedFields"] as? [Any] ?? [] {
            guard let t = timeOf(m["time"]), str(m["subresource"]) != "status" else { continue }
            let manager = clean(str(m["manager"]) ?? "?"), operation = clean(str(m["operation"]) ?? "?")
            if t == created { creators.append(manager) } else { later.append((t, manager, operation)) }
        }
        if let c = created {
            let by = creators.count == 1 ? " by \(creators[0])" : ""
            out.append(Entry(time: c, severity: .info, component: objectsComponent, node: nil, text: "\(kind) \(name) created\(by)"))
        }
        for (t, manager, operation) in later.sorted(by: { $0.0 < $1.0 }) {
            out.append(Entry(time: t, severity: .info, component: objectsComponent, node: nil,
                             text: "\(kind) \(name) changed by \(manager) operation=\(operation)"))
        }
    }

    /// Condition types whose True status is a failure; for the others (Ready, Available, ...) False is.
    static let failureWhenTrue: Set<String> = [
        "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure",
        "NamespaceContentRemaining", "NamespaceFinalizersRemaining", "MemoryPressure", "DiskPressure", "PIDPressure",
        "NetworkUnavailable", "ReplicaFailure", "Failed", "DisruptionTarget", "Stalled", "Degraded",
    ]
    static let failureWhenFalse: Set<String> = [
        "Ready", "Available", "Established", "NamesAccepted", "Initialized", "ContainersReady", "PodScheduled",
        "PodReadyToStartContainers",
    ]

    static func condition(_ c: [String: Any], kind: String, namespace: String?, name: String) -> Entry? {
        guard let type = str(c["type"]) else { return nil }
        let status = str(c["status"]) ?? "Unknown"
        let failing = (status == "True" && failureWhenTrue.contains(type)) || (status == "False" && failureWhenFalse.contains(type))
        var text = "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name) condition \(clean(type))=\(clean(status))"
        if let r = str(c["reason"]), !r.isEmpty { text += " reason=\(clean(r))" }
        if let m = str(c["message"]), !m.isEmpty { text += " message=" + quoted(m) }
        let time = timeOf(c["lastTransitionTime"]) ?? timeOf(c["lastUpdateTime"]) ?? timeOf(c["lastProbeTime"]) ?? timeOf(c["lastHeartbeatTime"])
        return Entry(time: time, severity: failing ? .warning : .info, component: objectsComponent,
                     node: kind == "Node" ? name : nil, text: text)
    }

    static func event(_ e: [String: Any]) -> Entry? {
        let type = str(e["type"]) ?? "Normal"
        let reason = str(e["reason"]) ?? ""
        let message = str(e["message"]) ?? str(e["note"]) ?? ""
        let about = (e["involvedObject"] ?? e["regarding"]) as? [String: Any] ?? [:]
        let kind = str(about["kind"]) ?? "Object"
        let name = str(about["name"]) ?? "?"
        let ns = str(about["namespace"]).flatMap { $0.isEmpty ? nil : $0 }
        let series = e["series"] as? [String: Any]
        let count = int(e["count"]) ?? int(series?["count"]) ?? int(e["deprecatedCount"])
        let source = e["source"] as? [String: Any]
        let from = str(source?["component"]).flatMap { $0.isEmpty ? nil : $0 } ?? str(e["reportingComponent"]).flatMap { $0.isEmpty ? nil : $0 }
            ?? str(e["reportingController"])
        let host = str(source?["host"]).flatMap { $0.isEmpty ? nil : $0 }
        let time = timeOf(e["lastTimestamp"]) ?? timeOf(series?["lastObservedTime"]) ?? timeOf(e["deprecatedLastTimestamp"])
            ?? timeOf(e["eventTime"]) ?? timeOf(e["firstTimestamp"]) ?? timeOf(e["deprecatedFirstTimestamp"])
            ?? timeOf((e["metadata"] as? [String: Any])?["creationTimestamp"])
        // When the occurrences began: firstTimestamp (v1), or eventTime of a series (events.k8s.io/v1).
        let first = timeOf(e["firstTimestamp"]) ?? timeOf(e["deprecatedFirstTimestamp"]) ?? (series != nil ? timeOf(e["eventTime"]) : nil)
        var text = "\(clean(type)) \(clean(reason)) \(clean(kind))/\(ns.map { clean($0) + "/" } ?? "")\(clean(name)): \(clean(message))"
        if let c = count {
            text += " count=\(c)"
            if c > 1, let f = first, let t = time, f < t { text += " first=" + Timestamp.rfc3339(f) }
        }
        if let f = from, !f.isEmpty { text += " source=\(clean(f))" }
        let sev: Severity = type == "Warning" ? .warning : .info
        return Entry(time: time, severity: sev, component: eventsComponent, node: host ?? (kind == "Node" ? name : nil), text: text)
    }

    /// What an event record's text says about its occurrences (`KubeObjects.event` writes
    /// ` count=N`, then ` first=<time>` when they span time): the count, when they began, and the
    /// event's identity without its first time (the text without the count), so the same event
    /// read from several dumps is known as one. Nil for a text without a count.
    public static func eventOccurrences(_ text: String) -> (count: Int, first: Int64?, key: String)? {
        guard let r = text.range(of: " count=", options: .backwards) else { return nil }
        let digits = text[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard let n = Int(digits), n > 0 else { return nil }
        var rest = text[digits.endIndex...]
        var first: Int64?
        if rest.hasPrefix(" first=") {
            let stamp = rest.dropFirst(7).prefix { $0 != " " }
            first = timeOf(String(stamp))
            rest = rest[stamp.endIndex...]
        }
        return (n, first, String(text[..<r.lowerBound]) + String(rest))
    }

    static func str(_ v: Any?) -> String? {
        switch v {
        case let s as String: return s
        case let i as Int: return String(i)
        case let b as Bool: return b ? "True" : "False"
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    static func int(_ v: Any?) -> Int? {
        switch v {
        case let i as Int: return i
        case let n as NSNumber: return n.intValue
        case let s as String: return Int(s)
        default: return nil
        }
    }

    static func timeOf(_ v: Any?) -> Int64? {
        guard let s = str(v), !s.isEmpty else { return nil }
        return Array(s.utf8).withUnsafeBytes { b in b.count >= 19 ? RFC3339.parse(b.baseAddress!, b.count)?.time : nil }
    }

    /// One line: newlines, tabs and other controls become Go escapes.
    static func clean(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < UInt8(ascii: " ") || $0 == 0x7F }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: if u.value < UInt8(ascii: " ") || u.value == 0x7F { out += "\\x" + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    static func quoted(_ s: String) -> String {
        var b: [UInt8] = []
        GoQuote.append(s, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    private static func starts(_ b: UnsafeRawBufferPointer, _ s: String) -> Bool {
        let u = Array(s.utf8)
        return b.count >= u.count && zip(b, u).allSatisfy { $0 == $1 }
    }

    private static func firstLine(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let nl = b.firstIndex(of: 0x0A) { return UnsafeRawBufferPointer(rebasing: b[..<nl]) }
        return b
    }

    private static func contains(_ b: UnsafeRawBufferPointer, _ s: String) -> Bool {
        let u = Array(s.utf8)
        guard b.count >= u.count else { return false }
        for i in 0...(b.count - u.count) where b[i] == u[0] {
            if starts(UnsafeRawBufferPointer(rebasing: b[i...]), s) { return true }
        }
        return false
    }
}
