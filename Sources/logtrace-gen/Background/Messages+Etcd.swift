extension Messages {
    /// etcd 3.5 (zap JSON): compaction and snapshot housekeeping.
    static func etcd(_ cluster: ClusterProfile) -> [MessageSpec] {
        [
            MessageSpec("I", "mvcc/index.go:214", #""compact tree index","revision":${int:41000000-49000000}"#, weight: 2),
            MessageSpec("I", "mvcc/kvstore_compaction.go:57", #""finished scheduled compaction","compact-revision":${int:41000000-49000000},"took":"${dur:5-40}","hash":${int:100000000-4200000000}"#, weight: 2),
            MessageSpec("I", "mvcc/hash.go:137", #""storing new hash","hash":${int:100000000-4200000000},"revision":${int:41000000-49000000},"compact-revision":${int:41000000-49000000}"#, weight: 1),
            MessageSpec("I", "etcdserver/server.go:1383", #""triggering snapshot","local-member-id":"8e9e05c52164694d","local-member-applied-index":${int:52000000-59000000},"local-member-snapshot-index":${int:51000000-52000000},"local-member-snapshot-count":100000"#, weight: 0.4),
            MessageSpec("I", "etcdserver/server.go:2394", #""saved snapshot","snapshot-index":${int:52000000-59000000}"#, weight: 0.4),
            MessageSpec("I", "etcdserver/server.go:2424", #""compacted Raft logs","compact-index":${int:52000000-59000000}"#, weight: 0.4),
            MessageSpec("I", "fileutil/purge.go:77", #""purged","path":"/var/lib/etcd/member/snap/0000000000000005-0000000003${hex:6}.snap""#, weight: 0.3),
            MessageSpec("W", "embed/config_logging.go:169", #""rejected connection","remote-addr":"${master.ip}:${port}","server-name":"","error":"EOF""#, weight: 1),
            MessageSpec("W", "rafthttp/probing_status.go:82", #""prober found high clock drift","round-tripper-name":"ROUND_TRIPPER_SNAPSHOT","remote-peer-id":"${hex:16}","clock-drift":"${dur:1000-1600}","rtt":"${dur:0.5-3}""#, weight: 0.2, corpusOnly: true),
        ]
    }
}
