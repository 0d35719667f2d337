-- logtrace signal queries for ClickHouse (otel schema, table otel.otel_logs)
-- Candidates only: logtrace confirms each row with the signal's PCRE2 regex and field checks.

-- aggregated-api-unavailable (rule aggregated-api-unavailable): The availability controller cannot probe an APIService ("<version>.<group> failed with:", also inside the 1.31+ "Unhandled Error" err="..."), the OpenAPI contro…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'failed with:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'loading OpenAPI') > 0 AND position(Body, 'failed with:') > 0 AND position(Body, 'spec') > 0 AND position(Body, 'for') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'changing APIService availability') > 0 AND position(Body, 'newStatus') > 0)
ORDER BY Timestamp;

-- apiservice-tls-failed (rule aggregated-api-unavailable): The aggregator reached the APIService's backend but the TLS handshake failed: the probe error is an x509 or TLS error ("x509: cannot validate certificate for <i…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'failed with:') > 0
ORDER BY Timestamp;

-- apiservice-available (rule aggregated-api-unavailable): The availability controller marks the APIService available again (1.22+, V(2)): "changing APIService availability" ... newStatus True, reason Passed.
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'changing APIService availability') > 0 AND position(Body, 'newStatus') > 0 AND position(Body, 'name') > 0 AND position(Body, 'True') > 0
ORDER BY Timestamp;

-- metrics-server-down (rule aggregated-api-unavailable): metrics-server itself is failing: scrape failures (v0.6+ "Failed to scrape node", v0.4 "unable to fully scrape metrics", v0.3 "unable to fully collect metrics")…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'Failed to scrape node') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'unable to fully collect metrics') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'unable to fully scrape metrics') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'Failed probe') > 0 AND position(Body, 'metric-storage-ready') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'panic:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kubelet') AND position(Body, 'CrashLoopBackOff') > 0 AND position(Body, 'metrics-server') > 0 AND position(Body, 'container') > 0 AND position(Body, 'pod') > 0)
ORDER BY Timestamp;

-- etcd-slow-request (rule etcd-slow): etcd reports slow or timed-out requests: zap "apply request took too long" (3.4+; a read-only range has prefix "read-only range "), "slow fdatasync", "leader fa…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'apply request took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'slow fdatasync') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'failed to send out heartbeat on time') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'waiting for ReadIndex response took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'timed out waiting for read index response') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'etcdserver:') > 0 AND position(Body, 'took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'read-only range request') > 0 AND position(Body, 'took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd', 'kube-apiserver') AND position(Body, 'etcdserver: request timed out') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'retrying of unary invoker failed') > 0 AND position(Body, 'DeadlineExceeded') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'Trace[') > 0 AND position(Body, 'etcd3') > 0 AND position(Body, '(total time:') > 0)
ORDER BY Timestamp;

-- api-discovery-failed (rule namespace-stuck-terminating): A controller in kube-controller-manager cannot list every API group/version: client-go "unable to retrieve the complete list of server APIs: <group>/<version>: …
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'unable to retrieve the complete list of server APIs:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'stale GroupVersion discovery:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'failed to discover some groups') > 0)
ORDER BY Timestamp;

-- namespace-deletion-blocked (rule namespace-stuck-terminating): The namespace controller keeps failing to delete a namespace: "deletion of namespace X failed:" in kube-controller-manager, or GET /api/v1/namespaces/X by the .…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'deletion of namespace') > 0 AND position(Body, 'failed') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, '/api/v1/namespaces/') > 0 AND position(Body, 'namespace-controller') > 0)
ORDER BY Timestamp;

-- namespace-finalized (rule namespace-stuck-terminating): The namespace controller removed the "kubernetes" finalizer: request log PUT /api/v1/namespaces/X/finalize by namespace-controller answered 200.
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, '/finalize') > 0 AND position(Body, 'namespace-controller') > 0
ORDER BY Timestamp;
