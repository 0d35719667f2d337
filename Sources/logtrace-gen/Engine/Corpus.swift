import Dispatch

/// The bulk corpus: `--size` bytes of control-plane logs over `--duration`, in the mixed on-disk layout
/// of a three-master cluster (or four bare klog files with `--plain-only`), optionally with incidents.
struct CorpusOptions {
    var output = ""
    var size = 1 << 30
    var seed: UInt64 = 1
    var nodes = 3
    var gzip = false
    var rotateMegabytes: Int?
    var incidents: [(name: String, time: Micros)] = []
    var start: Micros = parseTimestamp("2024-03-12T00:00:00Z")!
    var duration: Micros = 24 * microsPerHour
    var plainOnly = false
    var force = false
}

enum Corpus {
    /// The streams of a corpus, each with its share of the byte budget.
    static func streams(_ options: CorpusOptions, cluster: ClusterProfile, roles: Roles) -> [StreamSpec] {
        let vocabulary = Vocabulary.of(cluster)
        let end = options.start + options.duration
        let rotating = options.gzip || options.rotateMegabytes != nil
        let rotateBytes = (options.rotateMegabytes ?? 100) << 20
        func rotation(_ naming: RotationPolicy.Naming) -> RotationPolicy {
            rotating ? RotationPolicy(trigger: .size(rotateBytes), naming: naming, compress: options.gzip) : .none
        }
        func catalog(_ component: Component) -> Catalog {
            switch component {
            case .apiserver: return Catalog(kind: .klog, messages: Messages.apiserver(cluster), vocabulary: vocabulary, includeCorpusOnly: true)
            case .controllerManager: return Catalog(kind: .klog, messages: Messages.controllerManager(cluster), vocabulary: vocabulary, includeCorpusOnly: true)
            case .scheduler: return Catalog(kind: .klog, messages: Messages.scheduler(cluster), vocabulary: vocabulary, includeCorpusOnly: true)
            case .cloudControllerManager: return Catalog(kind: .klog, messages: Messages.alibabaCloudControllerManager(cluster), vocabulary: vocabulary, includeCorpusOnly: true)
            case .etcd: return Catalog(kind: .etcdJSON, messages: Messages.etcd(cluster), vocabulary: vocabulary, includeCorpusOnly: true)
            case .kubelet, .metricsServer: return Catalog(kind: .klog, messages: Messages.kubelet(cluster), vocabulary: vocabulary, includeCorpusOnly: true)
            }
        }
        var catalogs: [Component: Catalog] = [:]
        func plan(_ component: Component, bytes: Int) -> BackgroundPlan {
            if catalogs[component] == nil { catalogs[component] = catalog(component) }
            return BackgroundPlan(catalog: catalogs[component]!, mix: .corpus, pace: .bytes(bytes), start: options.start, end: end)
        }
        let header = { (host: String) in klogFileHeader(createdAt: options.start, machine: host) }
        let out = options.output

        // (stream, weight) pairs; the budget is split by weight.
        var layout: [(StreamSpec, Double)] = []
        if options.plainOnly {
            let host = roles.apiservers[0]
            for (component, weight) in [(Component.apiserver, 0.40), (.controllerManager, 0.25), (.scheduler, 0.15), (.cloudControllerManager, 0.20)] {
                layout.append((StreamSpec(
                    id: streamID(component, host), sink: .file(path: "\(out)/\(component.rawValue).log", header: header(host)),
                    wrapper: .none, pid: 1, rotation: rotation(.logrotate)), weight))
            }
        } else {
            for (index, host) in roles.apiservers.enumerated() {
                let weight = index == 0 ? 10.0 : 4.0
                if index == 0 {
                    layout.append((StreamSpec(
                        id: streamID(.apiserver, host), sink: .file(path: "\(out)/\(host)/var/log/kube-apiserver.log", header: header(host)),
                        wrapper: .none, pid: 1, rotation: rotation(.logrotate)), weight))
                } else {
                    layout.append((containerStream(.apiserver, host: host, output: out, rotation: rotation(.kubelet)), weight))
                }
                layout.append((containerStream(.controllerManager, host: host, output: out, rotation: rotation(.kubelet)),
                               host == roles.controllerManager ? 5 : 0.3))
                layout.append((containerStream(.scheduler, host: host, output: out, rotation: rotation(.kubelet)),
                               host == roles.scheduler ? 3 : 0.3))
                var etcd = containerStream(.etcd, host: host, output: out, rotation: rotation(.kubelet))
                etcd.content = .etcdJSON
                layout.append((etcd, 1.5))
                if host == roles.cloudControllerManager {
                    let pid = 1874
                    layout.append((StreamSpec(
                        id: streamID(.cloudControllerManager, host),
                        sink: .file(path: "\(out)/\(host)/journal.txt", header: journalBanner(from: options.start, to: end)),
                        wrapper: .journald(host: host, ident: Component.cloudControllerManager.rawValue, pid: pid), pid: pid), 2.5))
                }
            }
        }
        let totalWeight = layout.reduce(0) { $0 + $1.1 }
        return layout.map { spec, weight in
            var s = spec
            let component = Component(rawValue: String(spec.id.prefix { $0 != "@" }))!
            s.background = plan(component, bytes: Int(Double(options.size) * weight / totalWeight))
            return s
        }
    }

    /// A static pod's CRI log: `<host>/var/log/pods/kube-system_<component>-<host>_<hash>/<component>/0.log`.
    static func containerStream(_ component: Component, host: String, output: String, rotation: RotationPolicy) -> StreamSpec {
        let directory = podLogDirectory(pod: "\(component.rawValue)-\(host)", container: component.rawValue)
        return StreamSpec(
            id: streamID(component, host), sink: .containerLogs(directory: "\(output)/\(host)/\(directory)", firstRestart: 0),
            wrapper: .cri, pid: 1, rotation: rotation)
    }
}

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
/// microseconds. Gives every time that falls on a whole millisecond some microseconds, never moving
/// it past the stream's next record, so the order stays as scripted.
func roughenRoundTimes(_ events: inout [Event]) {
    for i in events.indices where events[i].time % 1000 == 0 {
        var noise = SplitMix64(seed: UInt64(bitPattern: events[i].time), stream: events[i].stream)
        var shift = 1 + Micros(noise.below(998))
        if i + 1 < events.count {
            shift = min(shift, max(0, events[i + 1].time - events[i].time - 1))
        }
        events[i].time += shift
    }
}
