/// `gcloud logging read --format=json`: one JSON array of Cloud Logging `LogEntry` objects,
/// pretty-printed by gcloud's JSON printer (`[`, each entry's keys sorted and indented by two
/// spaces, `  },` between entries, `]`):
///
///     [
///       {
///         "insertId": "238n5ebl11v8lc1x",
///         "jsonPayload": {
///           "message": "…"
///         },
///         "logName": "projects/P/logs/container.googleapis.com%2Fapiserver",
///         …
///         "timestamp": "2025-10-13T08:54:02.009817Z"
///       },
///       {
///       …
///     ]
///
/// Read as a stream, one entry at a time: the lines of an entry are gathered (their indentation
/// left out, at most `--max-line` bytes), then read as `CloudLogging` reads a one-line entry (the
/// same line, time, severity, component and node); the record's line number is the entry's `{`.
/// An element that is no LogEntry, an entry longer than `--max-line` and an array cut short keep
/// their lines as they are (lines not understood, each counted).
public struct CloudLoggingArray: FileWrapper {
    public static let id = "cloud-logging-array"

    private var inner = CloudLogging()
    /// Nesting outside strings: 0 outside the array, 1 between its elements, 2+ inside one.
    private var depth = 0
    /// Inside an element that is an object (an entry), gathered into `entry`.
    private var inEntry = false
    /// The entry so far, without indentation.
    private var entry: [UInt8] = []
    /// The entry's lines as they are (`raw`, each ending at `ends[i].end`), for an element that
    /// turns out to be no entry.
    private var raw: [UInt8] = []
    private var ends: [(end: Int, line: Int)] = []
    private var startLine = 0
    /// The entry outgrew `--max-line`: its lines go on as they are.
    private var overflow = false

    public init() {}

    static let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
    }

    /// The first non-empty line is `[` alone (or `[]`, an empty result), as gcloud prints it.
    public static func detect(_ line: UnsafeRawBufferPointer) -> Bool {
        var a = 0, b = line.count
        while a < b, isSpace(line[a]) { a += 1 }
        while b > a, isSpace(line[b - 1]) { b -= 1 }
        return (b - a == 1 && line[a] == open) || (b - a == 2 && line[a] == open && line[a + 1] == close)
    }

    public mutating func feed(_ line: UnsafeRawBufferPointer, _ lineNumber: Int, _ hits: LiteralMask, _ out: StreamDriver) {
        let n = line.count
        var inString = false, escaped = false
        var segment = inEntry ? 0 : -1   // where this line's part of the current entry starts
        var stray = false                // bytes outside any entry that are not the array's punctuation
        var i = 0
        while i < n {
            let c = line[i]
            if inString {
                if escaped { escaped = false } else if c == Self.backslash { escaped = true } else if c == Self.quote { inString = false }
                if !inEntry && depth < 2 { stray = true }
                i += 1
                continue
            }
            switch c {
            case Self.quote:
                inString = true
                if !inEntry { stray = true }
            case Self.openBrace, Self.open:
                if depth == 1 && c == Self.openBrace && !inEntry {
                    inEntry = true
                    segment = i
                    startLine = lineNumber
                    entry.removeAll(keepingCapacity: true)
                    raw.removeAll(keepingCapacity: true)
                    ends.removeAll(keepingCapacity: true)
                    overflow = false
                } else if !(depth == 0 && c == Self.open) && !inEntry {
                    stray = true
                }
                depth += 1
            case Self.closeBrace, Self.close:
                guard depth > 0 else { stray = true; break }
                depth -= 1
                if inEntry && depth == 1 {
                    take(line, segment..<(i + 1), lineNumber, out)
                    segment = -1
                    inEntry = false
                    finishEntry(out)
                } else if !inEntry && depth >= 1 {
                    stray = true
                }
            case Self.comma, UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                if !inEntry { stray = true }
            }
            i += 1
        }
        if inEntry && segment >= 0 { take(line, segment..<n, lineNumber, out) }
        if stray { out.emit(line, lineNumber, hits, LineContext()) }
    }

    /// Adds `line[r]` to the entry being gathered (or hands it on as it is past `--max-line`).
    private mutating func take(_ line: UnsafeRawBufferPointer, _ r: Range<Int>, _ lineNumber: Int, _ out: StreamDriver) {
        let part = UnsafeRawBufferPointer(rebasing: line[r])
        if overflow { out.emitJoined(part, lineNumber, LineContext()); return }
        var a = r.lowerBound
        while a < r.upperBound, Self.isSpace(line[a]) { a += 1 }
        // Each line counts at least one byte, so blank lines cannot grow `ends` without bound.
        if entry.count + (r.upperBound - a) + ends.count > out.maxLine {
            out.warn(line: startLine, "a Cloud Logging entry longer than --max-line (\(out.maxLine) bytes): its lines are kept as they are, not read as one entry",
                     help: "raise --max-line to read it as an entry")
            flushRaw(out)
            overflow = true
            out.emitJoined(part, lineNumber, LineContext())
            return
        }
        entry.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[a..<r.upperBound]))
        raw.append(contentsOf: part)
        ends.append((raw.count, lineNumber))
    }

    /// An entry is complete: read it as a LogEntry, else hand on its lines as they are.
    private mutating func finishEntry(_ out: StreamDriver) {
        defer { entry.removeAll(keepingCapacity: true); raw.removeAll(keepingCapacity: true); ends.removeAll(keepingCapacity: true) }
        if overflow { overflow = false; return }
        let ok = entry.withUnsafeBytes { inner.feedEntry($0, startLine, out) }
        if !ok { flushRaw(out) }
    }

    private mutating func flushRaw(_ out: StreamDriver) {
        var start = 0
        raw.withUnsafeBytes { b in
            for (end, line) in ends {
                out.emitJoined(UnsafeRawBufferPointer(rebasing: b[start..<end]), line, LineContext())
                start = end
            }
        }
        raw.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        entry.removeAll(keepingCapacity: true)
    }

    /// The array was cut short inside an entry: its lines as they are.
    public mutating func finish(_ out: StreamDriver) {
        if inEntry && !overflow { flushRaw(out) }
        inEntry = false
        overflow = false
        depth = 0
    }

    public static let samples: [FormatSample] = [
        FormatSample(file: "gke-prod/control-plane.json", lines: [
            "[",
            "  {",
            #"    "insertId": "238n5ebl11v8lc1x","#,
            #"    "jsonPayload": {"#,
            #"      "message": "\"Starting watch\" path=\"/api/v1/namespaces/external-accounts \" resourceVersion=\"17603423543179000\" timeout=\"7m10s\"""#,
            "    },",
            #"    "logName": "projects/prod-gke-apigw/logs/container.googleapis.com%2Fapiserver","#,
            #"    "receiveTimestamp": "2025-10-13T08:54:03.522167385Z","#,
            #"    "resource": {"#,
            #"      "labels": {"#,
            #"        "location": "europe-west3","#,
            #"        "project_id": "prod-gke-apigw ""#,
            "      },",
            #"      "type": "k8s_control_plane_component""#,
            "    },",
            #"    "severity": "INFO","#,
            #"    "sourceLocation": {"#,
            #"      "file": "get.go","#,
            #"      "line": "278""#,
            "    },",
            #"    "timestamp": "2025-10-13T08:54:02.009817Z""#,
            "  },",
            "  {",
            #"    "insertId": "x2","#,
            #"    "logName": "projects/p/logs/container.googleapis.com%2Fapiserver","#,
            #"    "receiveTimestamp": "2025-10-13T08:54:05.1Z","#,
            #"    "resource": {"#,
            #"      "labels": {"#,
            #"        "cluster_name": "c1","#,
            #"        "component_name": "apiserver","#,
            #"        "location": "us-central1","#,
            #"        "project_id": "p""#,
            "      },",
            #"      "type": "k8s_control_plane_component""#,
            "    },",
            #"    "severity": "ERROR","#,
            #"    "textPayload": "E1013 08:54:04.100000       1 controller.go:114] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503","#,
            #"    "timestamp": "2025-10-13T08:54:04.1Z""#,
            "  }",
            "]",
        ], records: [
            SampleRecord(#""Starting watch" path="/api/v1/namespaces/external-accounts " resourceVersion="17603423543179000" timeout="7m10s""#,
                         time: "2025-10-13T08:54:02.009817Z", component: "kube-apiserver", severity: "I"),
            SampleRecord("E1013 08:54:04.100000       1 controller.go:114] loading OpenAPI spec for \"v1beta1.metrics.k8s.io\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503",
                         time: "2025-10-13T08:54:04.100000Z", component: "kube-apiserver", pid: 1, severity: "E"),
        ], source: "gcloud logging read --format=json: the printer's layout (one array, keys sorted, two-space indent, '  },' between entries) as gcloud printed it in epeld/gcloudhelper src/main/java/gcloudhelper/LogEntry.java and as Logs Explorer downloads it in allinurl/goaccess#2895; the entries are CloudLogging's samples (docs.dynatrace.com apiserver entry, GoogleCloudPlatform/gke-mcp#133 schema) in that layout"),
    ]
}
