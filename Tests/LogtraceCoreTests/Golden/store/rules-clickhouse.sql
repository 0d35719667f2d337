-- logtrace signal queries for ClickHouse (logtrace schema, table default.logs)
-- Candidates only: logtrace confirms each row with the signal's PCRE2 regex and field checks.

-- aggregated-api-unavailable (rule aggregated-api-unavailable): The availability controller cannot probe an APIService ("<version>.<group> failed with:", also inside the 1.31+ "Unhandled Error" err="..."), the OpenAPI contro…
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE (component IN ('kube-apiserver') AND (position(message, ' failed with: ') > 0 OR arrayExists(x_ -> position(x_, ' failed with: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, ' failed with: ') > 0, continuation))
    OR component IN ('kube-apiserver') AND (position(message, 'loading OpenAPI ') > 0 OR arrayExists(x_ -> position(x_, 'loading OpenAPI ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'loading OpenAPI ') > 0, continuation)) AND (position(message, ' failed with: ') > 0 OR arrayExists(x_ -> position(x_, ' failed with: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, ' failed with: ') > 0, continuation))
    OR component IN ('kube-apiserver') AND (position(message, 'changing APIService availability') > 0 OR arrayExists(x_ -> position(x_, 'changing APIService availability') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'changing APIService availability') > 0, continuation)) AND (position(message, 'newStatus') > 0 OR arrayExists(x_ -> position(x_, 'newStatus') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'newStatus') > 0, `fields.key`) OR arrayExists(x_ -> position(x_, 'newStatus') > 0, continuation)))
ORDER BY time;

-- apiservice-tls-failed (rule aggregated-api-unavailable): The aggregator reached the APIService's backend but the TLS handshake failed: the probe error is an x509 or TLS error ("x509: cannot validate certificate for <i…
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE component IN ('kube-apiserver') AND (position(message, ' failed with: ') > 0 OR arrayExists(x_ -> position(x_, ' failed with: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, ' failed with: ') > 0, continuation))
ORDER BY time;

-- apiservice-available (rule aggregated-api-unavailable): The availability controller marks the APIService available again (1.22+, V(2)): "changing APIService availability" ... newStatus True, reason Passed.
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE component IN ('kube-apiserver') AND (position(message, 'changing APIService availability') > 0 OR arrayExists(x_ -> position(x_, 'changing APIService availability') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'changing APIService availability') > 0, continuation)) AND (position(message, 'newStatus') > 0 OR arrayExists(x_ -> position(x_, 'newStatus') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'newStatus') > 0, `fields.key`) OR arrayExists(x_ -> position(x_, 'newStatus') > 0, continuation))
ORDER BY time;

-- metrics-server-down (rule aggregated-api-unavailable): metrics-server itself is failing: scrape failures (v0.6+ "Failed to scrape node", v0.4 "unable to fully scrape metrics", v0.3 "unable to fully collect metrics")…
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE (component IN ('metrics-server') AND (position(message, 'Failed to scrape node') > 0 OR arrayExists(x_ -> position(x_, 'Failed to scrape node') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'Failed to scrape node') > 0, continuation))
    OR component IN ('metrics-server') AND (position(message, 'unable to fully collect metrics') > 0 OR arrayExists(x_ -> position(x_, 'unable to fully collect metrics') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'unable to fully collect metrics') > 0, continuation))
    OR component IN ('metrics-server') AND (position(message, 'unable to fully scrape metrics') > 0 OR arrayExists(x_ -> position(x_, 'unable to fully scrape metrics') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'unable to fully scrape metrics') > 0, continuation))
    OR component IN ('metrics-server') AND (position(message, 'Failed probe') > 0 OR arrayExists(x_ -> position(x_, 'Failed probe') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'Failed probe') > 0, continuation)) AND (position(message, 'metric-storage-ready') > 0 OR arrayExists(x_ -> position(x_, 'metric-storage-ready') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'metric-storage-ready') > 0, continuation))
    OR component IN ('metrics-server') AND (position(message, 'panic: ') > 0 OR arrayExists(x_ -> position(x_, 'panic: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'panic: ') > 0, continuation))
    OR component IN ('kubelet') AND (position(message, 'CrashLoopBackOff') > 0 OR arrayExists(x_ -> position(x_, 'CrashLoopBackOff') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'CrashLoopBackOff') > 0, continuation)) AND (position(message, 'metrics-server') > 0 OR arrayExists(x_ -> position(x_, 'metrics-server') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'metrics-server') > 0, continuation)))
ORDER BY time;

-- etcd-slow-request (rule etcd-slow): etcd reports slow or timed-out requests: zap "apply request took too long" (3.4+; a read-only range has prefix "read-only range "), "slow fdatasync", "leader fa…
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE (component IN ('etcd') AND (position(message, 'apply request took too long') > 0 OR arrayExists(x_ -> position(x_, 'apply request took too long') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'apply request took too long') > 0, continuation))
    OR component IN ('etcd') AND (position(message, 'slow fdatasync') > 0 OR arrayExists(x_ -> position(x_, 'slow fdatasync') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'slow fdatasync') > 0, continuation))
    OR component IN ('etcd') AND (position(message, 'failed to send out heartbeat on time') > 0 OR arrayExists(x_ -> position(x_, 'failed to send out heartbeat on time') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'failed to send out heartbeat on time') > 0, continuation))
    OR component IN ('etcd') AND (position(message, 'waiting for ReadIndex response took too long') > 0 OR arrayExists(x_ -> position(x_, 'waiting for ReadIndex response took too long') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'waiting for ReadIndex response took too long') > 0, continuation))
    OR component IN ('etcd') AND (position(message, 'timed out waiting for read index response') > 0 OR arrayExists(x_ -> position(x_, 'timed out waiting for read index response') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'timed out waiting for read index response') > 0, continuation))
    OR component IN ('etcd') AND (position(message, 'etcdserver: ') > 0 OR arrayExists(x_ -> position(x_, 'etcdserver: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'etcdserver: ') > 0, continuation)) AND (position(message, ' took too long') > 0 OR arrayExists(x_ -> position(x_, ' took too long') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, ' took too long') > 0, continuation))
    OR component IN ('etcd') AND (position(message, 'read-only range request ') > 0 OR arrayExists(x_ -> position(x_, 'read-only range request ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'read-only range request ') > 0, continuation)) AND (position(message, ' took too long') > 0 OR arrayExists(x_ -> position(x_, ' took too long') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, ' took too long') > 0, continuation))
    OR component IN ('etcd', 'kube-apiserver') AND (position(message, 'etcdserver: request timed out') > 0 OR arrayExists(x_ -> position(x_, 'etcdserver: request timed out') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'etcdserver: request timed out') > 0, continuation))
    OR component IN ('kube-apiserver') AND (position(message, 'retrying of unary invoker failed') > 0 OR arrayExists(x_ -> position(x_, 'retrying of unary invoker failed') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'retrying of unary invoker failed') > 0, continuation)) AND (position(message, 'DeadlineExceeded') > 0 OR arrayExists(x_ -> position(x_, 'DeadlineExceeded') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'DeadlineExceeded') > 0, continuation))
    OR component IN ('kube-apiserver') AND (position(message, 'Trace[') > 0 OR arrayExists(x_ -> position(x_, 'Trace[') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'Trace[') > 0, continuation)) AND (position(message, ' etcd3') > 0 OR arrayExists(x_ -> position(x_, ' etcd3') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, ' etcd3') > 0, continuation)) AND (position(message, '(total time: ') > 0 OR arrayExists(x_ -> position(x_, '(total time: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, '(total time: ') > 0, continuation)))
ORDER BY time;

-- api-discovery-failed (rule namespace-stuck-terminating): A controller in kube-controller-manager cannot list every API group/version: client-go "unable to retrieve the complete list of server APIs: <group>/<version>: …
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE (component IN ('kube-controller-manager') AND (position(message, 'unable to retrieve the complete list of server APIs: ') > 0 OR arrayExists(x_ -> position(x_, 'unable to retrieve the complete list of server APIs: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'unable to retrieve the complete list of server APIs: ') > 0, continuation))
    OR component IN ('kube-controller-manager') AND (position(message, 'stale GroupVersion discovery: ') > 0 OR arrayExists(x_ -> position(x_, 'stale GroupVersion discovery: ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'stale GroupVersion discovery: ') > 0, continuation))
    OR component IN ('kube-controller-manager') AND (position(message, 'failed to discover some groups') > 0 OR arrayExists(x_ -> position(x_, 'failed to discover some groups') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'failed to discover some groups') > 0, continuation)))
ORDER BY time;

-- namespace-deletion-blocked (rule namespace-stuck-terminating): The namespace controller keeps failing to delete a namespace: "deletion of namespace X failed:" in kube-controller-manager, or GET /api/v1/namespaces/X by the .…
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE (component IN ('kube-controller-manager') AND (position(message, 'deletion of namespace ') > 0 OR arrayExists(x_ -> position(x_, 'deletion of namespace ') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'deletion of namespace ') > 0, continuation))
    OR component IN ('kube-apiserver') AND (position(message, '/api/v1/namespaces/') > 0 OR arrayExists(x_ -> position(x_, '/api/v1/namespaces/') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, '/api/v1/namespaces/') > 0, continuation)) AND (position(message, 'namespace-controller') > 0 OR arrayExists(x_ -> position(x_, 'namespace-controller') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'namespace-controller') > 0, continuation)))
ORDER BY time;

-- namespace-finalized (rule namespace-stuck-terminating): The namespace controller removed the "kubernetes" finalizer: request log PUT /api/v1/namespaces/X/finalize by namespace-controller answered 200.
SELECT time, severity, component, node, toString(pid), file, toString(line), message, `fields.key`, `fields.value`, continuation, `source.path`, toString(`source.line`), structured
FROM default.logs
WHERE component IN ('kube-apiserver') AND (position(message, '/finalize') > 0 OR arrayExists(x_ -> position(x_, '/finalize') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, '/finalize') > 0, continuation)) AND (position(message, 'namespace-controller') > 0 OR arrayExists(x_ -> position(x_, 'namespace-controller') > 0, `fields.value`) OR arrayExists(x_ -> position(x_, 'namespace-controller') > 0, continuation))
ORDER BY time;
