import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// The progress line README promises for long runs on a terminal: bytes read of the total, the
/// rate in MB/s and the time left, rounded up (the CLI draws it on stderr only when stderr is a
/// terminal and the run has taken a second; the goldens, on pipes, show that it stays off).
@Suite struct ProgressTests {
    @Test func lineShowsBytesRateAndETA() {
        let p = Progress()
        p.total = 1_070_000_000
        p.add(200_000_000)
        p.add(112_000_000)
        #expect(p.line(elapsed: 0.48) == "  312 MB / 1.07 GB   650 MB/s   ETA 2s")
        p.add(758_000_000)
        #expect(p.line(elapsed: 1.5) == "  1.07 GB / 1.07 GB   713 MB/s   ETA 0s")
        #expect(Progress().line(elapsed: 0) == "  0 MB / 0 MB   0 MB/s   ETA 0s")
    }
}
