/// The cloud whose API an error came from, told by markers in the evidence: it decides which
/// provider-specific remediation steps a finding shows.
public enum CloudProvider: String, Sendable, CaseIterable {
    case alibaba, aws, gcp, azure, hetzner

    private static let markers: [(CloudProvider, [String])] = [
        (.alibaba, ["Forbidden.RAM", "Aliyun API Error", "aliyuncs.com", "alicloud", "SDK.ServerError", "NoPermission"]),
        (.aws, ["UnauthorizedOperation", "amazonaws.com", "AWS cluster", "aws-sdk", "AccessDenied: ", "RequestLimitExceeded"]),
        (.gcp, ["googleapi: ", "compute.routes", "insufficientPermissions", "googleapis.com"]),
        (.azure, ["AuthorizationFailed", "azure", "Azure", "management.azure.com"]),
        (.hetzner, ["hcloud"]),
    ]

    /// The provider with the most evidence lines holding one of its markers (first in case order
    /// on a tie), or nil when no line names a cloud.
    ///
    /// Markers are searched as bytes (`memmem`): every finding built looks through its evidence,
    /// and `tail` builds one per event; Foundation's `contains` was a sixth of `tail`'s
    /// instructions on the incident-dense bench slice.
    public static func detect(in texts: [String]) -> CloudProvider? {
        var best: (CloudProvider, Int)?
        for (p, marks) in needles {
            let n = texts.filter { t in
                var t = t
                return t.withUTF8 { b in marks.contains { $0.occurs(in: UnsafeRawBufferPointer(b)) } }
            }.count
            if n > 0 && (best == nil || n > best!.1) { best = (p, n) }
        }
        return best?.0
    }

    private static let needles: [(CloudProvider, [Needle])] = markers.map { ($0.0, $0.1.map(Needle.init)) }
}
