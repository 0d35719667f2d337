/// Helpers the sample definitions share: stream layouts as an SRE collects them, healthy background,
/// and the periodic traffic of a healthy control plane.
struct SampleKit {
    let directory: String
    let cluster: ClusterProfile
    let vocabulary: Vocabulary

    init(directory: String, cluster: ClusterProfile) {
        self.directory = directory
        self.cluster = cluster
        vocabulary = Vocabulary.of(cluster)
    }

    // MARK: Background

    func catalog(_ messages: [MessageSpec], kind: Catalog.Kind = .klog) -> Catalog {
        Catalog(kind: kind, messages: messages, vocabulary: vocabulary, includeCorpusOnly: false)
    }

    /// Healthy background of `component` at `rate` lines per second over `[start, end)`.
    /// `requestLog: false` drops the request-log lines (an apiserver at the default `-v=2`).
    func background(_ component: Component, rate: Double, from start: Micros, to end: Micros,
                    requestLog: Bool = true, messages: [MessageSpec]? = nil, quiet: [Range<Micros>] = []) -> BackgroundPlan {
        var specs = messages ?? {
            switch component {
            case .apiserver: return Messages.apiserver(cluster)
            case .controllerManager: return Messages.controllerManager(cluster)
            case .scheduler: return Messages.scheduler(cluster)
            case .cloudControllerManager: return Messages.alibabaCloudControllerManager(cluster)
            case .etcd: return Messages.etcd(cluster)
            case .kubelet, .metricsServer: return Messages.kubelet(cluster)
            }
        }()
        if !requestLog { specs.removeAll { $0.source == httpLogSource } }
        // Sample stories schedule etcd's compactions themselves (with consistent revisions).
        if component == .etcd { specs.removeAll { $0.source.hasPrefix("mvcc/") } }
        return BackgroundPlan(catalog: catalog(specs, kind: component == .etcd ? .etcdJSON : .klog), mix: .healthy,
                              pace: .perSecond(rate), start: start, end: end, quiet: quiet)
    }

    // MARK: Layouts

    /// `<host>/var/log/<component>.log` written by klog (`--log-file`), rotated by logrotate at `cuts`
    /// with `delaycompress`; the oldest piece starts with klog's file header.
    func klogFile(_ component: Component, host: String, createdAt: Micros, cuts: [Micros], background: BackgroundPlan?) -> StreamSpec {
        StreamSpec(
            id: streamID(component, host),
            sink: .file(path: "\(directory)/\(host)/var/log/\(component.rawValue).log", header: klogFileHeader(createdAt: createdAt, machine: host)),
            wrapper: .none, pid: 1,
            rotation: cuts.isEmpty ? .none : RotationPolicy(trigger: .times(cuts), naming: .logrotate, compress: true),
            background: background)
    }

    /// A pod's CRI log under `<host>/var/log/pods/…/<container>/<n>.log`.
    func containerLog(_ component: Component, host: String, pod: String? = nil, container: String? = nil, staticPod: Bool = true,
                      firstRestart: Int = 0, cuts: [Micros] = [], background: BackgroundPlan?) -> StreamSpec {
        let podName = pod ?? "\(component.rawValue)-\(host)"
        let dir = podLogDirectory(pod: podName, container: container ?? component.rawValue, staticPod: staticPod)
        return StreamSpec(
            id: streamID(component, host), sink: .containerLogs(directory: "\(directory)/\(host)/\(dir)", firstRestart: firstRestart),
            wrapper: .cri, pid: 1,
            rotation: cuts.isEmpty ? .none : RotationPolicy(trigger: .times(cuts), naming: .kubelet, compress: true),
            background: background)
    }

    /// `journalctl -u <unit>` output saved as `<host>/<file>`, starting with journalctl's banner.
    func journal(_ component: Component, host: String, file: String = "journal.txt", pid: Int, journalStart: Micros, journalEnd: Micros,
                 background: BackgroundPlan?) -> StreamSpec {
        StreamSpec(
            id: streamID(component, host),
            sink: .file(path: "\(directory)/\(host)/\(file)", header: journalBanner(from: journalStart, to: journalEnd)),
            wrapper: .journald(host: host, ident: component.rawValue, pid: pid), pid: pid, background: background)
    }

    /// `kubectl -n kube-system logs <pod> --timestamps > <host>/<pod>.log`.
    func kubectlLogs(_ component: Component, host: String, background: BackgroundPlan?) -> StreamSpec {
        StreamSpec(
            id: streamID(component, host), sink: .file(path: "\(directory)/\(host)/\(component.rawValue)-\(host).log", header: nil),
            wrapper: .kubectlTimestamps, pid: 1, background: background)
    }
}

extension Script {
    /// kube-controller-manager's leader-election traffic in the request log of `roles`' logging apiserver:
    /// GETs while waiting for the lease, then a renewal PUT every `period`.
    func controllerManagerLeaseTraffic(_ roles: Roles, client: String, from start: Micros, acquired: Micros, to end: Micros, period: Micros) {
        let uri = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s"
        var t = start
        while t < acquired {
            request(t, roles, verb: "GET", uri: uri, userAgent: UserAgent.controllerManagerLeaderElection, client: client, resp: 200)
            t += period + jitter(20_000)
        }
        t = acquired - 4_000
        while t < end {
            request(t, roles, verb: "PUT", uri: uri, userAgent: UserAgent.controllerManagerLeaderElection, client: client, resp: 200)
            t += period + jitter(20_000)
        }
    }

    /// etcd's periodic compaction (every 5 minutes) and its hash check.
    func etcdHousekeeping(_ stream: String, from start: Micros, to end: Micros, revision: Int) {
        var t = start
        var rev = revision
        while t < end {
            json(t, stream, "I", "mvcc/index.go:214", "compact tree index", ",\"revision\":\(rev)")
            json(t + 14_000 + jitter(9_000), stream, "I", "mvcc/kvstore_compaction.go:57", "finished scheduled compaction",
                 ",\"compact-revision\":\(rev),\"took\":\"\(latency(8, 30))\",\"hash\":\(1_000_000_000 + rng.below(3_000_000_000))")
            rev += 5200 + rng.below(900)
            t += minutes(5) + jitter(2_000)
        }
    }
}
