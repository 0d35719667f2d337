import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Parser gaps of #12 item 10: kubectl --timestamps continuation lines, JSON continuation lines in
/// `parse`, and pod-hash suffixes taken for node names.
@Suite struct ParserGapTests {
    /// A `kubectl logs --timestamps` continuation line was read as `<time> <host> <ident>: `, so it
    /// became a record of node ",".
    @Test func kubectlTimestampContinuationStaysWithItsRecord() throws {
        let text = """
            2024-03-12T09:21:09.528809228Z E0312 09:21:09.528700       1 controller.go:113] loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: service unavailable
            2024-03-12T09:21:09.528811065Z , Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]
            2024-03-12T09:21:10.000000000Z I0312 09:21:10.000000       1 controller.go:132] OpenAPI AggregationController: action for item v1beta1.metrics.k8s.io: Rate Limited Requeue.

            """
        let (records, _) = parseRecords(text, name: "kube-apiserver-master-3.log")
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.node == nil }, "\(records.map(\.node))")
        #expect(records.first?.continuation == [", Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]"])
        // journalctl short-iso still has its host and ident.
        let (j, _) = parseRecords("2024-03-12T09:12:00+0000 master-2 kubelet[1126]: E0312 09:12:00.000000    1126 kubelet.go:1] x\n", name: "journal.txt")
        #expect(j.first?.node == "master-2" && j.first?.component == "kubelet" && j.first?.pid == 1126)
    }

    /// `parse` printed a JSON record without the lines attached to it.
    @Test func jsonContinuationLinesAreKept() throws {
        let text = """
            {"level":"panic","ts":"2024-03-12T10:00:00.000000Z","caller":"etcdserver/server.go:1","msg":"failed to apply","error":"boom"}
            panic: failed to apply

            goroutine 1 [running]:
            {"level":"info","ts":"2024-03-12T10:00:01.000000Z","caller":"etcdmain/main.go:1","msg":"restart"}

            """
        let (records, _) = parseRecords(text, name: "etcd.log")
        #expect(records.count == 2)
        #expect(records.first?.message == "failed to apply")
        #expect(records.first?.continuation == ["panic: failed to apply", "", "goroutine 1 [running]:"])
        #expect(records.last?.continuation == [])
        let dir = try tempDir(["etcd.log": text])
        let out = try runCLI(["parse", dir])
        #expect(out.out.contains(#""continuation":["panic: failed to apply","","goroutine 1 [running]:"]"#), "\(out.out)")
    }

    @Test func podHashSuffixesAreNotNodes() {
        #expect(ComponentNames.nodeOfPod("metrics-server-6d9b5c8f7c-h2m4x", component: "metrics-server") == nil)
        #expect(ComponentNames.nodeOfPod("kube-proxy-x7k2p", component: "kube-proxy") == nil)
        #expect(ComponentNames.nodeOfPod("kube-apiserver-master-1", component: "kube-apiserver") == "master-1")
        #expect(ComponentNames.nodeOfPod("kube-apiserver-cn-shanghai.10.0.1.11", component: "kube-apiserver") == "cn-shanghai.10.0.1.11")
        #expect(ComponentNames.nodeOfPod("kube-apiserver-master-1", component: "kube-apiserver", uid: "4e6474c89100328c59c78668cf286c19") == "master-1")
        #expect(ComponentNames.nodeOfPod("kube-apiserver-master-1", component: "kube-apiserver", uid: "19cc18e9-1ef1-48c4-a53a-f174fec80c43") == nil)
    }

    /// The node of a non-static pod comes from the directory it was collected under, or stays unknown.
    @Test func nodeOfANonStaticPodComesFromItsDirectory() throws {
        let line = "2024-03-12T09:30:12.180239Z stderr F E0312 09:30:12.180239       1 scraper.go:140] \"Failed to scrape node\" err=\"x\"\n"
        let pod = "var/log/pods/kube-system_metrics-server-6d9b5c8f7c-h2m4x_19cc18e9-1ef1-48c4-a53a-f174fec80c43/metrics-server/0.log"
        let stat = "var/log/pods/kube-system_kube-apiserver-master-2_4e6474c89100328c59c78668cf286c19/kube-apiserver/0.log"
        let dir = try tempDir(["cn-shanghai.10.0.2.15/" + pod: line, "dump/" + stat: line.replacingOccurrences(of: "scraper.go:140", with: "x.go:1")])
        let groups = InputDiscovery().discover([dir], log: DiagnosticLog())
        let nodes = Dictionary(uniqueKeysWithValues: groups.map { ($0.component ?? "?", $0.node) })
        #expect(nodes["metrics-server"] == .some("cn-shanghai.10.0.2.15"))
        #expect(nodes["kube-apiserver"] == .some("master-2"))
        let alone = InputDiscovery().discover([dir + "/cn-shanghai.10.0.2.15/var/log/pods"], log: DiagnosticLog())
        #expect(alone.first?.node == nil)
        // kubectl logs --prefix names the pod: a hash suffix is no node either.
        let (records, _) = parseRecords("[pod/metrics-server-6d9b5c8f7c-h2m4x/metrics-server] I0312 09:00:00.000000       1 x.go:1] m\n", name: "x.log")
        #expect(records.first?.component == "metrics-server" && records.first?.node == nil)
    }
}
