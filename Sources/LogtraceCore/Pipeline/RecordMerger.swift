#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `logtrace parse`: reads rotation groups concurrently, each rendering its records into batches
/// of bytes handed over a small bounded queue, and merges them by time (k-way, stable: equal times
/// keep input order). Memory is bounded by the number of groups times the queue size, whatever
/// the input size; no allocation per record.
public final class RecordMerger {
    /// `parse --unparsed`: only the lines no format understood (what the report header counts as
    /// "not understood"; events and object conditions read from documents are not lines).
    public var unparsedOnly = false

    @inline(__always)
    static func isUnparsed(_ r: RecordView) -> Bool {
        r.kind == .raw && !(r.component.map { KubeObjects.components.contains($0) } ?? false)
    }

    /// Rendered records back to back, with the end offset and time of each.
    final class Batch {
        let out = RecordNDJSON(capacity: 256 << 10)
        var ends: [Int] = []
        var times: [Int64?] = []
        init(paths: [String]) { out.paths = paths; ends.reserveCapacity(Queue.batchRecords); times.reserveCapacity(Queue.batchRecords) }
        var isFull: Bool { ends.count >= Queue.batchRecords || out.count >= 192 << 10 }
        func clear() { out.reset(); ends.removeAll(keepingCapacity: true); times.removeAll(keepingCapacity: true) }
    }

    /// A bounded hand-off from one reader thread to the merger, a batch at a time, so the two
    /// threads synchronise once per batch; emptied batches go back to the producer for reuse.
    final class Queue: RecordSink, @unchecked Sendable {
        static let batchRecords = 512
        static let maxBatches = 8
        private var ready: [Batch] = []
        private var spare: [Batch] = []
        /// The batch the producer writes into; it belongs to the producer until `hand(over:)`.
        private var filling: Batch
        private var current: Batch?
        private var index = 0
        private var done = false
        private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let paths: [String]
        let format: any RecordWriter
        init(paths: [String], format: any RecordWriter) {
            self.paths = paths
            self.format = format
            filling = Batch(paths: paths)
            pthread_cond_init(cond, nil); pthread_mutex_init(mutex, nil)
        }
        deinit { pthread_cond_destroy(cond); pthread_mutex_destroy(mutex); cond.deallocate(); mutex.deallocate() }

        var window: TimeWindow = TimeWindow()
        var unparsedOnly = false

        func consume(_ r: RecordView) {
            guard window.admits(r.time), !unparsedOnly || RecordMerger.isUnparsed(r) else { return }
            let b = filling
            format.write(r, to: b.out)
            b.ends.append(b.out.count)
            b.times.append(r.time)
            if b.isFull { hand(over: false) }
        }

        private func hand(over finished: Bool) {
            pthread_mutex_lock(mutex)
            while ready.count >= Self.maxBatches { pthread_cond_wait(cond, mutex) }
            let handed = !filling.ends.isEmpty
            if handed { ready.append(filling) }
            if finished { done = true }
            let next = handed ? spare.popLast() : nil
            pthread_cond_broadcast(cond)
            pthread_mutex_unlock(mutex)
            // Once handed over, the batch belongs to the merger (which may already be emptying it).
            if handed {
                filling = next ?? Batch(paths: paths)
            }
        }

        func finish() { hand(over: true) }

        /// Whether the next `pop` stays in the current batch (so records already popped from it stay valid).
        var nextStaysInBatch: Bool { current.map { index < $0.ends.count } ?? false }

        /// The next record's time and bytes (valid until the next call), waiting for the
        /// producer; nil at the end of the stream.
        func pop() -> (time: Int64?, bytes: UnsafeRawBufferPointer)? {
            if let c = current, index < c.ends.count {
                let start = index == 0 ? 0 : c.ends[index - 1]
                index += 1
                return (c.times[index - 1], UnsafeRawBufferPointer(rebasing: c.out.bytes[start..<c.ends[index - 1]]))
            }
            pthread_mutex_lock(mutex)
            if let c = current { c.clear(); spare.append(c); current = nil }
            while ready.isEmpty && !done { pthread_cond_wait(cond, mutex) }
            if ready.isEmpty { pthread_mutex_unlock(mutex); return nil }
            current = ready.removeFirst()
            pthread_cond_broadcast(cond)
            pthread_mutex_unlock(mutex)
            index = 0
            return pop()
        }
    }

    public let options: ReadOptions
    public let overrides: [(name: String, glob: String)]
    /// `parse --since/--until`: records outside are not printed (a record without a time goes
    /// with the record before it in its stream).
    public var since: Int64?
    public var until: Int64?
    public static let maxOpenGroups = 64
    public static let maxSlices = 1024

    public init(options: ReadOptions, overrides: [(name: String, glob: String)]) {
        self.options = options
        self.overrides = overrides
    }

    /// Calls `body` with the rendered records of the inputs in time order (records without a time
    /// keep their place after the previous record of their stream). Records are rendered on the
    /// reading threads; `body` gets them as byte slices (valid during the call; at most
    /// `maxSlices`), ready for `writev`, so the merged output is never copied once more.
    public func run(paths: [String], log: DiagnosticLog, format: some RecordWriter,
                    _ body: (UnsafeBufferPointer<iovec>) -> Void) -> [InputStats] {
        let groups = InputDiscovery(componentOverrides: overrides).discover(paths, log: log)
        var allPaths: [String] = []
        for g in groups { allPaths += g.files.map(\.displayPath) }
        if groups.count > Self.maxOpenGroups {
            log.add(Diagnostic(.note, kind: .input, "\(groups.count) streams: merged by time in batches of \(Self.maxOpenGroups)"))
        }
        var stats: [InputStats] = []
        var start = 0
        while start < groups.count {
            let batch = Array(groups[start..<min(groups.count, start + Self.maxOpenGroups)])
            stats += merge(batch, paths: allPaths, log: log, format: format, body)
            start += Self.maxOpenGroups
        }
        return stats
    }

    /// One stream needs no merge: read it on this thread, handing out about 1 MiB at a time.
    final class Direct: RecordSink {
        let format: any RecordWriter
        let body: (UnsafeBufferPointer<iovec>) -> Void
        let out = RecordNDJSON(capacity: 2 << 20)
        init(paths: [String], format: any RecordWriter, body: @escaping (UnsafeBufferPointer<iovec>) -> Void) {
            self.format = format; self.body = body
            out.paths = paths
        }
        var window = TimeWindow()
        var unparsedOnly = false
        func consume(_ r: RecordView) {
            guard window.admits(r.time), !unparsedOnly || RecordMerger.isUnparsed(r) else { return }
            format.write(r, to: out)
            if out.count >= 1 << 20 { flush() }
        }
        func flush() {
            guard out.count > 0 else { return }
            var v = iovec(iov_base: UnsafeMutableRawPointer(mutating: out.bytes.baseAddress), iov_len: out.count)
            withUnsafePointer(to: &v) { body(UnsafeBufferPointer(start: $0, count: 1)) }
            out.reset()
        }
    }

    private func merge(_ groups: [InputGroup], paths: [String], log: DiagnosticLog,
                       format: any RecordWriter, _ body: (UnsafeBufferPointer<iovec>) -> Void) -> [InputStats] {
        if groups.count == 1 {
            return withoutActuallyEscaping(body) { body in
                let sink = Direct(paths: paths, format: format, body: body)
                sink.window = TimeWindow(since: since, until: until)
                sink.unparsedOnly = unparsedOnly
                let stats = StreamDriver(group: groups[0], options: options, prefilter: nil, sink: sink, log: log).run()
                sink.flush()
                return stats
            }
        }
        let queues = groups.map { _ in Queue(paths: paths, format: format) }
        for q in queues { q.window = TimeWindow(since: since, until: until); q.unparsedOnly = unparsedOnly }
        var results = Array(repeating: [InputStats](), count: groups.count)
        let lock = Lock()
        #if canImport(Glibc)
        var threads: [pthread_t] = []
        #else
        var threads: [pthread_t?] = []   // Darwin's pthread_t is a pointer, created through an optional
        #endif
        for (i, g) in groups.enumerated() {
            let q = queues[i]
            let opts = options
            // The thread's body, moved into memory the new thread takes over: it moves the closure
            // out and frees the memory before running it.
            let body = UnsafeMutablePointer<ThreadBody>.allocate(capacity: 1)
            body.initialize(to: {
                let stats = StreamDriver(group: g, options: opts, prefilter: nil, sink: q, log: log).run()
                lock.withLock { results[i] = stats }
                q.finish()
            })
            #if canImport(Glibc)
            var t = pthread_t()
            #else
            var t: pthread_t? = nil
            #endif
            pthread_create(&t, nil, { arg in
                let p = arg!.assumingMemoryBound(to: ThreadBody.self)
                let run = p.move()
                p.deallocate()
                run()
                return nil
            }, body)
            threads.append(t)
        }
        do {
            let k = queues.count
            // Each stream's next record: its merge time (its own, or its stream's last one), bytes.
            let time = UnsafeMutablePointer<Int64>.allocate(capacity: k)
            let start = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: k)
            let length = UnsafeMutablePointer<Int>.allocate(capacity: k)
            defer { time.deallocate(); start.deallocate(); length.deallocate() }
            @inline(__always) func load(_ i: Int, _ r: (time: Int64?, bytes: UnsafeRawBufferPointer)?) {
                guard let r else { length[i] = 0; return }
                if let t = r.time { time[i] = t }
                start[i] = r.bytes.baseAddress
                length[i] = r.bytes.count
            }
            for i in 0..<k { time[i] = Int64.min; load(i, queues[i].pop()) }
            // Slices gathered since the last batch was recycled; consecutive records of one batch
            // extend the last slice.
            let slices = UnsafeMutablePointer<iovec>.allocate(capacity: Self.maxSlices)
            defer { slices.deallocate() }
            var n = 0
            func flush() {
                if n > 0 { body(UnsafeBufferPointer(start: slices, count: n)) }
                n = 0
            }
            while true {
                var best = -1
                var bestTime = Int64.max
                for i in 0..<k where length[i] > 0 && (best < 0 || time[i] < bestTime) { best = i; bestTime = time[i] }
                guard best >= 0 else { break }
                if n > 0 && UnsafeRawPointer(slices[n - 1].iov_base!) + slices[n - 1].iov_len == start[best]! {
                    slices[n - 1].iov_len += length[best]
                } else {
                    if n == Self.maxSlices { flush() }
                    slices[n] = iovec(iov_base: UnsafeMutableRawPointer(mutating: start[best]), iov_len: length[best])
                    n += 1
                }
                let q = queues[best]
                if !q.nextStaysInBatch { flush() }   // the batch is recycled by this pop
                load(best, q.pop())
            }
            flush()
        }
        #if canImport(Glibc)
        for t in threads { pthread_join(t, nil) }
        #else
        for t in threads { if let t { pthread_join(t, nil) } }
        #endif
        return results.flatMap { $0 }
    }
}

typealias ThreadBody = () -> Void

/// A record time window for one stream: a record without a time is judged by the last time seen
/// before it in the same stream (it continues that record's moment).
struct TimeWindow {
    var since: Int64?
    var until: Int64?
    private var last: Int64?
    init(since: Int64? = nil, until: Int64? = nil) { self.since = since; self.until = until }

    @inline(__always)
    mutating func admits(_ time: Int64?) -> Bool {
        if since == nil && until == nil { return true }
        if let time { last = time }
        guard let t = last else { return since == nil }
        if let s = since, t < s { return false }
        if let u = until, t > u { return false }
        return true
    }
}
