import Glibc

/// `logtrace parse`: reads rotation groups concurrently, each into a small bounded queue, and
/// merges them by time (k-way, stable: equal times keep input order). Memory is bounded by the
/// number of groups times the queue size, whatever the input size.
public final class RecordMerger {
    /// What a producer hands the merger: the record's time and its rendered output line.
    public struct Item {
        public var time: Int64?
        public var line: [UInt8]
    }

    /// A bounded hand-off from one reader thread to the merger, in batches of `batch` items so
    /// the two threads synchronise once per batch, not once per record.
    final class Queue: RecordSink, @unchecked Sendable {
        private var ready: [[Item]] = []
        private var filling: [Item] = []
        private var current: [Item] = []
        private var index = 0
        private var done = false
        private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let batch = 512
        let maxBatches = 8
        let paths: [String]
        let render: (RecordView, String) -> [UInt8]
        init(paths: [String], render: @escaping (RecordView, String) -> [UInt8]) {
            self.paths = paths
            self.render = render
            pthread_cond_init(cond, nil); pthread_mutex_init(mutex, nil)
            filling.reserveCapacity(batch)
        }
        deinit { pthread_cond_destroy(cond); pthread_mutex_destroy(mutex); cond.deallocate(); mutex.deallocate() }

        func consume(_ r: RecordView) {
            filling.append(Item(time: r.time, line: render(r, r.inputIndex < paths.count ? paths[r.inputIndex] : "-")))
            if filling.count >= batch { hand(over: false) }
        }

        private func hand(over finished: Bool) {
            pthread_mutex_lock(mutex)
            while ready.count >= maxBatches { pthread_cond_wait(cond, mutex) }
            if !filling.isEmpty { ready.append(filling) }
            if finished { done = true }
            pthread_cond_broadcast(cond)
            pthread_mutex_unlock(mutex)
            filling = []
            filling.reserveCapacity(batch)
        }

        func finish() { hand(over: true) }

        /// Next item, waiting for the producer; nil at the end of the stream.
        func pop() -> Item? {
            if index < current.count { index += 1; return current[index - 1] }
            pthread_mutex_lock(mutex)
            while ready.isEmpty && !done { pthread_cond_wait(cond, mutex) }
            if ready.isEmpty { pthread_mutex_unlock(mutex); return nil }
            current = ready.removeFirst()
            pthread_cond_broadcast(cond)
            pthread_mutex_unlock(mutex)
            index = 1
            return current[0]
        }
    }

    public let options: ReadOptions
    public let overrides: [(name: String, glob: String)]
    public static let maxOpenGroups = 64

    public init(options: ReadOptions, overrides: [(name: String, glob: String)]) {
        self.options = options
        self.overrides = overrides
    }

    /// Calls `body` with every record of the inputs in time order (records without a time keep
    /// their place after the previous record of their stream).
    /// `render` turns a record into its output bytes on the reading thread.
    public func run(paths: [String], log: DiagnosticLog, render: @escaping (RecordView, String) -> [UInt8],
                    _ body: (Item) -> Void) -> [InputStats] {
        let groups = InputDiscovery(componentOverrides: overrides).discover(paths, log: log)
        var allPaths: [String] = []
        for g in groups { allPaths += g.files.map(\.displayPath) }
        if groups.count > Self.maxOpenGroups {
            log.add(Diagnostic(.note, "\(groups.count) streams: merged by time in batches of \(Self.maxOpenGroups)"))
        }
        var stats: [InputStats] = []
        var start = 0
        while start < groups.count {
            let batch = Array(groups[start..<min(groups.count, start + Self.maxOpenGroups)])
            stats += merge(batch, paths: allPaths, log: log, render: render, body)
            start += Self.maxOpenGroups
        }
        return stats
    }

    /// One stream needs no merge: read it on this thread.
    final class Direct: RecordSink {
        let paths: [String]
        let render: (RecordView, String) -> [UInt8]
        let body: (Item) -> Void
        init(paths: [String], render: @escaping (RecordView, String) -> [UInt8], body: @escaping (Item) -> Void) {
            self.paths = paths; self.render = render; self.body = body
        }
        func consume(_ r: RecordView) { body(Item(time: r.time, line: render(r, r.inputIndex < paths.count ? paths[r.inputIndex] : "-"))) }
    }

    private func merge(_ groups: [InputGroup], paths: [String], log: DiagnosticLog,
                       render: @escaping (RecordView, String) -> [UInt8], _ body: (Item) -> Void) -> [InputStats] {
        if groups.count == 1 {
            return withoutActuallyEscaping(body) { body in
                let sink = Direct(paths: paths, render: render, body: body)
                return StreamReader(group: groups[0], options: options, prefilter: nil, sink: sink, log: log).run()
            }
        }
        let queues = groups.map { _ in Queue(paths: paths, render: render) }
        var results = Array(repeating: [InputStats](), count: groups.count)
        let lock = Lock()
        var threads: [pthread_t] = []
        for (i, g) in groups.enumerated() {
            let q = queues[i]
            let opts = options
            let box = Unmanaged.passRetained(ThreadBox {
                let stats = StreamReader(group: g, options: opts, prefilter: nil, sink: q, log: log).run()
                lock.withLock { results[i] = stats }
                q.finish()
            })
            var t = pthread_t()
            pthread_create(&t, nil, { arg in
                let b = Unmanaged<ThreadBox>.fromOpaque(arg!).takeRetainedValue()
                b.body()
                return nil
            }, box.toOpaque())
            threads.append(t)
        }
        var heads: [Item?] = queues.map { $0.pop() }
        var lastTime: [Int64] = Array(repeating: Int64.min, count: heads.count)
        while true {
            var best = -1
            var bestTime = Int64.max
            for i in heads.indices {
                guard let r = heads[i] else { continue }
                let t = r.time ?? lastTime[i]
                if best < 0 || t < bestTime { best = i; bestTime = t }
            }
            guard best >= 0 else { break }
            let r = heads[best]!
            if let t = r.time { lastTime[best] = t }
            body(r)
            heads[best] = queues[best].pop()
        }
        for t in threads { pthread_join(t, nil) }
        return results.flatMap { $0 }
    }
}

final class ThreadBox {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
