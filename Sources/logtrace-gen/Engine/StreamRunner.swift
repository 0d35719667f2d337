/// Writes one stream: merges its scripted events with its random background in time order, wraps
/// and stamps every line, rotates and restarts files, and reports what it wrote.
final class StreamRunner {
    private let spec: StreamSpec
    private let events: [Event]
    private var rng: SplitMix64
    private let gzipLevel: Int
    private let writer: RecordWriter
    private let renderer: TemplateRenderer?
    private let buffer = ByteBuffer(capacity: 1 << 21)
    private var output: RotatingOutput!
    private var result = StreamResult()
    private var restartCount = 0
    private var cutIndex = 0

    private static let flushThreshold = 1 << 20

    init(spec: StreamSpec, events: [Event], seed: UInt64, gzipLevel: Int) {
        self.spec = spec
        self.events = events
        self.gzipLevel = gzipLevel
        rng = SplitMix64(seed: seed, stream: spec.id)
        writer = RecordWriter(wrapper: spec.wrapper, pid: spec.pid)
        renderer = spec.background.map { TemplateRenderer(vocabulary: $0.catalog.vocabulary) }
    }

    func run() throws -> StreamResult {
        try openFirstFile()
        var background = spec.background.map { BackgroundCursor(plan: $0, rng: &rng) }
        var index = 0
        while true {
            let eventTime = index < events.count ? events[index].time : .max
            let backgroundTime = background?.next ?? .max
            if eventTime == .max && backgroundTime == .max { break }
            if eventTime <= backgroundTime {
                try write(events[index])
                index += 1
            } else {
                try rotateIfDue(at: backgroundTime)
                let before = buffer.count
                writeBackground(at: backgroundTime, cursor: background!)
                background!.advance(wrote: buffer.count - before, rng: &rng)
            }
            if buffer.count >= StreamRunner.flushThreshold { try flush() }
        }
        try flush()
        result.files += try output.finish()
        return result
    }

    // MARK: Files

    private func openFirstFile() throws {
        switch spec.sink {
        case .file(let path, let header):
            output = try RotatingOutput(path: path, policy: spec.rotation, gzipLevel: gzipLevel)
            if let header { buffer.append(header) }
            result.lines += header.map { $0.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } } ?? 0
        case .containerLogs(let directory, let firstRestart):
            restartCount = firstRestart
            output = try RotatingOutput(path: "\(directory)/\(restartCount).log", policy: spec.rotation, gzipLevel: gzipLevel)
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try output.write(buffer)
        result.bytes += buffer.count
        buffer.removeAll()
    }

    private func rotateIfDue(at t: Micros) throws {
        switch spec.rotation.trigger {
        case .never:
            return
        case .size(let limit):
            if output.bytesInPiece + buffer.count >= limit {
                try flush()
                try output.rotate(at: t)
            }
        case .times(let cuts):
            var due: Micros?
            while cutIndex < cuts.count && t >= cuts[cutIndex] {
                due = cuts[cutIndex]
                cutIndex += 1
            }
            if let due, output.bytesInPiece + buffer.count > 0 {
                try flush()
                try output.rotate(at: due)
            }
        }
    }

    private func restartContainer() throws {
        guard case .containerLogs(let directory, _) = spec.sink else { return }
        try flush()
        result.files += try output.finish()
        restartCount += 1
        output = try RotatingOutput(path: "\(directory)/\(restartCount).log", policy: spec.rotation, gzipLevel: gzipLevel)
    }

    // MARK: Records

    private func write(_ event: Event) throws {
        if case .restart = event.body {
            try restartContainer()
            return
        }
        try rotateIfDue(at: event.time)
        switch event.body {
        case .klog(let severity, let source, let message):
            writer.beginRecord(at: event.time, rng: &rng, into: buffer)
            var s = source
            s.withUTF8 { writer.klogHeader(severity, at: event.time, source: UnsafeRawBufferPointer($0), into: buffer) }
            buffer.append(message)
        case .json(let severity, let caller, let message, let fields):
            writer.beginRecord(at: event.time, rng: &rng, into: buffer)
            var c = caller
            c.withUTF8 { writer.jsonHead(severity, at: event.time, caller: UnsafeRawBufferPointer($0), into: buffer) }
            appendJSONString(message, to: buffer)
            buffer.append(fields)
            buffer.append(UInt8(ascii: "}"))
        case .journal(let ident, let text):
            guard writer.beginForeignJournalRecord(at: event.time, ident: ident, into: buffer) else { return }
            buffer.append(text)
        case .restart:
            return
        }
        buffer.append(10)
        for line in event.continuation {
            writer.beginContinuation(rng: &rng, into: buffer)
            buffer.append(line)
            buffer.append(10)
        }
        result.lines += 1 + event.continuation.count
    }

    @inline(__always)
    private func writeBackground(at t: Micros, cursor: BackgroundCursor) {
        let catalog = cursor.plan.catalog
        let entry = catalog.pick(cursor.severity(rng: &rng), rng: &rng)
        let renderer = self.renderer!
        renderer.beginRecord(at: t, rng: &rng)
        writer.beginRecord(at: t, rng: &rng, into: buffer)
        switch catalog.kind {
        case .klog:
            writer.klogHeader(entry.severity, at: t, source: entry.source, into: buffer)
            renderer.render(entry.body, rng: &rng, into: buffer)
        case .etcdJSON, .etcd34JSON:
            writer.jsonHead(entry.severity, at: t, caller: entry.source, milliseconds: catalog.kind == .etcd34JSON, into: buffer)
            renderer.render(entry.body, rng: &rng, into: buffer)
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.append(10)
        for line in entry.continuation {
            writer.beginContinuation(rng: &rng, into: buffer)
            renderer.render(line, rng: &rng, into: buffer)
            buffer.append(10)
        }
        result.lines += 1 + entry.continuation.count
    }
}

/// A JSON string literal (quotes, backslashes and control characters escaped).
func appendJSONString(_ s: String, to out: ByteBuffer) {
    out.append(UInt8(ascii: "\""))
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            out.append(UInt8(ascii: "\\"))
            out.append(b)
        case 10:
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "n"))
        case 9:
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "t"))
        case 0..<32:
            out.append("\\u00")
            out.appendHex(UInt64(b), digits: 2)
        default:
            out.append(b)
        }
    }
    out.append(UInt8(ascii: "\""))
}
