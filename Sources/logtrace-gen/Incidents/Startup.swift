/// What each component prints when it starts (Kubernetes 1.24.17), for the samples' restart points.
extension Script {
    func apiserverStartup(_ t: Micros, host: String, ip: String, masterIPs: [String]) {
        let s = streamID(.apiserver, host)
        klog(t, s, "I", "server.go:558", "external host was not specified, using \(ip)")
        klog(t + 902, s, "I", "server.go:158", "Version: \(Versions.kubernetes)")
        klog(t + 926, s, "I", "server.go:160", #""Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK="""#)
        klog(t + seconds(0.61), s, "I", "shared_informer.go:255", "Waiting for caches to sync for node_authorizer")
        klog(t + seconds(0.612), s, "I", "plugins.go:158", "Loaded 12 mutating admission controller(s) successfully in the following order: NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,TaintNodesByCondition,Priority,DefaultTolerationSeconds,DefaultStorageClass,StorageObjectInUseProtection,RuntimeClass,DefaultIngressClass,MutatingAdmissionWebhook.")
        klog(t + seconds(0.6121), s, "I", "plugins.go:161", "Loaded 11 validating admission controller(s) successfully in the following order: LimitRanger,ServiceAccount,PodSecurity,Priority,PersistentVolumeClaimResize,RuntimeClass,CertificateApproval,CertificateSigning,CertificateSubjectRestriction,ValidatingAdmissionWebhook,ResourceQuota.")
        klog(t + seconds(3.142), s, "I", "secure_serving.go:210", "Serving securely on [::]:6443")
        klog(t + seconds(3.1422), s, "I", "controller.go:83", "Starting OpenAPI AggregationController")
        klog(t + seconds(3.1431), s, "I", "available_controller.go:491", "Starting AvailableConditionController")
        klog(t + seconds(3.1432), s, "I", "cache.go:32", "Waiting for caches to sync for AvailableConditionController controller")
        klog(t + seconds(3.2434), s, "I", "cache.go:39", "Caches are synced for AvailableConditionController controller")
        klog(t + seconds(4.119), s, "I", "controller.go:132", "OpenAPI AggregationController: action for item : Nothing (removed from the queue).")
        klog(t + seconds(4.133), s, "I", "storage_scheduling.go:111", "all system priority classes are created successfully or already exist.")
        klog(t + seconds(4.277), s, "W", "lease.go:234", "Resetting endpoints for master service \"kubernetes\" to [\(masterIPs.joined(separator: " "))]")
        klog(t + seconds(4.2785), s, "I", "controller.go:611", "quota admission added evaluator for: endpoints")
        klog(t + seconds(4.2821), s, "I", "controller.go:611", "quota admission added evaluator for: endpointslices.discovery.k8s.io")
    }

    /// kube-controller-manager start; if `leaderAt` is given it wins the lease then and starts its controllers.
    /// `apiserverDown`: the local apiserver (at `apiserverIP`) is not serving yet; the first lease GET is refused.
    func controllerManagerStartup(_ t: Micros, host: String, leaderAt: Micros?, apiserverDown: String? = nil) {
        let s = streamID(.controllerManager, host)
        klog(t, s, "I", "serving.go:348", "Generated self-signed cert in-memory")
        klog(t + seconds(0.477), s, "I", "controllermanager.go:180", "Version: \(Versions.kubernetes)")
        klog(t + seconds(0.4771), s, "I", "controllermanager.go:182", #""Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK="""#)
        klog(t + seconds(0.4793), s, "I", "secure_serving.go:210", "Serving securely on 127.0.0.1:10257")
        attemptingLease(t + seconds(0.4796), s, "kube-system/kube-controller-manager")
        if let ip = apiserverDown {
            klog(t + seconds(0.4811), s, "E", "leaderelection.go:330",
                 "error retrieving resource lock kube-system/kube-controller-manager: Get \"https://\(ip):6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s\": dial tcp \(ip):6443: connect: connection refused")
        }
        guard let won = leaderAt else { return }
        acquiredLease(won, s, "kube-system/kube-controller-manager")
        event(won + 55, s, object: "kube-system/kube-controller-manager", kind: "Lease", apiVersion: "coordination.k8s.io/v1",
              reason: "LeaderElection", message: "\(host)_\(uuid()) became leader")
        var at = won + seconds(0.21)
        for (name, line, started) in [
            ("namespace", "namespace_controller.go:200", "Starting namespace controller"),
            ("garbagecollector", "garbagecollector.go:154", "Starting garbage collector controller"),
            ("resourcequota", "resource_quota_controller.go:273", "Starting resource quota controller"),
            ("replicaset", "replica_set.go:205", "Starting replicaset controller"),
            ("deployment", "deployment_controller.go:160", #""Starting controller" controller="deployment""#),
            ("nodeipam", "node_ipam_controller.go:174", "Starting ipam controller"),
        ] {
            klog(at, s, "I", "controllermanager.go:593", "Started \"\(name)\"")
            klog(at + 37, s, "I", line, started)
            at += seconds(0.05) + jitter(40_000)
        }
        klog(at + seconds(0.9), s, "I", "shared_informer.go:262", "Caches are synced for namespace")
        klog(at + seconds(1.3), s, "I", "shared_informer.go:262", "Caches are synced for garbage collector")
        klog(at + seconds(1.31), s, "I", "garbagecollector.go:163", "Garbage collector: all resource monitors have synced. Proceeding to collect garbage")
        klog(at + seconds(1.6), s, "I", "shared_informer.go:262", "Caches are synced for resource quota")
    }

    func schedulerStartup(_ t: Micros, host: String, leaderAt: Micros?) {
        let s = streamID(.scheduler, host)
        klog(t, s, "I", "serving.go:348", "Generated self-signed cert in-memory")
        klog(t + seconds(0.39), s, "I", "server.go:147", #""Starting Kubernetes Scheduler" version="\#(Versions.kubernetes)""#)
        klog(t + seconds(0.3902), s, "I", "server.go:149", #""Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK="""#)
        klog(t + seconds(0.3911), s, "I", "secure_serving.go:210", "Serving securely on 127.0.0.1:10259")
        klog(t + seconds(0.4914), s, "I", "shared_informer.go:262", "Caches are synced for client-ca::kube-system::extension-apiserver-authentication::client-ca-file")
        attemptingLease(t + seconds(0.5), s, "kube-system/kube-scheduler")
        if let won = leaderAt { acquiredLease(won, s, "kube-system/kube-scheduler") }
    }

    /// Alibaba Cloud CCM v1.9.3.x started by systemd on `host` (journald), with a node RAM role.
    func alibabaCCMStartup(_ t: Micros, host: String, vpc: String, leaderAt: Micros) {
        let s = streamID(.cloudControllerManager, host)
        journal(t - seconds(0.8), s, ident: "systemd[1]", "Started Kubernetes Cloud Controller Manager for Alibaba Cloud.")
        klog(t, s, "I", "ccm.go:87", "cloud-controller-manager version: v1.9.3.380-gd6c5ec5-aliyun")
        klog(t + seconds(0.012), s, "I", "clientmgr.go:112", "alicloud: use ramrole token mode without ak.")
        klog(t + seconds(0.3), s, "I", "alicloud.go:178", "Using vpc region: region=cn-shanghai, vpcid=\(vpc)")
        klog(t + seconds(0.61), s, "I", "ccm.go:231", "Will configure cloud provider routes for allocate-node-cidrs: true, configure-cloud-routes: true.")
        attemptingLease(t + seconds(0.62), s, "kube-system/cloud-controller-manager")
        acquiredLease(leaderAt, s, "kube-system/cloud-controller-manager")
        klog(leaderAt + seconds(0.1), s, "I", "controller.go:115", "starting route controller")
        klog(leaderAt + seconds(0.101), s, "I", "controller.go:120", "starting node controller")
        klog(leaderAt + seconds(0.102), s, "I", "controller.go:106", "starting service controller")
        klog(leaderAt + seconds(0.35), s, "I", "controller.go:138", "service controller started")
    }
}
