import Dispatch

/// Runs streams in parallel (one task per stream, spread over the cores) and adds up what they wrote.
func runStreams(_ specs: [StreamSpec], events: [String: [Event]], seed: UInt64, gzipLevel: Int) throws -> StreamResult {
    var results = [Result<StreamResult, Error>?](repeating: nil, count: specs.count)
    let lock = DispatchQueue(label: "results")
    // Biggest streams first, so the tail of the run is not one large stream on one core.
    let order = specs.indices.sorted { budget(specs[$0]) > budget(specs[$1]) }
    DispatchQueue.concurrentPerform(iterations: order.count) { slot in
        let index = order[slot]
        let runner = StreamRunner(spec: specs[index], events: events[specs[index].id] ?? [], seed: seed, gzipLevel: gzipLevel)
        let result = Result { try runner.run() }
        lock.sync { results[index] = result }
    }
    var total = StreamResult()
    for result in results {
        let r = try result!.get()
        total.files += r.files
        total.bytes += r.bytes
        total.lines += r.lines
    }
    return total
}

private func budget(_ spec: StreamSpec) -> Int {
    if case .bytes(let b)? = spec.background?.pace { return b }
    return 0
}

/// Puts each event in an existing stream: its own if present, otherwise the first stream of the same component.
func routeEvents(_ events: [Event], to specs: [StreamSpec]) -> [String: [Event]] {
    let ids = Set(specs.map(\.id))
    var firstOfComponent: [String: String] = [:]
    for spec in specs {
        let component = String(spec.id.prefix { $0 != "@" })
        if firstOfComponent[component] == nil { firstOfComponent[component] = spec.id }
    }
    var routed: [String: [Event]] = [:]
    for event in events {
        var target = event.stream
        if !ids.contains(target) {
            guard let fallback = firstOfComponent[String(target.prefix { $0 != "@" })] else { continue }
            target = fallback
        }
        var e = event
        e.stream = target
        routed[target, default: []].append(e)
    }
    for key in routed.keys {
        routed[key]!.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
        roughenRoundTimes(&routed[key]!)
    }
    return routed
}

/// Scripts compute many times from round offsets (`+ seconds(0.41)`); real stamps have arbitrary
/// microseconds. Every time that falls on a whole millisecond gets some, together with the records
/// that follow it within that millisecond (so their spacing and order stay as scripted), and never
/// past the stream's next record.
func roughenRoundTimes(_ events: inout [Event]) {
    var i = 0
    while i < events.count {
        let t = events[i].time
        guard t % 1000 == 0 else {
            i += 1
            continue
        }
        var end = i + 1
        while end < events.count && events[end].time < t + 1000 { end += 1 }
        var noise = SplitMix64(seed: UInt64(bitPattern: t), stream: events[i].stream)
        var shift = 1 + Micros(noise.below(998))
        if end < events.count { shift = min(shift, max(0, events[end].time - events[end - 1].time - 1)) }
        for k in i..<end { events[k].time += shift }
        i = end
    }
}
