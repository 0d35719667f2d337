/// Building blocks shared by the incident and baseline scripts: the exact lines components print.
extension Script {
    // MARK: kube-apiserver

    /// A request-log line on `host`'s apiserver (only if that apiserver logs requests).
    func request(_ t: Micros, _ roles: Roles, verb: String, uri: String, userAgent: String, client: String,
                 resp: Int, latency: String? = nil, continuation: [String] = []) {
        guard let host = roles.requestLogHost else { return }
        let line = httpLogLine(verb: verb, uri: uri, latency: latency ?? self.latency(0.6, 9), userAgent: userAgent,
                               auditID: uuid(), srcIP: client, resp: resp)
        klog(t, streamID(.apiserver, host), "I", httpLogSource, line + (continuation.isEmpty ? "" : " statusStack=<"),
             continuation: continuation)
    }

    /// The availability controller's failure line (`utilruntime.HandleError`, always E).
    func apiServiceFailed(_ t: Micros, host: String, _ error: String, name: String = "v1beta1.metrics.k8s.io") {
        klog(t, streamID(.apiserver, host), "E", "available_controller.go:524", "\(name) failed with: \(error)")
    }

    /// `"changing APIService availability"` (V(2), 1.22+).
    func apiServiceAvailability(_ t: Micros, host: String, available: Bool, message: String, reason: String,
                                name: String = "v1beta1.metrics.k8s.io") {
        let (old, new) = available ? ("False", "True") : ("True", "False")
        klog(t, streamID(.apiserver, host), "I", "available_controller.go:456",
             "\"changing APIService availability\" name=\(goQuote(name)) oldStatus=\"\(old)\" newStatus=\"\(new)\" message=\(goQuote(message)) reason=\(goQuote(reason))")
    }

    /// The OpenAPI aggregation controller failing to download a spec, then requeueing it. A 503 body of
    /// `service unavailable` ends in a newline, so the record continues on a line starting `, Header: map[…]`.
    func openAPIFailed(_ t: Micros, host: String, body: String = "service unavailable", name: String = "v1beta1.metrics.k8s.io") {
        let head = "loading OpenAPI spec for \"\(name)\" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: \(body)"
        let header = ", Header: map[Content-Type:[text/plain; charset=utf-8] X-Content-Type-Options:[nosniff]]"
        klog(t, streamID(.apiserver, host), "E", "controller.go:113", head, continuation: [header])
        klog(t + 31 + jitter(60), streamID(.apiserver, host), "I", "controller.go:126",
             "OpenAPI AggregationController: action for item \(name): Rate Limited Requeue.")
    }

    /// The OpenAPI aggregation controller's retries of an unavailable APIService (after 1m, 2m, 4m … up
    /// to an hour), and its success once the APIService is available again.
    func openAPIRetries(from start: Micros, until available: Micros, host: String, recoveredAt: Micros) {
        var t = start
        var delay = seconds(60)
        while t < available {
            openAPIFailed(t, host: host)
            t += delay + jitter(40_000)
            delay = min(delay * 2, minutes(60))
        }
        klog(recoveredAt, streamID(.apiserver, host), "I", "controller.go:132",
             "OpenAPI AggregationController: action for item v1beta1.metrics.k8s.io: Nothing (removed from the queue).")
    }

    /// A utiltrace printed by the apiserver for a slow request (`trace.go:205`), with its continuation lines.
    func apiserverTrace(_ t: Micros, host: String, operation: String, fields: String, steps: [(String, Int)], totalMilliseconds: Int) {
        let id = 100_000_000 + rng.below(2_047_483_647)
        let start = t - Micros(totalMilliseconds) * 1000
        var lines: [String] = []
        var elapsed = 0
        for (step, ms) in steps {
            elapsed += ms
            lines.append("Trace[\(id)]: ---\"\(step)\" \(ms)ms (\(traceClock(start + Micros(elapsed) * 1000)))")
        }
        let total = goDuration(Int64(totalMilliseconds) * 1_000_000 + Int64(rng.below(1_000_000)))
        lines.append("Trace[\(id)]: [\(total)] [\(total)] END")
        klog(t, streamID(.apiserver, host), "I", "trace.go:205",
             "Trace[\(id)]: \"\(operation)\" \(fields) (\(traceStart(start))) (total time: \(totalMilliseconds)ms):", continuation: lines)
    }

    // MARK: kube-controller-manager

    /// A new node joins: the node IPAM controller gives it `podCIDR`, and the node lifecycle
    /// controller observes it `observedAfter` later (with its RegisteredNode event).
    func nodeRegistered(_ t: Micros, _ stream: String, node: String, podCIDR: String, observedAfter: Micros) {
        klog(t, stream, "I", "range_allocator.go:374", "Set node \(node) PodCIDR to [\(podCIDR)]")
        klog(t + observedAfter, stream, "I", "node_lifecycle_controller.go:868", "Controller observed a new Node: \"\(node)\"")
        event(t + observedAfter + 400, stream, object: node, kind: "Node", apiVersion: "v1", reason: "RegisteredNode",
              message: "Node \(node) event: Registered Node \(node) in Controller")
    }

    /// kube-controller-manager's discovery-driven controllers (resource quota, garbage collector)
    /// failing about every 30 seconds from `start` while metrics.k8s.io is unavailable (until
    /// `end`); `each` adds what else happens at a sync. Returns the first sync after `end`.
    @discardableResult
    func metricsDiscoveryFailures(_ stream: String, from start: Micros, until end: Micros, each: (Micros) -> Void = { _ in }) -> Micros {
        var sync = start
        while sync < end {
            klog(sync, stream, "E", "resource_quota_controller.go:413", metricsDiscoveryError)
            klog(sync + seconds(11.2) + jitter(20_000), stream, "W", "garbagecollector.go:754",
                 "failed to discover some groups: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request]")
            each(sync)
            sync += seconds(30) + jitter(30_000)
        }
        return sync
    }

    func event(_ t: Micros, _ stream: String, object: String, kind: String, apiVersion: String, type: String = "Normal",
               reason: String, message: String) {
        klog(t, stream, "I", "event.go:294", eventOccurred(object: object, kind: kind, apiVersion: apiVersion, type: type, reason: reason, message: message))
    }

    // MARK: Leader election (client-go 1.24)

    func attemptingLease(_ t: Micros, _ stream: String, _ lease: String) {
        klog(t, stream, "I", "leaderelection.go:248", "attempting to acquire leader lease \(lease)...")
    }

    func acquiredLease(_ t: Micros, _ stream: String, _ lease: String) {
        klog(t, stream, "I", "leaderelection.go:258", "successfully acquired lease \(lease)")
    }
}

/// A utiltrace start stamp, `12-Mar-2024 09:45:11.012`.
func traceStart(_ t: Micros) -> String {
    let c = CivilTime(t)
    return "\(pad2(c.day))-\(CivilTime.monthAbbreviations[c.month - 1])-\(c.year) \(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second)).\(pad3(c.micro / 1000))"
}

/// `hh:mm:ss.mmm`
func traceClock(_ t: Micros) -> String {
    let c = CivilTime(t)
    return "\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second)).\(pad3(c.micro / 1000))"
}

func seconds(_ s: Double) -> Micros { Micros(s * 1e6) }
func minutes(_ m: Double) -> Micros { Micros(m * 6e7) }

/// The discovery error kube-controller-manager's controllers get while an aggregated API is down.
let metricsDiscoveryError = "unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request"

/// What httplog prints as `statusStack` for a 5xx answer (1.24: a `=<` block whose first value line is empty).
func statusStack(goroutine: Int) -> [String] {
    [
        "\t",
        "\tgoroutine \(goroutine) [running]:",
        "\tk8s.io/apiserver/pkg/server/httplog.(*respLogger).recordStatus(0xc00c1e2a80, 0x1f7)",
        "\t\tvendor/k8s.io/apiserver/pkg/server/httplog/httplog.go:265 +0x6d",
        "\tk8s.io/apiserver/pkg/server/httplog.(*respLogger).WriteHeader(0xc00c1e2a80, 0x1f7)",
        "\t\tvendor/k8s.io/apiserver/pkg/server/httplog/httplog.go:245 +0x2e",
        "\tk8s.io/apiserver/pkg/endpoints/filters.(*auditResponseWriter).WriteHeader(0xc0087f4b40, 0x1f7)",
        "\t\tvendor/k8s.io/apiserver/pkg/endpoints/filters/audit.go:225 +0x75",
        "\tnet/http.Error({0x7f3a5b1a8d38, 0xc0087f4b40}, {0x4e5a7c3, 0x13}, 0x1f7)",
        "\t\t/usr/local/go/src/net/http/server.go:2087 +0x1f6",
        "\tk8s.io/kube-aggregator/pkg/apiserver.(*proxyHandler).ServeHTTP(0xc0005a6e00, {0x7f3a5b1a8d38, 0xc0087f4b40}, 0xc00b3f8e00)",
        "\t\tvendor/k8s.io/kube-aggregator/pkg/apiserver/handler_proxy.go:121 +0x345",
        "\tk8s.io/apiserver/pkg/server/mux.(*pathHandler).ServeHTTP(0xc0009e1c40, {0x7f3a5b1a8d38, 0xc0087f4b40}, 0xc00b3f8e00)",
        "\t\tvendor/k8s.io/apiserver/pkg/server/mux/pathrecorder.go:250 +0x2e2",
        "\tk8s.io/apiserver/pkg/server.director.ServeHTTP({{0x4f7d6a1, 0x10}, 0xc0004d0a20, 0xc000b5a8c0}, {0x7f3a5b1a8d38, 0xc0087f4b40}, 0xc00b3f8e00)",
        "\t\tvendor/k8s.io/apiserver/pkg/server/handler.go:154 +0x6d1",
        " >",
    ]
}
