/// How a stream's random background is paced and mixed.
struct BackgroundPlan {
    enum Pace {
        /// About this many lines per second (samples).
        case perSecond(Double)
        /// Spread this many bytes evenly over the time span (the bulk corpus, `--size`).
        case bytes(Int)
    }

    var catalog: Catalog
    var mix: SeverityMix
    var pace: Pace
    var start: Micros
    var end: Micros
    /// Spans with no background at all (the process was down).
    var quiet: [Range<Micros>] = []
}

/// Shares of I, W and E lines.
struct SeverityMix {
    var info: Double
    var warning: Double
    var error: Double

    /// The brief's corpus mix: about 77% I, 15% W, 8% E.
    static let corpus = SeverityMix(info: 0.77, warning: 0.15, error: 0.08)
    /// A healthy control plane: almost all I, the occasional harmless W or E.
    static let healthy = SeverityMix(info: 0.965, warning: 0.03, error: 0.005)
}

/// Walks a background plan: when the next line is due, which severity it has, and (for a byte budget)
/// how fast to go so the budget is spent by the end of the span.
struct BackgroundCursor {
    let plan: BackgroundPlan
    private(set) var next: Micros
    private var written = 0
    private var lines = 0
    private let thresholds: (Double, Double)

    init(plan: BackgroundPlan, rng: inout SplitMix64) {
        self.plan = plan
        let info = plan.catalog.has(.info) ? plan.mix.info : 0
        let warning = plan.catalog.has(.warning) ? plan.mix.warning : 0
        let error = plan.catalog.has(.error) ? plan.mix.error : 0
        let total = max(info + warning + error, 1e-9)
        thresholds = (info / total, (info + warning) / total)
        next = plan.start
        next = plan.start + gap(at: plan.start, rng: &rng) / 2
        skipQuiet()
        if next >= plan.end { next = .max }
    }

    var isFinished: Bool { next == .max }

    @inline(__always)
    func severity(rng: inout SplitMix64) -> Severity {
        let u = rng.unit()
        return u < thresholds.0 ? .info : u < thresholds.1 ? .warning : .error
    }

    /// Records that the line due at `next` took `bytes` and schedules the following one.
    @inline(__always)
    mutating func advance(wrote bytes: Int, rng: inout SplitMix64) {
        written += bytes
        lines += 1
        if case .bytes(let budget) = plan.pace, written >= budget {
            next = .max
            return
        }
        let t = next
        next = t + max(1, gap(at: t, rng: &rng))
        skipQuiet()
        if next >= plan.end { next = .max }
    }

    private func gap(at t: Micros, rng: inout SplitMix64) -> Micros {
        switch plan.pace {
        case .perSecond(let rate):
            return Micros(rng.exponential(mean: 1e6 / rate))
        case .bytes(let budget):
            let remainingTime = Double(plan.end - t)
            let remainingBytes = Double(max(budget - written, 1))
            let averageLine = lines > 0 ? Double(written) / Double(lines) : 220
            let mean = remainingTime * averageLine / remainingBytes
            // Never jump past the end while budget remains: at most half of the time left.
            return Micros(min(rng.exponential(mean: mean), remainingTime / 2))
        }
    }

    private mutating func skipQuiet() {
        for span in plan.quiet where span.contains(next) { next = span.upperBound + 1 }
    }
}
