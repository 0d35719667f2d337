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
    /// Lays out the corpus's files in `dump`, each with its share of the byte budget, on the hosts of
    /// `layout` (one master with `--plain-only` and `--layout bench`; the stories keep `dump.roles`).
    static func lay(_ options: CorpusOptions, into dump: Dump, layout roles: Roles) {
        if options.bench { return layBench(options, into: dump, layout: roles) }
        let cluster = dump.cluster
        let rotating = options.gzip || options.rotateMegabytes != nil
        let rotateBytes = (options.rotateMegabytes ?? 100) << 20
        func rotation(_ naming: RotationPolicy.Naming) -> RotationPolicy {
            rotating ? RotationPolicy(trigger: .size(rotateBytes), naming: naming, compress: options.gzip) : .none
        }
        // The budget is split by weight, one weight per stream in layout order.
        var weights: [Double] = []
        if options.plainOnly {
            let host = roles.apiservers[0]
            for (component, weight) in [(Component.apiserver, 0.40), (.controllerManager, 0.25), (.scheduler, 0.15), (.cloudControllerManager, 0.20)] {
                dump.klogFile(component, host: host, file: "\(component.rawValue).log", createdAt: options.start, rotation: rotation(.logrotate))
                weights.append(weight)
            }
        } else {
            for (index, host) in roles.apiservers.enumerated() {
                if index == 0 {
                    dump.klogFile(.apiserver, host: host, createdAt: options.start, rotation: rotation(.logrotate))
                } else {
                    dump.containerLog(.apiserver, host: host, rotation: rotation(.kubelet))
                }
                weights.append(index == 0 ? 10.0 : 4.0)
                dump.containerLog(.controllerManager, host: host, rotation: rotation(.kubelet))
                weights.append(host == roles.controllerManager ? 5 : 0.3)
                dump.containerLog(.scheduler, host: host, rotation: rotation(.kubelet))
                weights.append(host == roles.scheduler ? 3 : 0.3)
                dump.containerLog(.etcd, host: host, rotation: rotation(.kubelet))
                weights.append(1.5)
                if host == roles.cloudControllerManager {
                    dump.journal(.cloudControllerManager, host: host, pid: 1874, from: options.start, to: dump.span.upperBound)
                    weights.append(2.5)
                }
            }
        }
        var catalogs: [Component: Catalog] = [:]
        let totalWeight = weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            let component = Component(rawValue: String(dump.streams[index].id.prefix { $0 != "@" }))!
            if catalogs[component] == nil {
                catalogs[component] = Catalog(kind: component == .etcd ? .etcdJSON : .klog, messages: Messages.of(component, cluster),
                                              vocabulary: dump.vocabulary, includeCorpusOnly: true)
            }
            dump.streams[index].background = budget(catalogs[component]!, .corpus, bytes: Int(Double(options.size) * weight / totalWeight), dump)
        }
    }

    /// Spread `bytes` evenly over the dump's span; stop a few milliseconds early so no wrapper stamp
    /// (CRI, journald) lands after it.
    static func budget(_ catalog: Catalog, _ mix: SeverityMix, bytes: Int, _ dump: Dump) -> BackgroundPlan {
        BackgroundPlan(catalog: catalog, mix: mix, pace: .bytes(bytes), start: dump.span.lowerBound, end: dump.span.upperBound - 10_000)
    }

    /// The benchmark mix: bare files of the component generations a user meets (request logs in
    /// the 1.15 and 1.24 forms, an apiserver at the default -v=2, etcd 3.4 and 3.5 zap JSON,
    /// unstructured and structured controller-manager lines, a cloud-controller-manager), the
    /// apiserver and etcd the bulk as on a busy cluster. `logtrace-gen --rewrap` puts the same
    /// bytes under each collector's wrapper.
    static func layBench(_ options: CorpusOptions, into dump: Dump, layout roles: Roles) {
        let cluster = dump.cluster
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
        let rotation = options.gzip || options.rotateMegabytes != nil
            ? RotationPolicy(trigger: .size((options.rotateMegabytes ?? 100) << 20), naming: .logrotate, compress: options.gzip) : .none
        for (index, f) in files.enumerated() {
            let hits = options.dense ? Messages.denseHits(f.key) : []
            let catalog = Catalog(kind: f.kind, messages: f.messages + hits, vocabulary: dump.vocabulary, includeCorpusOnly: true)
            // Dense: the hits dominate the W (etcd) or E slot, and that slot gets 30-40% of the lines.
            let mix = !options.dense ? SeverityMix.corpus
                : f.key == "etcd" ? SeverityMix(info: 0.6, warning: 0.4, error: 0) : SeverityMix(info: 0.6, warning: 0.1, error: 0.3)
            let header = f.kind == .klog ? klogFileHeader(createdAt: options.start, machine: host) : nil
            dump.add(StreamSpec(id: "bench-\(index)@\(host)", sink: .file(path: dump.path(f.file), header: header), wrapper: .none, pid: 1,
                                rotation: rotation, background: budget(catalog, mix, bytes: Int(Double(options.size) * f.weight), dump)))
        }
    }
}
