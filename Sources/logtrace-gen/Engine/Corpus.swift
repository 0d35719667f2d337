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
    /// `--layout bench`: the benchmark mix, one bare file per component generation (see `benchStreams`).
    var bench = false
    /// `--dense`: with `--layout bench`, about one line in three hits a rule.
    var dense = false
    var force = false
}

enum Corpus {
    /// The streams of a corpus, each with its share of the byte budget.
    static func streams(_ options: CorpusOptions, cluster: ClusterProfile, roles: Roles) -> [StreamSpec] {
        if options.bench { return benchStreams(options, cluster: cluster, roles: roles) }
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
            // Stop a few milliseconds early so no wrapper stamp (CRI, journald) lands after the span.
            return BackgroundPlan(catalog: catalogs[component]!, mix: .corpus, pace: .bytes(bytes), start: options.start, end: end - 10_000)
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
                layout.append((containerStream(.etcd, host: host, output: out, rotation: rotation(.kubelet)), 1.5))
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

    /// The benchmark mix: bare files of the component generations a user meets (request logs in
    /// the 1.15 and 1.24 forms, an apiserver at the default -v=2, etcd 3.4 and 3.5 zap JSON,
    /// unstructured and structured controller-manager lines, a cloud-controller-manager), the
    /// apiserver and etcd the bulk as on a busy cluster. `logtrace-gen --rewrap` puts the same
    /// bytes under each collector's wrapper.
    static func benchStreams(_ options: CorpusOptions, cluster: ClusterProfile, roles: Roles) -> [StreamSpec] {
        let vocabulary = Vocabulary.of(cluster)
        let end = options.start + options.duration
        let host = roles.apiservers[0]
        let files: [(file: String, key: String, kind: Catalog.Kind, messages: [MessageSpec], weight: Double)] = [
            ("kube-apiserver-1.15-v3.log", "apiserver-legacy", .klog, Messages.apiserverLegacy(cluster), 0.22),
            ("kube-apiserver-1.24-v3.log", "apiserver", .klog, Messages.apiserver(cluster), 0.22),
            ("kube-apiserver-1.24-v2.log", "apiserver-v2", .klog, Messages.apiserverV2(cluster), 0.06),
            ("etcd-3.4.log", "etcd", .etcd34JSON, Messages.etcd34(cluster), 0.10),
            ("etcd-3.5.log", "etcd", .etcdJSON, Messages.etcd(cluster), 0.10),
            ("kube-controller-manager-1.15.log", "controller-manager-legacy", .klog, Messages.controllerManagerLegacy(cluster), 0.10),
            ("kube-controller-manager-1.24.log", "controller-manager", .klog, Messages.controllerManager(cluster), 0.10),
            ("cloud-controller-manager.log", "cloud-controller-manager", .klog, Messages.alibabaCloudControllerManager(cluster), 0.10),
        ]
        return files.enumerated().map { index, f in
            let hits = options.dense ? Messages.denseHits(f.key) : []
            let catalog = Catalog(kind: f.kind, messages: f.messages + hits, vocabulary: vocabulary, includeCorpusOnly: true)
            // Dense: the hits dominate the W (etcd) or E slot, and that slot gets 30-40% of the lines.
            let mix = !options.dense ? SeverityMix.corpus
                : f.key == "etcd" ? SeverityMix(info: 0.6, warning: 0.4, error: 0) : SeverityMix(info: 0.6, warning: 0.1, error: 0.3)
            let header = f.kind == .klog ? klogFileHeader(createdAt: options.start, machine: host) : nil
            let rotation = options.gzip || options.rotateMegabytes != nil
                ? RotationPolicy(trigger: .size((options.rotateMegabytes ?? 100) << 20), naming: .logrotate, compress: options.gzip) : .none
            var spec = StreamSpec(id: "bench-\(index)@\(host)", sink: .file(path: "\(options.output)/\(f.file)", header: header),
                                  wrapper: .none, pid: 1, rotation: rotation)
            spec.background = BackgroundPlan(catalog: catalog, mix: mix, pace: .bytes(Int(Double(options.size) * f.weight)),
                                             start: options.start, end: end - 10_000)
            return spec
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
