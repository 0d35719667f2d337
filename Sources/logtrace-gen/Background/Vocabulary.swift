/// Named tables of related words (a node's name and IP, a workload's namespace, name and ReplicaSet
/// hash) that templates draw from. Within one record every `${table.column}` uses the same row, so a
/// line never pairs one node's name with another node's IP.
final class Vocabulary {
    struct Table {
        let name: String
        let columns: [String]
        let rows: [[UnsafeRawBufferPointer]]
    }

    private(set) var tables: [Table] = []

    func add(_ name: String, columns: [String], rows: [[String]]) {
        precondition(!rows.isEmpty && rows.allSatisfy { $0.count == columns.count }, "bad vocabulary table \(name)")
        tables.append(Table(name: name, columns: columns, rows: rows.map { $0.map(permanentBytes) }))
    }

    func locate(_ table: String, _ column: String) -> (table: Int, column: Int)? {
        guard let t = tables.firstIndex(where: { $0.name == table }),
            let c = tables[t].columns.firstIndex(of: column)
        else { return nil }
        return (t, c)
    }

    /// The vocabulary of a cluster: its nodes, control-plane hosts and workloads.
    static func of(_ cluster: ClusterProfile) -> Vocabulary {
        let v = Vocabulary()
        let hosts = cluster.masters + cluster.workers
        v.add("node", columns: ["name", "ip"], rows: hosts.map { [$0.name, $0.ip] })
        v.add("worker", columns: ["name", "ip"], rows: (cluster.workers.isEmpty ? cluster.masters : cluster.workers).map { [$0.name, $0.ip] })
        v.add("master", columns: ["name", "ip"], rows: cluster.masters.map { [$0.name, $0.ip] })
        v.add("wl", columns: ["ns", "name", "rs"], rows: cluster.workloads.map { [$0.namespace, $0.name, $0.replicaSetHash] })
        v.add("svc", columns: ["ip"], rows: (0..<24).map { i in ["\(cluster.serviceNetwork).\(17 * i % 250 + 3).\(29 * i % 250 + 2)"] })
        return v
    }
}
