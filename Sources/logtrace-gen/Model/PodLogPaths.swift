/// A stable 32-hex "config hash" for a static pod directory, or a UUID for other pods, derived from a name.
func fakeHash(_ name: String) -> String {
    var rng = SplitMix64(seed: 0x5EED, stream: name)
    let buffer = ByteBuffer(capacity: 40)
    buffer.appendHex(rng.next(), digits: 16)
    buffer.appendHex(rng.next(), digits: 16)
    return buffer.text
}

func fakeUUID(_ name: String) -> String {
    let h = Array(fakeHash(name))
    return String(h[0..<8]) + "-" + String(h[8..<12]) + "-4" + String(h[13..<16]) + "-a" + String(h[17..<20]) + "-" + String(h[20..<32])
}

/// `var/log/pods/<namespace>_<pod>_<uid>/<container>` (static pods use a 32-hex config hash as uid).
func podLogDirectory(namespace: String = "kube-system", pod: String, container: String, staticPod: Bool = true) -> String {
    let uid = staticPod ? fakeHash(pod) : fakeUUID(pod)
    return "var/log/pods/\(namespace)_\(pod)_\(uid)/\(container)"
}
