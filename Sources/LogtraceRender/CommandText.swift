import LogtraceCore

/// Splits a remediation step (prose with commands written inline, as rules write them) into
/// prose and shell commands, so the markdown report can put each command verbatim in a fenced
/// `sh` block and the terminal view can name the next command to run.
///
/// A command starts at a known command word (`kubectl`, `etcdctl`, `journalctl`, ...) at the
/// start of the text or after `: `, `, then `, `; ` or `then `, and runs, outside quotes, up to the
/// end of its sentence (`. ` before a capital letter, a final `.`), a `, then `, `; `, or a ` (`
/// that opens a remark. Placeholders left unfilled (`<ns>`) become shell variables (`"$NS"`), so a
/// command block is always valid shell.
public enum CommandText {
    public enum Segment: Equatable, Sendable {
        case prose(String)
        case command(String)
    }

    static let commandWords: Set<String> = [
        "kubectl", "etcdctl", "crictl", "journalctl", "systemctl", "openssl", "curl", "aws", "gcloud", "az",
        "aliyun", "oc", "kubeadm", "helm", "docker", "ctr", "dig", "nslookup", "ssh",
    ]

    public static func split(_ text: String) -> [Segment] {
        let c = Array(text)
        var segments: [Segment] = []
        var prose = ""
        var i = 0
        func startsCommand(at i: Int) -> Bool {
            guard i == 0 || c[i - 1] == " " else { return false }
            var j = i
            while j < c.count, c[j].isLetter { j += 1 }
            guard j > i, j == c.count || c[j] == " " else { return false }
            guard commandWords.contains(String(c[i..<j])) else { return false }
            // Only where a command is introduced: text start, after ':', ',', ';', or "then"/"run".
            let before = String(c[..<i]).trimmingWhitespace()
            return before.isEmpty || before.hasSuffix(":") || before.hasSuffix(",") || before.hasSuffix(";")
                || before.hasSuffix(" then") || before.hasSuffix(" run") || before.hasSuffix(" with") || before == "then" || before == "Run"
        }
        while i < c.count {
            if startsCommand(at: i) {
                var j = i
                var quote: Character?
                var end = c.count
                while j < c.count {
                    let ch = c[j]
                    if let q = quote {
                        if ch == q { quote = nil }
                    } else if ch == "'" || ch == "\"" {
                        quote = ch
                    } else if ch == "." && (j + 1 == c.count || (c[j + 1] == " " && j + 2 < c.count && c[j + 2].isUppercase)) {
                        end = j; break
                    } else if ch == ";" && j + 1 < c.count && c[j + 1] == " " {
                        end = j; break
                    } else if ch == "," && String(c[j..<min(c.count, j + 7)]) == ", then " {
                        end = j; break
                    } else if ch == " " && j + 1 < c.count && c[j + 1] == "(" {
                        end = j; break
                    } else if ch == " " && String(c[j..<min(c.count, j + 5)]) == " and " {
                        end = j; break
                    }
                    j += 1
                }
                let command = String(c[i..<end]).trimmingWhitespace()
                let p = prose.trimmingWhitespace()
                if !p.isEmpty { segments.append(.prose(p)) }
                prose = ""
                segments.append(.command(shellPlaceholders(command)))
                i = end
                // Drop the separator that ended the command when prose would start with it.
                if i < c.count, c[i] == "," || c[i] == ";" || c[i] == "." { i += 1 }
                continue
            }
            prose.append(c[i])
            i += 1
        }
        let p = prose.trimmingWhitespace()
        if !p.isEmpty && p != "." { segments.append(.prose(p)) }
        // "then" left alone between two commands says nothing once they are lines of one block.
        return segments.filter { if case .prose(let s) = $0 { return !["then", ".", ",", "and"].contains(s) }; return true }
    }

    /// The commands of a text, in order.
    public static func commands(_ text: String) -> [String] {
        split(text).compactMap { if case .command(let s) = $0 { return s }; return nil }
    }

    /// `<ns>` -> `"$NS"`, `<version>.<group>` -> `"$VERSION"."$GROUP"`: a placeholder no key
    /// filled becomes a variable the reader sets, instead of a redirection.
    static func shellPlaceholders(_ s: String) -> String {
        var out = ""
        let c = Array(s)
        var i = 0
        var quote: Character?
        while i < c.count {
            let ch = c[i]
            if quote == nil, ch == "<", let close = c[(i + 1)...].firstIndex(of: ">"),
               close > i + 1, c[(i + 1)..<close].allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) {
                let name = String(c[(i + 1)..<close].map { $0 == "-" ? "_" : $0 }).uppercased()
                out += "\"$\(name)\""
                i = close + 1
                continue
            }
            if ch == "'" { quote = quote == nil ? "'" : (quote == "'" ? nil : quote) }
            out.append(ch)
            i += 1
        }
        return out
    }
}
