import LogtraceCore

let usage = """
    logtrace-gen: write deterministic Kubernetes control-plane log corpora and the bundled samples.

    USAGE
      logtrace-gen --out DIR [--size 1G] [--seed N] [--nodes 3] [--gzip] [--rotate-mb 100]
                   [--incident NAME@TIME]... [--start TIME] [--duration 24h] [--plain-only] [--force]
      logtrace-gen --layout bench [--dense] --out DIR [--size 1G] [--seed N] [--gzip]
      logtrace-gen --rewrap \(FormatRegistry.rewrappers.map(\.name).joined(separator: "|")) --out DIR [--start TIME] FILE...
      logtrace-gen --sample NAME|all --out DIR [--seed N]
      logtrace-gen --list

    CORPUS OPTIONS
      --out DIR            directory to write into (must be empty unless --force)
      --size SIZE          total bytes to write: 500M, 1G (binary units), default 1G
      --seed N             seed of the pseudo-random generator (default 1); same arguments, same bytes
      --nodes N            control-plane nodes master-1…N (default 3)
      --gzip               rotate files logrotate/kubelet style and gzip all but the two newest pieces
      --rotate-mb N        rotate each file at N MiB (default 100 with --gzip; without --gzip, plain pieces)
      --incident NAME@TIME embed an incident starting at TIME (UTC), e.g.
                           namespace-stuck-terminating@2024-03-12T09:10:00Z; repeatable; see --list
      --start TIME         start of the time span (default 2024-03-12T00:00:00Z)
      --duration D         length of the time span: 90m, 24h, 2d (default 24h)
      --plain-only         exactly four bare klog files: kube-apiserver.log, kube-controller-manager.log,
                           kube-scheduler.log, cloud-controller-manager.log (the benchmark layout)
      --force              write into a non-empty --out directory
      --layout bench       the benchmark mix, bare files: kube-apiserver 1.15 -v=3 (legacy request log),
                           1.24 -v=3 (structured request log) and 1.24 -v=2, etcd 3.4 and 3.5 zap JSON,
                           kube-controller-manager 1.15 (unstructured) and 1.24, cloud-controller-manager
      --dense              with --layout bench: an outage makes about one line in three a rule hit

    REWRAP
      --rewrap FORMAT      write each bare FILE into --out under a collector's wrapper (same records);
                           the klog year comes from --start. FORMAT is one of:
    \(FormatRegistry.rewrappers.map { String(repeating: " ", count: 27) + "\($0.name): \($0.summary)" }.joined(separator: "\n"))

    SAMPLES
      --sample NAME|all    write the bundled sample dump NAME (or all of them) under --out/NAME
      --list               list incident and sample names

    Without --plain-only the corpus has, per node master-N: kube-apiserver (bare klog file with the
    `Log file created at:` header on master-1, CRI pod logs elsewhere), kube-controller-manager,
    kube-scheduler and etcd CRI pod logs, and a journald export for cloud-controller-manager on master-2.
    A one-line summary (files, bytes, lines, seconds) goes to stderr.
    """
