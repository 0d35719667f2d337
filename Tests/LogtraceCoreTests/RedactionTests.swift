import Foundation
import Testing
@testable import LogtraceCore
@testable import LogtraceRender

/// `--redact` leaves no seeded secret in any format (text, JSON, markdown, stderr), paths
/// included, and names the same value alike everywhere.
@Suite(.serialized) struct RedactionTests {
    /// Each kind the issue lists, with the exact text that must not survive.
    static let secrets: [(kind: String, text: String, mustVanish: [String])] = [
        ("ipv4", "10.0.1.11", ["10.0.1.11"]),
        ("ipv6", "2001:db8::1", ["2001:db8::1"]),
        ("ipv6 loopback", "[::1]:6443", ["::1"]),
        ("ipv6 zone", "[fe80::1%eth0]", ["fe80::1"]),
        ("url password with /", "https://admin:pa/ss@registry.example.com/v2", ["pa/ss", "admin:pa"]),
        ("url password with @", "https://ops:p@ssw0rd@git.example.com", ["p@ssw0rd", "ops:p"]),
        ("url password only", "redis://:hunter22@cache.example.com:6379", [":hunter22", "hunter22"]),
        ("token as url user", "https://ghp_abcdEFGH12345678@github.com/org/repo", ["ghp_abcdEFGH12345678"]),
        ("basic auth", "Authorization: Basic YWRtaW46c2VjcmV0", ["YWRtaW46c2VjcmV0"]),
        ("bearer", "Authorization: Bearer s3cr3tT0kenValue", ["s3cr3tT0kenValue"]),
        ("jwt without bearer", "token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl", ["eyJhbGciOiJSUzI1NiJ9", "c2lnbmF0dXJl"]),
        ("pem", "-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEAsecretkeybody -----END RSA PRIVATE KEY-----", ["MIIEpAIBAAKCAQEAsecretkeybody"]),
        ("client-key-data", "client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRF", ["LS0tLS1CRUdJTiBFQyBQUklWQVRF"]),
        ("aws account", "arn:aws:iam::123456789012:role/ccm account_id=210987654321", ["123456789012", "210987654321"]),
        ("gcp project", "projects/acme-prod-4711/zones/x", ["acme-prod-4711"]),
        ("azure subscription", "subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourceGroups", ["0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"]),
        ("request id", "RequestId: A188F739-58B4-4592-8C79-3E527139C748", ["A188F739-58B4-4592-8C79-3E527139C748"]),
        ("access key", "AKIAIOSFODNN7EXAMPLE LTAI5tAbCdEfGhIjKlMn", ["AKIAIOSFODNN7EXAMPLE", "LTAI5tAbCdEfGhIjKlMn"]),
    ]

    /// Four matching lines (all kept as evidence), each carrying a quarter of the seeds, so no
    /// evidence line is cut before its seeds.
    static func dump() throws -> String {
        var lines: [String] = []
        let groups = stride(from: 0, to: secrets.count, by: 5).map { Array(secrets[$0..<min($0 + 5, secrets.count)]) }
        for (i, g) in groups.enumerated() {
            lines.append("E0312 09:10:\(String(format: "%02d", i * 5)).412223    1126 route_controller.go:133] Couldn't reconcile node routes: RouteTables: Aliyun API Error: Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource. \(g.map(\.text).joined(separator: " "))")
        }
        return try tempDir(["ip-10-0-1-11/var/log/cloud-controller-manager.log": lines.joined(separator: "\n") + "\n"])
    }

    @Test func noSeededSecretSurvivesAnyFormat() throws {
        let dir = try Self.dump()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var outputs: [String: String] = [:]
        for format in ["text", "text -v", "json", "markdown"] {
            let r = try runCLI(["analyze", "--year", "2024", "--redact", "--fail-on", "never", "--format"] + format.split(separator: " ").map(String.init) + [dir])
            #expect(r.status == 0, "\(format): \(r.err)")
            outputs[format] = r.out
            outputs[format + " stderr"] = r.err
        }
        let plain = try runCLI(["analyze", "--year", "2024", "--fail-on", "never", "--format", "json", dir]).out
        for (kind, _, vanish) in Self.secrets {
            for v in vanish {
                let seeded = plain.contains(v)
                #expect(seeded, "\(kind): the seed '\(v)' is not in the unredacted output, so the check proves nothing")
                for (name, out) in outputs {
                    let leaked = out.contains(v)
                    #expect(!leaked, "\(name) leaks \(kind): \(v)")
                }
            }
        }
        for (name, out) in outputs where !name.hasSuffix("stderr") {
            let leaked = out.contains("ip-10-0-1-11")
            #expect(!leaked, "\(name) leaks the node name through a path")
        }
        // The same value gets the same pseudonym in every format: the node directory of the path.
        let json = try JSONSerialization.jsonObject(with: Data(outputs["json"]!.utf8)) as! [String: Any]
        let path = try #require((json["inputs"] as? [[String: Any]])?.first?["path"] as? String)
        let pseudonym = try #require(path.split(separator: "/").first { $0.hasPrefix("host-") }.map(String.init), "no host pseudonym in \(path)")
        #expect(outputs["text -v"]!.contains(pseudonym + "/var/log/cloud-controller-manager.log"))
        #expect(outputs["markdown"]!.contains(pseudonym + "/var/log/cloud-controller-manager.log"))
    }

    @Test func sameValueSamePseudonymAndNoFalseHits() {
        let r = Redactor(hostnames: ["master-1"])
        let a = r.redact("from 10.0.0.7 to 2001:db8::1 on master-1")
        let b = r.redact("again 2001:db8::1 and 10.0.0.7 (master-1)")
        #expect(a == "from ip-2 to ip-1 on host-1")   // IPv6 is looked for before IPv4
        #expect(b == "again ip-1 and ip-2 (host-1)")
        // Clock times, MACs, versions and plain words are not addresses.
        let keep = "E0312 09:10:03.412223 at 12:30:45 mac aa:bb:cc:dd:ee:ff v1.24.17 map[a:b] master-10"
        #expect(r.redact(keep) == keep)
    }
}
