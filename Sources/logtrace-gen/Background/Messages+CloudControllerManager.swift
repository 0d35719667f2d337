extension Messages {
    /// Alibaba Cloud's cloud-controller-manager (v1.9.3.x, glog text): service and node controllers.
    static func alibabaCloudControllerManager(_ cluster: ClusterProfile) -> [MessageSpec] {
        let svc = "${pick:ingress-nginx/ingress-nginx-controller|shop/frontend-public|kube-system/nginx-ingress-lb}"
        let nodes = cluster.masters.count + cluster.workers.count
        return [
            MessageSpec("I", "controller.go:291", "controller: endpoints update event, endpoints [\(svc)]", weight: 3),
            MessageSpec("I", "controller.go:159", "controller: enqueue object \(svc) for service", weight: 3),
            MessageSpec("I", "controller.go:247", "[\(svc)] worker: queued sync for service", weight: 3),
            MessageSpec("I", "controller.go:318", "[\(svc)] finished syncing service (${dur:300-1500})", weight: 3),
            MessageSpec("I", "node_controller.go:350", "batch process update node address, length \(nodes)", weight: 2),
            MessageSpec("W", "controller.go:265", "request was throttled: \(svc), retry in next 7500000000 ns", weight: 1),
            MessageSpec("W", "reflector.go:442", #"k8s.io/client-go/informers/factory.go:134: watch of *v1.Endpoints ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding"#, weight: 1),
            MessageSpec("E", "controller.go:270", "requeue: sync error for service \(svc) ensure loadbalancer error: Aliyun API Error: RequestId: ${UUID} Status Code: 400 Code: Throttling.User Message: Request was denied due to user flow control.", weight: 1, corpusOnly: true),
        ]
    }

    /// The upstream (AWS) cloud-controller-manager 1.24: service and node controllers.
    static func awsCloudControllerManager(_ cluster: ClusterProfile) -> [MessageSpec] {
        [
            MessageSpec("I", "controller.go:772", "Syncing backends for all LB services.", weight: 2),
            MessageSpec("I", "controller.go:794", "Successfully updated 1 out of 1 load balancers to direct traffic to the updated set of nodes", weight: 2),
            MessageSpec("I", "aws_loadbalancer.go:1031", #"Instances added to load-balancer ${hex:32}"#, weight: 0.5),
            MessageSpec("W", "reflector.go:442", #"k8s.io/client-go/informers/factory.go:134: watch of *v1.Service ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding"#, weight: 1),
        ]
    }
}
