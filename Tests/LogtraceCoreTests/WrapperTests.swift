import Testing
@testable import LogtraceCore
@testable import LogtraceRender

@Suite struct WrapperTests {
    @Test func criFullLinesAndZones() throws {
        let text = """
        2022-05-21T22:00:46.835887817+00:00 stderr F I0521 22:00:46.835800       1 server.go:1] started
        2020-10-28T11:42:12.495772766Z stderr F E1028 11:42:12.495441       1 route_controller.go:118] Couldn't reconcile node routes: error listing routes
        """
        let (recs, log) = parseRecords(text, name: "0.log")
        #expect(recs.count == 2)
        #expect(recs[0].time.map(Timestamp.rfc3339) == "2022-05-21T22:00:46.835800Z")
        #expect(recs[1].severity == .error)
        #expect(recs[1].time.map(Timestamp.rfc3339) == "2020-10-28T11:42:12.495441Z")
        #expect(!log.hasErrors)
    }

    @Test func criPartialLinesReassembledPerStream() throws {
        let text = """
        2024-03-12T09:00:00.1Z stderr P E0312 09:00:00.100000       1 a.go:1] first half 
        2024-03-12T09:00:00.2Z stdout F plain stdout line
        2024-03-12T09:00:00.3Z stderr F second half
        """
        let (recs, _) = parseRecords(text, name: "0.log")
        let e = try #require(recs.first { $0.severity == .error })
        #expect(e.message == "first half second half")
        #expect(e.line == 1)
    }

    @Test func criTrailingPartialFlushedWithNote() throws {
        let (recs, log) = parseRecords("2024-03-12T09:00:00.1Z stderr P E0312 09:00:00.100000       1 a.go:1] cut", name: "0.log")
        #expect(recs.count == 1)
        #expect(log.all.contains { $0.message.contains("partial line") })
    }

    /// Partial fragments never joined: the line stops at --max-line, is reported like any
    /// over-long line, and the records after it are read as usual.
    @Test func endlessCRIPartialsAreCappedAtTheLineLimit() throws {
        let fragment = String(repeating: "x", count: 16 << 10)
        var text = ""
        for _ in 0..<40 { text += "2024-03-12T09:00:00.1Z stdout P \(fragment)\n" }
        text += "2024-03-12T09:00:00.2Z stdout F end of the long line\n"
        text += "2024-03-12T09:00:01Z stdout F E0312 09:00:01.000000       1 a.go:1] next record\n"
        let (recs, log) = parseRecords(text, name: "0.log", maxLine: 64 << 10)
        #expect(recs.count == 2)
        #expect(recs.allSatisfy { $0.message.utf8.count <= 64 << 10 })
        #expect(recs.last?.message == "next record")
        #expect(log.all.contains { $0.line == 1 && $0.message.contains("line longer than 65536 bytes: truncated") })
        // No final fragment at all: still capped.
        let (open, log2) = parseRecords(String(repeating: "2024-03-12T09:00:00.1Z stderr P \(fragment)\n", count: 40), name: "0.log", maxLine: 64 << 10)
        #expect(open.count == 1 && open[0].message.utf8.count == 64 << 10)
        #expect(log2.all.contains { $0.message.contains("line longer than") })
    }

    @Test func endlessDockerPartialsAreCappedAtTheLineLimit() throws {
        let fragment = String(repeating: "y", count: 16 << 10)
        var text = ""
        for _ in 0..<40 { text += #"{"log":"\#(fragment)","stream":"stdout","time":"2019-12-01T10:00:00.1Z"}"# + "\n" }
        text += #"{"log":"tail\n","stream":"stdout","time":"2019-12-01T10:00:00.2Z"}"# + "\n"
        text += #"{"log":"I1201 10:00:01.000000       1 a.go:2] after\n","stream":"stdout","time":"2019-12-01T10:00:01Z"}"# + "\n"
        let (recs, log) = parseRecords(text, name: "abc-json.log", maxLine: 64 << 10)
        #expect(recs.count == 2)
        #expect(recs[0].message.utf8.count == 64 << 10)
        #expect(recs[1].message == "after")
        #expect(log.all.contains { $0.message.contains("line longer than 65536 bytes: truncated") })
    }

    @Test func dockerJSONWithEscapesAndSplitLines() throws {
        let text = #"""
        {"log":"E1201 10:00:00.000000       1 a.go:1] \"Observed a panic\" stacktrace=\u003c\n","stream":"stderr","time":"2019-12-01T10:00:00.1Z"}
        {"log":"\tgoroutine 1\n","stream":"stderr","time":"2019-12-01T10:00:00.2Z"}
        {"log":" \u003e\n","stream":"stderr","time":"2019-12-01T10:00:00.3Z"}
        {"log":"I1201 10:00:01.000000       1 a.go:2] part ","stream":"stderr","time":"2019-12-01T10:00:01Z"}
        {"log":"two\n","stream":"stderr","time":"2019-12-01T10:00:01Z"}
        """#
        let (recs, _) = parseRecords(text, name: "abc-json.log")
        #expect(recs.count == 2)
        #expect(recs[0].message == "Observed a panic")
        #expect(recs[0].fields.first { $0.0 == "stacktrace" }?.1 == "goroutine 1")
        #expect(recs[0].time.map(Timestamp.rfc3339) == "2019-12-01T10:00:00.000000Z")
        #expect(recs[1].message == "part two")
    }

    @Test func journaldPrefixGivesComponentNodeAndPid() throws {
        let text = """
        -- Logs begin at Tue 2022-08-02 06:00:00 UTC, end at Wed 2022-08-03 12:00:00 UTC. --
        Aug 03 10:51:55 susetest k3s[1878]: E0803 10:51:55.509313    1878 namespace_controller.go:162] deletion of namespace helm-ns-413 failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request
        Aug 03 10:51:56 susetest systemd[1]: kubelet.service: Main process exited
        """
        let (recs, _) = parseRecords(text, name: "journal.txt", year: nil)
        #expect(recs.count == 2)
        #expect(recs[0].node == "susetest")
        #expect(recs[0].component == "kube-controller-manager")   // from the klog source file
        #expect(recs[0].time.map(Timestamp.rfc3339) == "2022-08-03T10:51:55.509313Z")
        #expect(recs[1].kind == .raw)
        #expect(recs[1].component == "systemd")
    }

    /// journalctl in a Chinese, Japanese or Korean locale writes the month as its number and 月
    /// or 월 (kubernetes/kubernetes#110787: `6月 25 22:29:55 two-master kube-controller-manager[1823]:`).
    /// Defect: such lines were no journal lines at all (no time, component, node or severity).
    @Test func journaldMonthWrittenAsANumber() throws {
        let text = """
        6月 25 22:29:55 two-master kube-controller-manager[1823]: E0625 22:29:55.127157    1823 leaderelection.go:325] error retrieving resource lock kube-system/kube-controller-manager: the server rejected our request for an unknown reason (get leases.coordination.k8s.io kube-controller-manager)
        6월 25 22:30:01 two-master kube-scheduler[1824]: I0625 22:30:01.000001    1824 server.go:1] Starting
        10月 01 00:00:01 two-master kubelet[911]: plain text

        """
        let (recs, _) = parseRecords(text, name: "messages", year: 2022)
        #expect(recs.map { $0.time.map(Timestamp.rfc3339) } == ["2022-06-25T22:29:55.127157Z", "2022-06-25T22:30:01.000001Z", "2022-10-01T00:00:01.000000Z"])
        #expect(recs.map(\.component) == ["kube-controller-manager", "kube-scheduler", "kubelet"])
        #expect(recs.allSatisfy { $0.node == "two-master" })
        #expect(recs[0].severity == .error)
        // Not a month: 13月, a bare number, a klog header.
        for line in ["13月 25 22:29:55 h kubelet[1]: x", "6 25 22:29:55 h kubelet[1]: x"] {
            let (r, _) = parseRecords(line + "\n", name: "messages", year: 2022)
            #expect(r.first?.node == nil, "\(line)")
        }
    }

    @Test func kubectlTimestampsAndPrefix() throws {
        let text = """
        [pod/kube-apiserver-master-1/kube-apiserver] 2024-03-12T09:00:00.000000000Z E0312 09:00:00.000000       1 a.go:1] boom
        2017-09-22T12:23:11.52811713Z I0922 12:23:11.528000       1 b.go:2] ok
        """
        let (recs, _) = parseRecords(text, name: "<stdin>")
        #expect(recs.count == 2)
        #expect(recs[0].component == "kube-apiserver")
        #expect(recs[0].node == "master-1")
        #expect(recs[1].time.map(Timestamp.rfc3339) == "2017-09-22T12:23:11.528000Z")
    }

    @Test("same records whatever the read chunk size", arguments: [1, 2, 5, 16, 500])
    func chunkSizes(chunk: Int) throws {
        let text = "I0312 09:00:00.000000       1 a.go:1] one\r\ncontinued\nE0312 09:00:01.000000       1 a.go:2] \"two\" k=\"v\"\n"
        let (whole, _) = parseRecords(text)
        let (chunked, _) = parseRecords(text, chunk: chunk)
        #expect(whole.map(\.message) == chunked.map(\.message))
        #expect(whole.map(\.continuation) == [["continued"], []])
        #expect(chunked.map(\.line) == [1, 3])
    }
}
