extension Messages {
    /// kubelet 1.24 at `-v=2` on a control-plane node.
    static func kubelet(_ cluster: ClusterProfile) -> [MessageSpec] {
        [
            MessageSpec("I", "kubelet.go:2157", #""SyncLoop (probe)" probe="readiness" status="ready" pod="kube-system/coredns-7f6cbbb7b8-${pod}""#, weight: 2),
            MessageSpec("I", "kubelet.go:2117", #""SyncLoop (PLEG): event for pod" pod="${wl.ns}/${wl.name}-${wl.rs}-${pod}" event=&{ID:${uuid} Type:ContainerStarted Data:${hex:64}}"#, weight: 1),
            MessageSpec("I", "kubelet_getters.go:182", #""Pod status updated" pod="kube-system/kube-apiserver-${master.name}" status=Running"#, weight: 1),
            MessageSpec("I", "reconciler.go:357", #""operationExecutor.VerifyControllerAttachedVolume started for volume \"kube-api-access-${alnum:5}\" (UniqueName: \"kubernetes.io/projected/${uuid}-kube-api-access-${alnum:5}\") pod \"${wl.name}-${wl.rs}-${pod}\" (UID: \"${uuid}\") " pod="${wl.ns}/${wl.name}-${wl.rs}-${pod}""#, weight: 0.5),
            MessageSpec("W", "kubelet.go:2015", #""Unable to attach or mount volumes for pod; skipping pod" err="unmounted volumes=[config], unattached volumes=[config kube-api-access-${alnum:5}]: timed out waiting for the condition" pod="${wl.ns}/${wl.name}-${wl.rs}-${pod}""#, weight: 0.3, corpusOnly: true),
        ]
    }
}
