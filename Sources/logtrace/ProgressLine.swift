import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogtraceCore

/// The `bytes done, MB/s, ETA` line on stderr while a long analysis runs: only when stderr is a
/// terminal, once the run has taken a second, redrawn every 250 ms and erased at the end.
final class ProgressLine: @unchecked Sendable {
    let counter = Progress()
    private var running = true
    private let lock = Lock()
    private var thread: Thread?

    static func start() -> ProgressLine? {
        guard isatty(2) == 1 else { return nil }
        let p = ProgressLine()
        let start = Date()
        let t = Thread {
            var drawn = false
            while p.isRunning {
                usleep(250_000)
                guard p.isRunning, Date().timeIntervalSince(start) >= 1, p.counter.total > 0 else { continue }
                let line = p.counter.line(elapsed: Date().timeIntervalSince(start))
                FileHandle.standardError.write(("\r\u{1B}[2K" + line).data(using: .utf8)!)
                drawn = true
            }
            if drawn { FileHandle.standardError.write("\r\u{1B}[2K".data(using: .utf8)!) }
        }
        p.thread = t
        t.start()
        return p
    }

    var isRunning: Bool { lock.withLock { running } }

    func stop() {
        lock.withLock { running = false }
        while thread?.isFinished == false { usleep(10_000) }
    }
}
