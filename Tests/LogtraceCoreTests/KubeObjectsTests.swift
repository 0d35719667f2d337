import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// Kubernetes object documents as input (`KubeObjects`): detection by content, events and
/// conditions as records, the built-in matchers on them, caps and damage, and a collection laid
/// out like `kubectl cluster-info dump --output-directory`.
@Suite struct KubeObjectsTests {
    /// Parses `text` as one input named `file` and runs the built-in matchers (no thresholds).
    static func run(_ file: String, _ text: String) -> RealLines.Outcome {
        let e = RealLineEntry(source: "test", kubernetes: nil, file: file, format: "json", year: 2024, rewrapped: nil,
                              note: nil, lines: text, expect: [])
        return RealLines.run(e)
    }

    static func detect(_ s: String) -> KubeObjects.Format? {
        Array(s.utf8).withUnsafeBytes { KubeObjects.detect($0) }
    }

    @Test func detection() {
        #expect(Self.detect("{\n    \"apiVersion\": \"v1\",\n    \"items\": [") == .json)
        #expect(Self.detect("{\n  \"kind\": \"Namespace\"") == .json)
        #expect(Self.detect("{\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"Event\"}],\"kind\":\"List\"}") == .json)
        #expect(Self.detect("apiVersion: v1\nkind: Namespace\n") == .yaml)
        #expect(Self.detect("# kubectl get events -o yaml\n---\napiVersion: v1\nitems:\n") == .yaml)
        // Log lines are not documents: component-base JSON, an audit event line, klog.
        #expect(Self.detect("{\"ts\":1710234720511.397,\"caller\":\"x.go:1\",\"msg\":\"m\"}\n") == nil)
        #expect(Self.detect("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"stage\":\"ResponseComplete\"}\n") == nil)
        #expect(Self.detect("I0312 09:40:00.131220       1 wrap.go:47] GET /api/v1/namespaces/demo: (1ms) 200\n") == nil)
        #expect(Self.detect("kind of a log line\n") == nil)
    }

    /// aws/containers-roadmap#1006: `kubectl get ns metrics -o yaml` on EKS 1.17, stuck on
    /// metrics.k8s.io (the first three conditions as posted).
    static let namespaceYAML = """
    apiVersion: v1
    kind: Namespace
    metadata:
      creationTimestamp: "2020-07-18T09:31:50Z"
      deletionTimestamp: "2020-07-31T23:19:14Z"
      name: metrics
      resourceVersion: "3080934"
      selfLink: /api/v1/namespaces/metrics
      uid: 8bcddadc-f2b2-4073-a765-c27c88626690
    spec:
      finalizers:
      - kubernetes
    status:
      conditions:
      - lastTransitionTime: "2020-07-31T23:19:19Z"
        message: 'Discovery failed for some groups, 1 failing: unable to retrieve the
          complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently
          unable to handle the request'
        reason: DiscoveryFailed
        status: "True"
        type: NamespaceDeletionDiscoveryFailure
      - lastTransitionTime: "2020-07-31T23:19:19Z"
        message: All legacy kube types successfully parsed
        reason: ParsedGroupVersions
        status: "False"
        type: NamespaceDeletionGroupVersionParsingFailure
      - lastTransitionTime: "2020-07-31T23:19:19Z"
        message: All content successfully deleted, may be waiting on finalization
        reason: ContentDeleted
        status: "False"
        type: NamespaceDeletionContentFailure
      phase: Terminating

    """

    @Test func namespaceConditionsFromARealDump() throws {
        let out = Self.run("ns-metrics.yaml", Self.namespaceYAML)
        #expect(out.records.count == 3)
        let r = try #require(out.records.first)
        #expect(r.component == "kube-objects")
        #expect(r.severity == .warning)
        #expect(r.time == RealLines.micros("2020-07-31T23:19:19Z"))
        #expect(r.message == "Namespace metrics condition NamespaceDeletionDiscoveryFailure=True reason=DiscoveryFailed message=\"Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request\"")
        #expect(out.records.dropFirst().allSatisfy { $0.severity == .info })
        #expect(out.records.allSatisfy { $0.kind == .raw && $0.node == nil })
        #expect(out.hits[r.line] == ["api-discovery-failed"])
        let keys = Dictionary(out.keys[r.line] ?? [], uniquingKeysWith: { a, _ in a })
        #expect(keys["namespace"] == "metrics" && keys["group"] == "metrics.k8s.io" && keys["version"] == "v1beta1")
        #expect(out.hits.count == 1, "healthy conditions hit nothing: \(out.hits)")
    }

    /// kubernetes-sigs/metrics-server#208: `kubectl get apiservice v1beta1.metrics.k8s.io -o yaml`
    /// status as posted (unquoted time, the message cut as it was pasted).
    static let apiServiceYAML = """
    apiVersion: apiregistration.k8s.io/v1
    kind: APIService
    metadata:
      name: v1beta1.metrics.k8s.io
    status:
      conditions:
      - lastTransitionTime: 2019-01-22T14:49:21Z
        message: 'no response from https://10.0.0.33:443: Get https://10.0.0.33:44
          tcp 10.0.0.33:443: connect: no route to host'
        reason: FailedDiscoveryCheck
        status: "False"
        type: Available

    """

    @Test func apiServiceConditionFromARealDump() throws {
        let out = Self.run("apiservice.yaml", Self.apiServiceYAML)
        let r = try #require(out.records.first)
        #expect(out.records.count == 1)
        #expect(r.time == RealLines.micros("2019-01-22T14:49:21Z"))
        #expect(r.severity == .warning)
        #expect(r.message.hasPrefix("APIService v1beta1.metrics.k8s.io condition Available=False reason=FailedDiscoveryCheck message=\"no response from https://10.0.0.33:443: "))
        #expect(out.hits[r.line] == ["aggregated-api-unavailable"])
        let keys = Dictionary(out.keys[r.line] ?? [], uniquingKeysWith: { a, _ in a })
        #expect(keys["group"] == "metrics.k8s.io" && keys["version"] == "v1beta1")
        #expect(keys[ErrorClass.key] == "network", "no route to host: \(keys)")
    }

    /// Azure/acs-engine#2313: `kubectl get ev -o json` (v1 List of Event, Kubernetes 1.9), the
    /// first item as posted.
    static let eventsJSON = """
    {
        "apiVersion": "v1",
        "items": [
            {
                "apiVersion": "v1",
                "count": 10,
                "eventTime": null,
                "firstTimestamp": "2018-02-22T06:49:28Z",
                "involvedObject": {
                    "kind": "Node",
                    "name": "71197k8s9000",
                    "uid": "71197k8s9000"
                },
                "kind": "Event",
                "lastTimestamp": "2018-02-22T06:52:43Z",
                "message": "Node 71197k8s9000 status is now: NodeHasSufficientMemory",
                "metadata": {
                    "creationTimestamp": "2018-02-22T07:21:35Z",
                    "name": "71197k8s9000.1515931548915ef4",
                    "namespace": "default",
                    "resourceVersion": "186",
                    "selfLink": "/api/v1/namespaces/default/events/71197k8s9000.1515931548915ef4",
                    "uid": "03ca45f2-17a1-11e8-b949-000d3a266b79"
                },
                "reason": "NodeHasNoDiskPressure",
                "reportingComponent": "",
                "reportingInstance": "",
                "source": {
                    "component": "kubelet",
                    "host": "71197k8s9000"
                },
                "type": "Normal"
            }
        ],
        "kind": "List",
        "metadata": {
            "resourceVersion": "",
            "selfLink": ""
        }
    }

    """

    @Test func eventsListFromARealDump() throws {
        let out = Self.run("events.json", Self.eventsJSON)
        let r = try #require(out.records.first)
        #expect(out.records.count == 1)
        #expect(r.component == "kube-events")
        #expect(r.severity == .info)
        #expect(r.node == "71197k8s9000")
        #expect(r.time == RealLines.micros("2018-02-22T06:52:43Z"), "lastTimestamp, not firstTimestamp or the null eventTime")
        #expect(r.message == "Normal NodeHasNoDiskPressure Node/71197k8s9000: Node 71197k8s9000 status is now: NodeHasSufficientMemory count=10 first=2018-02-22T06:49:28.000000Z source=kubelet")
        #expect(out.hits.isEmpty)
    }

    /// m-lab/k8s-support#94: the route controller's FailedToCreateRoute message as `kubectl
    /// describe` printed it (GCE, "(combined from similar events)", x28401), in the v1 Event
    /// `kubectl get events -o json` writes for it.
    @Test func failedToCreateRouteEvent() throws {
        let text = """
        {
            "apiVersion": "v1",
            "items": [
                {
                    "apiVersion": "v1",
                    "count": 28401,
                    "firstTimestamp": "2018-12-18T02:05:11Z",
                    "involvedObject": {"kind": "Node", "name": "mlab1.lga0t.measurement-lab.org"},
                    "kind": "Event",
                    "lastTimestamp": "2018-12-21T09:10:03Z",
                    "message": "(combined from similar events): Could not create route f89c0032-02be-11e9-b3e6-42010a000003 192.168.4.128/26 for node mlab1.lga0t.measurement-lab.org after 439.084254ms: instance not found",
                    "metadata": {"name": "mlab1.lga0t.measurement-lab.org.1570f8a1b2c3d4e5", "namespace": "default"},
                    "reason": "FailedToCreateRoute",
                    "source": {"component": "route_controller"},
                    "type": "Warning"
                }
            ],
            "kind": "List"
        }
        """
        let out = Self.run("events.json", text)
        let r = try #require(out.records.first)
        #expect(r.severity == .warning)
        #expect(r.time == RealLines.micros("2018-12-21T09:10:03Z"))
        #expect(r.message.hasPrefix("Warning FailedToCreateRoute Node/mlab1.lga0t.measurement-lab.org: (combined from similar events): Could not create route "))
        #expect(r.message.hasSuffix(" count=28401 first=2018-12-18T02:05:11.000000Z source=route_controller"))
        #expect(out.hits[r.line] == ["route-controller-sync-failed"])
    }

    /// events.k8s.io/v1: `note`, `regarding`, `series`, microsecond `eventTime`; a multi-line
    /// note stays one record.
    @Test func eventsV1() throws {
        let text = """
        apiVersion: events.k8s.io/v1
        kind: Event
        eventTime: "2024-03-12T16:40:51.556165Z"
        note: |-
          Error creating: Internal error occurred: failed calling webhook "sidecar-injector.istio.io": failed to call webhook
          second line
        reason: FailedCreate
        regarding:
          kind: ReplicaSet
          name: web-7d4b9c8f6d
          namespace: demo
        series:
          count: 7
          lastObservedTime: "2024-03-12T16:43:52.778102Z"
        type: Warning

        """
        let out = Self.run("event.yaml", text)
        let r = try #require(out.records.first)
        #expect(out.records.count == 1)
        #expect(r.time == RealLines.micros("2024-03-12T16:43:52.778102Z"))
        #expect(r.message == "Warning FailedCreate ReplicaSet/demo/web-7d4b9c8f6d: Error creating: Internal error occurred: failed calling webhook \"sidecar-injector.istio.io\": failed to call webhook\\nsecond line count=7 first=2024-03-12T16:40:51.556165Z")
        #expect(out.hits[r.line] == ["webhook-call-failed"])
    }

    /// `kubectl describe` of the generic describer (APIService, webhook configurations, custom
    /// resources) is read as the object; other describers (a pod's, a namespace's) and text that
    /// only starts with `Name:` are not.
    @Test func describeDetection() {
        #expect(Self.detect("Name:         v1beta1.metrics.k8s.io\nNamespace:\nLabels:       <none>\nAnnotations:  <none>\nAPI Version:  apiregistration.k8s.io/v1\nKind:         APIService\n") == .describe)
        #expect(Self.detect("Name:             metrics-server-5f9f776df5-2xk8q\nNamespace:        kube-system\nPriority:         2000000000\nNode:             kind-worker/172.18.0.3\n") == nil)
        #expect(Self.detect("Name: nightly build\nKind: of a note\n") == nil)
        #expect(Self.detect("Name:  x\nNamespace:\n  Kind:  indented\n") == nil)
    }

    /// Two objects of one `kubectl describe apiservice` (no blank line between them, as kubectl
    /// prints them), the first with two conditions (the generic describer prints a list of
    /// objects as their fields one after another) and Managed Fields; fed in small pieces, as a
    /// pipe hands them over.
    @Test func describeOfTwoObjectsWithListsAndManagedFields() throws {
        let text = """
        Name:         v1beta1.custom.metrics.k8s.io
        Namespace:
        Labels:       app=prometheus-adapter
                      chart=prometheus-adapter-4.1.1
        Annotations:  meta.helm.sh/release-name: prometheus-adapter
                      meta.helm.sh/release-namespace: monitoring
        API Version:  apiregistration.k8s.io/v1
        Kind:         APIService
        Metadata:
          Creation Timestamp:  2023-02-01T10:00:00Z
          Managed Fields:
            API Version:  apiregistration.k8s.io/v1
            Fields Type:  FieldsV1
            fieldsV1:
              f:spec:
                f:group:
            Manager:      helm
            Operation:    Update
            Time:         2023-02-01T10:00:00Z
            API Version:  apiregistration.k8s.io/v1
            Fields Type:  FieldsV1
            fieldsV1:
              f:status:
                f:conditions:
            Manager:         kube-apiserver
            Operation:       Update
            Subresource:     status
            Time:            2023-02-01T10:05:00Z
        Spec:
          Group:  custom.metrics.k8s.io
        Status:
          Conditions:
            Last Transition Time:  2023-02-01T10:05:00Z
            Message:               failing or missing response from https://10.244.1.9:6443/apis/custom.metrics.k8s.io/v1beta1: Get "https://10.244.1.9:6443/apis/custom.metrics.k8s.io/v1beta1": dial tcp 10.244.1.9:6443: i/o timeout
            Reason:                FailedDiscoveryCheck
            Status:                False
            Type:                  Available
            Last Transition Time:  2023-02-01T10:06:00Z
            Reason:                Example
            Status:                True
            Type:                  Degraded
        Events:
          Type    Reason  Age  From  Message
          ----    ------  ---  ----  -------
        Name:         v1beta1.metrics.k8s.io
        Namespace:
        Labels:       <none>
        Annotations:  <none>
        API Version:  apiregistration.k8s.io/v1
        Kind:         APIService
        Status:
          Conditions:
            Last Transition Time:  2023-02-01T11:00:00Z
            Message:               all checks passed
            Reason:                Passed
            Status:                True
            Type:                  Available
        Events:                    <none>

        """
        let out = Self.run("apiservices.txt", text)
        #expect(out.records.map(\.message) == [
            "APIService v1beta1.custom.metrics.k8s.io condition Available=False reason=FailedDiscoveryCheck message=\"failing or missing response from https://10.244.1.9:6443/apis/custom.metrics.k8s.io/v1beta1: Get \\\"https://10.244.1.9:6443/apis/custom.metrics.k8s.io/v1beta1\\\": dial tcp 10.244.1.9:6443: i/o timeout\"",
            "APIService v1beta1.custom.metrics.k8s.io condition Degraded=True reason=Example",
            "APIService v1beta1.metrics.k8s.io condition Available=True reason=Passed message=\"all checks passed\"",
        ])
        #expect(out.records.map(\.time) == ["2023-02-01T10:05:00Z", "2023-02-01T10:06:00Z", "2023-02-01T11:00:00Z"].map(RealLines.micros))
        #expect(out.records.map { out.hits[$0.line] ?? [] } == [["aggregated-api-unavailable"], [], ["apiservice-available"]])
        // The same bytes in 7-byte pieces: the objects are cut at their `Name:` lines only.
        var splitter = KubeObjects.Splitter(format: .describe, cap: 1 << 20)
        var docs: [(line: Int, bytes: [UInt8])] = []
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: 7) {
            bytes[start..<min(start + 7, bytes.count)].withUnsafeBytes { docs += splitter.feed($0) }
        }
        if let last = splitter.finish() { docs.append(last) }
        #expect(docs.map(\.line) == [1, 45])
        #expect(String(decoding: docs[1].bytes, as: UTF8.self).hasPrefix("Name:         v1beta1.metrics.k8s.io\n"))
    }

    /// An admission webhook configuration's creation and the later writes its managedFields
    /// record are records of their own (the webhook-config-changed context); a write of the
    /// status subresource is not a change, and the manager that wrote at the creation time is
    /// the creator. The same in YAML, JSON and kubectl describe.
    @Test func webhookConfigurationWrites() throws {
        let yaml = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          creationTimestamp: "2024-03-01T08:00:00Z"
          managedFields:
          - manager: helm
            operation: Update
            time: "2024-03-01T08:00:00Z"
          - manager: cainjector
            operation: Update
            time: "2024-03-12T09:58:40Z"
          - manager: some-controller
            operation: Update
            subresource: status
            time: "2024-03-12T09:59:00Z"
          name: cert-manager-webhook
        webhooks:
        - name: webhook.cert-manager.io

        """
        let json = #"{"apiVersion":"v1","items":[{"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"creationTimestamp":"2024-03-01T08:00:00Z","managedFields":[{"manager":"helm","operation":"Update","time":"2024-03-01T08:00:00Z"},{"manager":"cainjector","operation":"Update","time":"2024-03-12T09:58:40Z"}],"name":"cert-manager-webhook"}}],"kind":"List"}"# + "\n"
        let describe = """
        Name:         cert-manager-webhook
        Namespace:
        Labels:       app=webhook
        Annotations:  cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca
        API Version:  admissionregistration.k8s.io/v1
        Kind:         MutatingWebhookConfiguration
        Metadata:
          Creation Timestamp:  2024-03-01T08:00:00Z
          Generation:          2
          Managed Fields:
            API Version:  admissionregistration.k8s.io/v1
            Fields Type:  FieldsV1
            fieldsV1:
              f:metadata:
                f:annotations:
            Manager:      helm
            Operation:    Update
            Time:         2024-03-01T08:00:00Z
            API Version:  admissionregistration.k8s.io/v1
            Fields Type:  FieldsV1
            fieldsV1:
              f:webhooks:
            Manager:         cainjector
            Operation:       Update
            Time:            2024-03-12T09:58:40Z
          Resource Version:  3081
        Webhooks:
          Admission Review Versions:
            v1
          Name:  webhook.cert-manager.io
        Events:  <none>

        """
        for (file, text) in [("mwc.yaml", yaml), ("mwc.json", json), ("mwc.txt", describe)] {
            let out = Self.run(file, text)
            #expect(out.records.map(\.message) == [
                "MutatingWebhookConfiguration cert-manager-webhook created by helm",
                "MutatingWebhookConfiguration cert-manager-webhook changed by cainjector operation=Update",
            ], "\(file)")
            #expect(out.records.map(\.time) == ["2024-03-01T08:00:00Z", "2024-03-12T09:58:40Z"].map(RealLines.micros), "\(file)")
            #expect(out.records.allSatisfy { out.hits[$0.line] == ["webhook-config-changed"] }, "\(file)")
            let keys = Dictionary(out.keys[out.records.last?.line ?? 0] ?? [], uniquingKeysWith: { a, _ in a })
            #expect(keys["_configuration"] == "cert-manager-webhook" && keys["_user_agent"] == "cainjector", "\(file): \(keys)")
        }
    }

    @Test func damagedAndHugeDocuments() throws {
        // Cut short: one error diagnostic, no records, no crash.
        let cut = String(Self.eventsJSON.prefix(400))
        let (recs, log) = parseRecords(cut, name: "events.json")
        #expect(recs.isEmpty)
        let d = try #require(log.all.first { $0.level == .error })
        #expect(d.message.hasPrefix("Kubernetes object document: not valid JSON"), "\(d.message)")
        #expect(!d.message.contains("\n"))
        // Over the cap: refused with one line, before parsing.
        var big = "apiVersion: v1\nkind: List\nitems:\n"
        let pad = "# " + String(repeating: "x", count: 1022) + "\n"
        big.reserveCapacity(KubeObjects.maxYAMLBytes + 4096)
        while big.utf8.count <= KubeObjects.maxYAMLBytes { big += pad }
        let (recs2, log2) = parseRecords(big, name: "events.yaml")
        #expect(recs2.isEmpty)
        let d2 = try #require(log2.all.first { $0.level == .error })
        #expect(d2.message == "Kubernetes object document larger than 8 MiB: skipped")
    }

    /// A collection laid out like `kubectl cluster-info dump --output-directory` (nodes.json at
    /// the top, `<namespace>/events.json`, `<namespace>/<pod>/logs.txt`) plus a namespace dump:
    /// the documents are read by content, their records are not named after the namespace
    /// directory, and the pod logs keep their component.
    @Test func clusterInfoDumpLayout() throws {
        let dir = NSTemporaryDirectory() + "logtrace-kubeobjects-\(getpid())"
        let fm = FileManager.default
        try? fm.removeItem(atPath: dir)
        defer { try? fm.removeItem(atPath: dir) }
        try fm.createDirectory(atPath: dir + "/demo-app", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir + "/kube-system/kube-apiserver-master1", withIntermediateDirectories: true)
        try """
        {
            "kind": "NodeList",
            "apiVersion": "v1",
            "metadata": {"resourceVersion": "4812"},
            "items": [
                {"metadata": {"name": "master1"}, "status": {"conditions": [
                    {"type": "Ready", "status": "True", "lastHeartbeatTime": "2024-03-12T09:40:01Z", "lastTransitionTime": "2024-03-12T08:00:00Z", "reason": "KubeletReady", "message": "kubelet is posting ready status"}
                ]}}
            ]
        }
        """.write(toFile: dir + "/nodes.json", atomically: true, encoding: .utf8)
        try Self.eventsJSON.write(toFile: dir + "/demo-app/events.json", atomically: true, encoding: .utf8)
        try Self.namespaceYAML.replacingOccurrences(of: "2020-07-31T23:19:19Z", with: "2024-03-12T09:39:59Z")
            .write(toFile: dir + "/demo-app/namespace.yaml", atomically: true, encoding: .utf8)
        var log = ""
        for s in 0..<6 {
            log += "I0312 09:40:0\(s).131220       1 wrap.go:47] GET /api/v1/namespaces/metrics: (1.247310ms) 200 [kube-controller-manager/v1.17.9 (linux/amd64) kubernetes/4fb7ed1/system:serviceaccount:kube-system:namespace-controller 10.0.0.11:48312]\n"
        }
        try log.write(toFile: dir + "/kube-system/kube-apiserver-master1/logs.txt", atomically: true, encoding: .utf8)
        // The klog lines take their year from the file's modification time.
        try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_710_237_600)], ofItemAtPath: dir + "/kube-system/kube-apiserver-master1/logs.txt")
        // A must-gather's object YAML is read (a PodList without conditions gives no record).
        try fm.createDirectory(atPath: dir + "/namespaces/demo-app/core", withIntermediateDirectories: true)
        try "apiVersion: v1\nitems: []\nkind: PodList\n".write(toFile: dir + "/namespaces/demo-app/core/pods.yaml", atomically: true, encoding: .utf8)
        // Not a Kubernetes document: stays skipped.
        try "name: chart\nversion: 1.0.0\n".write(toFile: dir + "/Chart.yaml", atomically: true, encoding: .utf8)

        let (result, diags) = analyzeDir(dir)
        let byPath = Dictionary(result.inputs.map { (String($0.path.dropFirst(dir.count + 1)), $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath.keys.sorted() == ["demo-app/events.json", "demo-app/namespace.yaml", "kube-system/kube-apiserver-master1/logs.txt", "namespaces/demo-app/core/pods.yaml", "nodes.json"])
        #expect(byPath["demo-app/events.json"]?.component == "kube-events")
        #expect(byPath["demo-app/events.json"]?.node == nil, "a namespace directory is no node")
        #expect(byPath["demo-app/events.json"]?.unparsed == 0)
        #expect(byPath["demo-app/namespace.yaml"]?.component == "kube-objects")
        #expect(byPath["nodes.json"]?.records == 1)
        #expect(byPath["kube-system/kube-apiserver-master1/logs.txt"]?.component == "kube-apiserver")
        #expect(diags.all.contains { $0.path?.hasSuffix("Chart.yaml") == true })
        let f = try #require(result.findings.first { $0.id == "namespace-stuck-terminating" })
        #expect(f.rootCause.signal == "api-discovery-failed", "the namespace condition is the keyed cause")
    }
}

/// An event's `count` (v1 `count` with `firstTimestamp`, events.k8s.io/v1 `series.count` with
/// `eventTime`) stands for that many occurrences spread over its span, so it meets thresholds as
/// that many lines would, and the same event read from several dumps counts once.
@Suite struct EventCountTests {
    /// A v1 Event as `kubectl get events -o json` writes it (the message is the client-side
    /// rejection seen in kubeflow/spark-operator#774 and cert-manager/cert-manager#4453).
    static func event(count: Int, first: String, last: String) -> String {
        """
                {"apiVersion": "v1", "kind": "Event", "type": "Warning", "reason": "FailedCreate", "count": \(count),
                 "involvedObject": {"kind": "ReplicaSet", "namespace": "demo", "name": "web-7d4b9c8f6d"},
                 "metadata": {"name": "web-7d4b9c8f6d.17bc2c1e3f0a9b41", "namespace": "demo", "uid": "5d0e7f4a-1c2b-4e8d-9a3f-0b6c1d2e3f4a"},
                 "message": "Error creating: Internal error occurred: failed calling webhook \\"validate.kyverno.svc-fail\\": failed to call webhook: Post \\"https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s\\": context deadline exceeded",
                 "firstTimestamp": "\(first)", "lastTimestamp": "\(last)", "source": {"component": "replicaset-controller"}}
        """
    }

    static func list(_ items: [String]) -> String {
        "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n" + items.joined(separator: ",\n") + "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\"resourceVersion\": \"\"}\n}\n"
    }

    func webhookFinding(_ r: AnalysisResult) -> Finding? { r.findings.first { $0.id == "admission-webhook-unreachable" } }

    @Test func anEventCountMeetsTheThresholdAsThatManyLines() throws {
        // Seven rejections in three minutes, one event object: 3 within 5m holds.
        let seven = Self.list([Self.event(count: 7, first: "2024-03-12T16:40:51Z", last: "2024-03-12T16:43:52Z")])
        let f = try #require(webhookFinding(try analyzeFiles([("events.json", seven)])))
        #expect(f.chain.last?.count == 7)
        #expect(f.chain.last.map { Timestamp.rfc3339Seconds($0.first) } == "2024-03-12T16:40:51Z", "from firstTimestamp")
        #expect(f.chain.last.map { Timestamp.rfc3339Seconds($0.last) } == "2024-03-12T16:43:52Z")
        // Three rejections spread over three hours are not three within five minutes.
        let sparse = Self.list([Self.event(count: 3, first: "2024-03-12T13:00:00Z", last: "2024-03-12T16:00:00Z")])
        #expect(webhookFinding(try analyzeFiles([("events.json", sparse)])) == nil)
        // events.k8s.io/v1: series.count from eventTime to series.lastObservedTime.
        let v1 = """
        apiVersion: events.k8s.io/v1
        kind: Event
        eventTime: "2024-03-12T16:40:51.556165Z"
        note: 'Error creating: Internal error occurred: failed calling webhook "sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": context deadline exceeded'
        reason: FailedCreate
        regarding: {kind: ReplicaSet, name: web-7d4b9c8f6d, namespace: demo}
        series: {count: 5, lastObservedTime: "2024-03-12T16:42:52.778102Z"}
        type: Warning

        """
        let g = try #require(webhookFinding(try analyzeFiles([("event.yaml", v1)])))
        #expect(g.chain.last?.count == 5 && g.chain.last.map { Timestamp.rfc3339Seconds($0.first) } == "2024-03-12T16:40:51Z")
    }

    @Test func theSameEventInSeveralDumpsCountsOnce() throws {
        // The event as a cluster-info dump saw it at 16:42 (count 4), and as `kubectl get events`
        // saw it later (count 7); the same dump copied twice adds nothing either.
        let early = Self.list([Self.event(count: 4, first: "2024-03-12T16:40:51Z", last: "2024-03-12T16:42:10Z")])
        let late = Self.list([Self.event(count: 7, first: "2024-03-12T16:40:51Z", last: "2024-03-12T16:43:52Z")])
        for files in [[("demo/events.json", early), ("events-all.json", late)], [("a/events.json", late), ("b/events.json", early), ("c/events.json", late)]] {
            let f = try #require(webhookFinding(try analyzeFiles(files)))
            #expect(f.chain.last?.count == 7, "\(files.map(\.0))")
        }
        // Live tail counts the event when it comes and then only what a later dump adds.
        let live = LiveAnalyzer(rules: builtinRules)
        _ = live.run(group: InputGroup(files: [InputFile(path: "-", displayPath: "<stdin>")]), source: MemorySource(early + late + early, chunk: 13),
                     options: ReadOptions(), log: DiagnosticLog())
        #expect(live.findings.first { $0.id == "admission-webhook-unreachable" }?.chain.last?.count == 7)
    }
}
