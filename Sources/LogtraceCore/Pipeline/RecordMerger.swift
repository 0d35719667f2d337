import Glibc

/// `logtrace parse`: reads rotation groups concurrently, each into a small bounded queue, and
/// merges them by time (k-way, stable: equal times keep input order). Memory is bounded by the
/// number of groups times the queue size, whatever the input size.
public final class RecordMerger {
    final class Queue: RecordSink, @unchecked Sendable {
        private var items: [Record] = []
        private var head = 0
        private var done = false
        private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let capacity = 2048
        let paths: [String]
        init(paths: [String]) {
            self.paths = paths
            pthread_cond_init(cond, nil); pthread_mutex_init(mutex, nil)
        }
        deinit { pthread_cond_destroy(cond); pthread_mutex_destroy(mutex); cond.deallocate(); mutex.deallocate() }

        func consume(_ r: RecordView) {
            let rec = Record(r, path: r.inputIndex < paths.count ? paths[r.inputIndex] : "-")
            pthread_mutex_lock(mutex)
            while items.count - head >= capacity { pthread_cond_wait(cond, mutex) }
            if head > capacity { items.removeFirst(head); head = 0 }
            items.append(rec)
            pthread_cond_broadcast(cond)
            pthread_mutex_unlock(mutex)
        }
        func finish() {
            pthread_mutex_lock(mutex); done = true; pthread_cond_broadcast(cond); pthread_mutex_unlock(mutex)
        }
        /// Next record, waiting for the producer; nil at the end of the stream.
        func pop() -> Record? {
            pthread_mutex_lock(mutex); defer { pthread_mutex_unlock(mutex) }
            while head >= items.count && !done { pthread_cond_wait(cond, mutex) }
            guard head < items.count else { return nil }
            let r = items[head]
            head += 1
            pthread_cond_broadcast(cond)
            return r
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
    public func run(paths: [String], log: DiagnosticLog, _ body: (Record) -> Void) -> [InputStats] {
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
            stats += merge(batch, paths: allPaths, log: log, body)
            start += Self.maxOpenGroups
        }
        return stats
    }

    private func merge(_ groups: [InputGroup], paths: [String], log: DiagnosticLog, _ body: (Record) -> Void) -> [InputStats] {
        let queues = groups.map { _ in Queue(paths: paths) }
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
        var heads: [Record?] = queues.map { $0.pop() }
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
