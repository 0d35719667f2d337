SELECT LogAttributes['log.file.path'] AS p_, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) AS c_, ResourceAttributes['k8s.node.name'] AS n_, count() AS rows_, min(toUnixTimestamp64Micro(Timestamp)) AS first_, max(toUnixTimestamp64Micro(Timestamp)) AS last_
FROM otel.otel_logs
WHERE Timestamp >= toDateTime64('2024-03-12 06:00:00.000000', 6, 'UTC') AND Timestamp <= toDateTime64('2024-03-12 08:00:00.000000', 6, 'UTC') AND (ResourceAttributes['k8s.cluster.name'] = 'prod-1')
GROUP BY p_, c_, n_
ORDER BY p_, c_, n_;

SELECT toUnixTimestamp64Micro(Timestamp), SeverityText, if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName), ResourceAttributes['k8s.node.name'], '', '', '', Body, emptyArrayString(), emptyArrayString(), emptyArrayString(), LogAttributes['log.file.path'], '', NULL
FROM otel.otel_logs
WHERE Timestamp >= toDateTime64('2024-03-12 06:00:00.000000', 6, 'UTC')
  AND Timestamp <= toDateTime64('2024-03-12 08:00:00.000000', 6, 'UTC')
  AND (ResourceAttributes['k8s.cluster.name'] = 'prod-1')
  AND (
  -- webhook-call-failed
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'Failed calling webhook, failing closed') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver', 'kube-events') AND position(Body, 'Internal error occurred: failed calling webhook') > 0)
  OR
  -- webhook-config-changed
  if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, '/apis/admissionregistration.k8s.io/') > 0
  OR
  -- aggregated-api-unavailable
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'failed with:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'loading OpenAPI') > 0 AND position(Body, 'failed with:') > 0 AND position(Body, 'spec') > 0 AND position(Body, 'for') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'changing APIService availability') > 0 AND position(Body, 'newStatus') > 0)
  OR
  -- apiservice-tls-failed
  if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'failed with:') > 0
  OR
  -- apiservice-available
  if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'changing APIService availability') > 0 AND position(Body, 'newStatus') > 0 AND position(Body, 'name') > 0 AND position(Body, 'True') > 0
  OR
  -- metrics-server-down
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'Failed to scrape node') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'unable to fully collect metrics') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'unable to fully scrape metrics') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'Failed probe') > 0 AND position(Body, 'metric-storage-ready') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('metrics-server') AND position(Body, 'panic:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kubelet') AND position(Body, 'CrashLoopBackOff') > 0 AND position(Body, 'metrics-server') > 0 AND position(Body, 'container') > 0 AND position(Body, 'pod') > 0)
  OR
  -- cloud-api-permission-denied
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'Forbidden.RAM') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'not authorized to operate') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'NoPermission') > 0 AND position(Body, 'Code') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'UnauthorizedOperation') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'googleapi: Error 403') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager', 'kube-events') AND position(Body, 'AuthorizationFailed') > 0 AND position(Body, 'ode') > 0)
  OR
  -- route-controller-sync-failed
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Couldn\'t reconcile node routes') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'sync route tables error') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'Sync routes error, requeue') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Reconciling route error') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Could not create route') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-events') AND position(Body, 'Warning FailedToCreateRoute') > 0 AND position(Body, 'Node/') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'could not create route') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'Backoff creating route') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'error create route for node') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'set vpc info error') > 0)
  OR
  -- route-controller-recovered
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager', 'kube-controller-manager') AND position(Body, 'Created route for node') > 0 AND position(Body, 'with') > 0 AND position(Body, 'hint') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('cloud-controller-manager') AND position(Body, 'Created route for') > 0 AND position(Body, 'successfully') > 0 AND position(Body, 'with') > 0)
  OR
  -- etcd-slow-request
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'apply request took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'slow fdatasync') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'failed to send out heartbeat on time') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'waiting for ReadIndex response took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'timed out waiting for read index response') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'etcdserver:') > 0 AND position(Body, 'took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd') AND position(Body, 'read-only range request') > 0 AND position(Body, 'took too long') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('etcd', 'kube-apiserver') AND position(Body, 'etcdserver: request timed out') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'retrying of unary invoker failed') > 0 AND position(Body, 'DeadlineExceeded') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'Trace[') > 0 AND position(Body, 'etcd3') > 0 AND position(Body, '(total time:') > 0)
  OR
  -- api-discovery-failed
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'unable to retrieve the complete list of server APIs:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'stale GroupVersion discovery:') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'failed to discover some groups') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-objects') AND position(Body, 'condition') > 0 AND position(Body, 'NamespaceDeletionDiscoveryFailure') > 0 AND position(Body, 'True') > 0 AND position(Body, 'unable') > 0 AND position(Body, 'retrieve') > 0 AND position(Body, 'the') > 0 AND position(Body, 'complete') > 0 AND position(Body, 'list') > 0 AND position(Body, 'server') > 0 AND position(Body, 'APIs') > 0)
  OR
  -- namespace-deletion-blocked
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-controller-manager') AND position(Body, 'deletion of namespace') > 0 AND position(Body, 'failed') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, '/api/v1/namespaces/') > 0 AND position(Body, 'namespace-controller') > 0)
  OR
  -- namespace-finalized
  if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, '/finalize') > 0 AND position(Body, 'namespace-controller') > 0
  OR
  -- namespace-delete-requested
  (if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'verb') > 0 AND position(Body, 'DELETE') > 0 AND position(Body, 'URI') > 0 AND position(Body, '/api/v1/namespaces/') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'DELETE /api/v1/namespaces/') > 0
    OR if(ResourceAttributes['k8s.container.name'] != '', ResourceAttributes['k8s.container.name'], ServiceName) IN ('kube-apiserver') AND position(Body, 'verb') > 0 AND position(Body, 'delete') > 0)
)
ORDER BY Timestamp, LogAttributes['log.file.path'];
