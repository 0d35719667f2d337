-- logtrace signal queries for ClickHouse (otel schema, table otel.otel_logs)
-- Candidates only: logtrace confirms each row with the signal's PCRE2 regex and field checks.

-- webhook-call-failed (rule admission-webhook-unreachable): kube-apiserver failed to call a webhook and rejected the request: "Failed calling webhook, failing closed <name>: ..." (admission, failurePolicy Fail), "Interna…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'Failed calling webhook, failing closed') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver', 'kube-events') AND position(Body, 'Internal error occurred: failed calling webhook') > 0)
ORDER BY Timestamp;

-- webhook-config-changed (rule admission-webhook-unreachable): A client created, replaced or patched a webhook configuration: POST/PUT/PATCH on /apis/admissionregistration.k8s.io/v1/{validating,mutating}webhookconfiguration…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, '/apis/admissionregistration.k8s.io/') > 0
ORDER BY Timestamp;

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

-- cloud-api-permission-denied (rule cloud-route-sync-failed): The cloud API refused a call from the cloud provider code because of an IAM/RAM policy: Alibaba Forbidden.RAM / NoPermission / "not authorized to operate", AWS …
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'Forbidden.RAM') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'not authorized to operate') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'NoPermission') > 0 AND position(Body, 'Code') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'UnauthorizedOperation') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'googleapi: Error 403') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'AuthorizationFailed') > 0 AND position(Body, 'ode') > 0)
ORDER BY Timestamp;

-- route-controller-sync-failed (rule cloud-route-sync-failed): The route controller failed a reconcile: it could not list the route tables or could not create a node route. Covers the upstream "Couldn't reconcile node route…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Couldn\'t reconcile node routes') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'sync route tables error') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'Sync routes error, requeue') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Reconciling route error') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Could not create route') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-events') AND position(Body, 'Warning FailedToCreateRoute') > 0 AND position(Body, 'Node/') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'could not create route') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'Backoff creating route') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'error create route for node') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'set vpc info error') > 0)
ORDER BY Timestamp;

-- route-controller-recovered (rule cloud-route-sync-failed): A node route was created successfully: upstream "Created route for node N CIDR with hint H after D", or CCM v2 "Created route for N with CIDR - instance success…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Created route for node') > 0 AND position(Body, 'with') > 0 AND position(Body, 'hint') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'Created route for') > 0 AND position(Body, 'successfully') > 0 AND position(Body, 'with') > 0)
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
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'failed to discover some groups') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-objects') AND position(Body, 'condition') > 0 AND position(Body, 'NamespaceDeletionDiscoveryFailure') > 0 AND position(Body, 'True') > 0 AND position(Body, 'unable') > 0 AND position(Body, 'retrieve') > 0 AND position(Body, 'the') > 0 AND position(Body, 'complete') > 0 AND position(Body, 'list') > 0 AND position(Body, 'server') > 0 AND position(Body, 'APIs') > 0)
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

-- namespace-delete-requested (rule namespace-stuck-terminating): A client asked kube-apiserver to delete a namespace: DELETE /api/v1/namespaces/<ns> in the request log (structured 1.18+ and the older form) or an audit event w…
SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'verb') > 0 AND position(Body, 'DELETE') > 0 AND position(Body, 'URI') > 0 AND position(Body, '/api/v1/namespaces/') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'DELETE /api/v1/namespaces/') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'verb') > 0 AND position(Body, 'delete') > 0)
ORDER BY Timestamp;
