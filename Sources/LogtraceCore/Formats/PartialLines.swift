/// Lines a runtime split into fragments, joined again per stream (stdout 0, stderr 1): CRI `P`
/// fragments up to the next `F`, docker json-file's 16 KiB pieces up to the one that ends in a
/// newline. A joined line is capped at `--max-line` like any other: at the cap it is handed on
/// truncated (and reported), and the fragments after it, up to the line's final one, are skipped.
/// It is dated and numbered by its first fragment.
struct PartialLines {
    private var buffer: [[UInt8]] = [[], []]
    private var firstLine = [0, 0]
    private var time: [Int64?] = [nil, nil]
    private var skipping = [false, false]

    @inline(__always) func isEmpty(_ stream: Int) -> Bool { buffer[stream].isEmpty }

    /// Whether a whole line of `count` bytes can be handed on as it is: nothing pending or being
    /// skipped on its stream, and within the line cap.
    @inline(__always) func passesThrough(_ stream: Int, _ count: Int, _ out: StreamDriver) -> Bool {
        buffer[stream].isEmpty && !skipping[stream] && count <= out.maxLine
    }

    /// Adds one fragment to its stream's line.
    mutating func add(_ stream: Int, _ content: UnsafeRawBufferPointer, _ lineNumber: Int, _ t: Int64?, _ out: StreamDriver) {
        if skipping[stream] { return }
        if buffer[stream].isEmpty { firstLine[stream] = lineNumber; time[stream] = t }
        let room = out.maxLine - buffer[stream].count
        if content.count <= room {
            buffer[stream].append(contentsOf: content)
            return
        }
        if room > 0 { buffer[stream].append(contentsOf: UnsafeRawBufferPointer(rebasing: content[..<room])) }
        out.warn(line: firstLine[stream], "line longer than \(out.maxLine) bytes: truncated to \(out.maxLine) bytes",
                 help: "the rest of that line (its partial fragments) was skipped")
        hand(stream, out)
        skipping[stream] = true
    }

    /// The line's final fragment was added: hands the line on, unless it was handed on at the cap.
    mutating func complete(_ stream: Int, _ out: StreamDriver) {
        if !skipping[stream] { hand(stream, out) }
        skipping[stream] = false
    }

    /// A final fragment with nothing pending: true when it ends a line cut at the cap (skip it).
    mutating func endsSkipped(_ stream: Int) -> Bool {
        guard skipping[stream] else { return false }
        skipping[stream] = false
        return true
    }

    /// End of the member: a line with no final fragment is kept whole (with a note).
    mutating func finish(_ out: StreamDriver) {
        skipping = [false, false]
        for s in 0..<2 where !buffer[s].isEmpty {
            out.note(line: firstLine[s], "partial line with no final fragment at end of file: kept as a whole line")
            hand(s, out)
        }
    }

    private mutating func hand(_ stream: Int, _ out: StreamDriver) {
        var ctx = LineContext()
        ctx.streamKey = stream
        ctx.wrapperTime = time[stream]
        buffer[stream].withUnsafeBytes { out.emitJoined($0, firstLine[stream], ctx) }
        buffer[stream].removeAll(keepingCapacity: true)
    }
}
