/// The one builder of a log collection, used by every sample and by the bulk corpus: the files a
/// collector leaves on disk (each a `StreamSpec`: path, wrapper, pid, rotation, background) and the
/// timeline of scripted records (`script`) that `write` routes into them. A sample or an incident
/// then reads as its story (which files exist, what happens when), not as file plumbing.
final class Dump {
    /// Where the files go; every layout path is relative to it.
    let directory: String
    let seed: UInt64
    let cluster: ClusterProfile
    /// Who runs what, for the stories (incident scripts put each line in the right stream).
    let roles: Roles
    /// The timeline: records the stories write, each placed in a stream by its id.
    let script: Script
    /// When the healthy background runs, unless a stream names its own span.
    let span: Range<Micros>
    /// The files, in order; a record for a stream that is absent goes to the first stream of its component.
    var streams: [StreamSpec] = []
    /// Kubernetes object documents saved beside the logs (`kubectl get ... -o yaml`): path and text.
    private(set) var documents: [(path: String, text: String)] = []
    /// `kubectl logs --since-time`: records of these streams before the time are not in the file.
    private var since: [String: Micros] = [:]
    private(set) lazy var vocabulary = Vocabulary.of(cluster)

    /// `timeline` names the script's random stream (same name and seed, same records).
    init(directory: String, seed: UInt64, timeline: String, cluster: ClusterProfile, roles: Roles, span: Range<Micros>) {
        self.directory = directory
        self.seed = seed
        self.cluster = cluster
        self.roles = roles
        self.span = span
        script = Script(seed: seed, name: timeline)
    }

    /// Writes an incident's records into the timeline, from its start `t0` on.
    func play(_ incident: Incident, at t0: Micros) { incident.write(script, t0, cluster, roles) }

    // MARK: Files, as an SRE collects them

    /// Any stream; the layouts below are the usual ones.
    func add(_ spec: StreamSpec) { streams.append(spec) }

    func path(_ relative: String) -> String { "\(directory)/\(relative)" }

    /// `<host>/var/log/<component>.log` (or `file`) written by klog (`--log-file`), starting with
    /// klog's file header; `rotation`, e.g. `.logrotate(at:)`.
    func klogFile(_ component: Component, host: String, file: String? = nil, createdAt: Micros, rotation: RotationPolicy = .none,
                  _ background: Background? = nil) {
        add(StreamSpec(
            id: streamID(component, host),
            sink: .file(path: path(file ?? "\(host)/var/log/\(component.rawValue).log"), header: klogFileHeader(createdAt: createdAt, machine: host)),
            wrapper: .none, pid: 1, rotation: rotation, background: plan(component, background)))
    }

    /// A pod's CRI log under `<host>/var/log/pods/…/<container>/<n>.log`, `n` from `firstRestart`
    /// (each scripted restart moves on to the next).
    func containerLog(_ component: Component, host: String, pod: String? = nil, container: String? = nil, staticPod: Bool = true,
                      firstRestart: Int = 0, rotation: RotationPolicy = .none, _ background: Background? = nil) {
        let podName = pod ?? "\(component.rawValue)-\(host)"
        let dir = podLogDirectory(pod: podName, container: container ?? component.rawValue, staticPod: staticPod)
        add(StreamSpec(
            id: streamID(component, host), sink: .containerLogs(directory: path("\(host)/\(dir)"), firstRestart: firstRestart),
            wrapper: .cri, pid: 1, rotation: rotation, background: plan(component, background)))
    }

    /// `journalctl -u <unit>` output saved as `<host>/<file>`, starting with journalctl's banner
    /// (the journal's first and last entry times).
    func journal(_ component: Component, host: String, file: String = "journal.txt", pid: Int, from journalStart: Micros,
                 to journalEnd: Micros, _ background: Background? = nil) {
        add(StreamSpec(
            id: streamID(component, host),
            sink: .file(path: path("\(host)/\(file)"), header: journalBanner(from: journalStart, to: journalEnd)),
            wrapper: .journald(host: host, ident: component.rawValue, pid: pid), pid: pid, background: plan(component, background)))
    }

    /// `kubectl -n kube-system logs <pod> --timestamps [--since-time=since] > <host>/<component>-<host>.log`.
    func kubectlLogs(_ component: Component, host: String, since: Micros? = nil, _ background: Background? = nil) {
        let id = streamID(component, host)
        if let since { self.since[id] = since }
        add(StreamSpec(
            id: id, sink: .file(path: path("\(host)/\(component.rawValue)-\(host).log"), header: nil),
            wrapper: .kubectlTimestamps, pid: 1, background: plan(component, background)))
    }

    /// A Kubernetes object saved beside the logs.
    func document(_ relativePath: String, _ text: String) { documents.append((relativePath, text)) }

    // MARK: Background

    /// A sample stream's healthy background: its component's messages (or `background.messages`) at
    /// `background.rate` lines a second, with the healthy severity mix.
    private func plan(_ component: Component, _ background: Background?) -> BackgroundPlan? {
        guard let b = background else { return nil }
        var specs = b.messages ?? Messages.of(component, cluster)
        if !b.requestLog { specs.removeAll { $0.source == httpLogSource } }
        // Sample stories schedule etcd's compactions themselves (with consistent revisions).
        if component == .etcd { specs.removeAll { $0.source.hasPrefix("mvcc/") } }
        let catalog = Catalog(kind: component == .etcd ? .etcdJSON : .klog, messages: specs, vocabulary: vocabulary, includeCorpusOnly: false)
        return BackgroundPlan(catalog: catalog, mix: .healthy, pace: .perSecond(b.rate), start: b.from ?? span.lowerBound,
                              end: b.to ?? span.upperBound, quiet: b.quiet)
    }

    // MARK: Writing

    /// Writes every file (the scripted records merged into each stream's background) and document.
    func write(gzipLevel: Int) throws -> StreamResult {
        let events = since.isEmpty ? script.events : script.events.filter { e in since[e.stream].map { e.time >= $0 } ?? true }
        let total = try runStreams(streams, events: routeEvents(events, to: streams), seed: seed, gzipLevel: gzipLevel)
        for (relative, text) in documents {
            let file = try OutputFile(creating: path(relative))
            let buffer = ByteBuffer(capacity: text.utf8.count + 16)
            buffer.append(text)
            try file.write(buffer)
            try file.close()
        }
        return total
    }
}

/// A sample stream's healthy background: about `rate` lines a second over the dump's span (or
/// `from`..<`to`); `requestLog: false` drops the request-log lines (an apiserver at the default
/// `-v=2`); `messages` replaces the component's catalog; nothing at all in `quiet` (process down).
struct Background {
    var rate: Double
    var from: Micros?
    var to: Micros?
    var requestLog = true
    var messages: [MessageSpec]?
    var quiet: [Range<Micros>] = []

    static func healthy(_ rate: Double, from: Micros? = nil, to: Micros? = nil, requestLog: Bool = true,
                        messages: [MessageSpec]? = nil, quiet: [Range<Micros>] = []) -> Background {
        Background(rate: rate, from: from, to: to, requestLog: requestLog, messages: messages, quiet: quiet)
    }
}

extension RotationPolicy {
    /// logrotate (`copytruncate`, `delaycompress`) at the given instants: `x.log`, `x.log.1`, `x.log.2.gz`.
    static func logrotate(at cuts: [Micros]) -> RotationPolicy {
        cuts.isEmpty ? .none : RotationPolicy(trigger: .times(cuts), naming: .logrotate, compress: true)
    }
}

extension Messages {
    /// The healthy background catalog of a component.
    static func of(_ component: Component, _ cluster: ClusterProfile) -> [MessageSpec] {
        switch component {
        case .apiserver: return apiserver(cluster)
        case .controllerManager: return controllerManager(cluster)
        case .scheduler: return scheduler(cluster)
        case .cloudControllerManager: return alibabaCloudControllerManager(cluster)
        case .etcd: return etcd(cluster)
        case .kubelet, .metricsServer: return kubelet(cluster)
        }
    }
}

/// `2024-03-12T<clock>Z`: the samples all happen on 2024-03-12.
func at(_ clock: String) -> Micros {
    guard let t = parseTimestamp("2024-03-12T\(clock)Z") else { fatalError("bad sample time \(clock)") }
    return t
}
