/// A signal's `sentence:` (docs/rules.md): what happened, as one sentence with an action verb,
/// filled with this incident's captures. `{name}` is a key's value or the distinct values of the
/// `_name` capture joined with `/`; `{name|text}` falls back to `text` when nothing was captured;
/// `[...]` is an optional part, left out when a placeholder inside it (without a fallback) has no
/// value. A placeholder outside `[...]` without a value and without a fallback reads `?`.
///
///     "{_policy|cloud} policy denies {_api|cloud API calls}[ ({cloud_code})]"
///     -> "RAM policy denies RouteTables (Forbidden.RAM)"
public struct SentenceTemplate: Sendable, Equatable {
    public let text: String

    public init(_ text: String) { self.text = text }

    /// At most this many values of one capture are named (then `…`).
    static let maxValues = 3

    /// The placeholder names the template uses (for `rules check`).
    public var names: [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inner = rest[rest.index(after: open)..<close]
            out.append(String(inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)[0]))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    /// The syntax errors of the template (unbalanced braces or brackets, empty names), for the loader.
    public var problems: [String] {
        var out: [String] = []
        var depth = 0, brace = false
        for c in text {
            switch c {
            case "{": if brace { out.append("'{' inside a placeholder") }; brace = true
            case "}": if !brace { out.append("'}' without '{'") }; brace = false
            case "[" where !brace: depth += 1; if depth > 1 { out.append("nested '['") }
            case "]" where !brace: depth -= 1; if depth < 0 { out.append("']' without '['"); depth = 0 }
            default: break
            }
        }
        if brace { out.append("'{' without '}'") }
        if depth > 0 { out.append("'[' without ']'") }
        if names.contains(where: \.isEmpty) { out.append("empty placeholder '{}'") }
        return out
    }

    /// The sentence for one step: `value(name)` gives the captured values of a name.
    public func fill(_ value: (String) -> [String]) -> String {
        var out = ""
        var segment = ""          // the optional part being built
        var inSegment = false
        var segmentOK = true
        var chars = Substring(text)
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case "[":
                inSegment = true; segment = ""; segmentOK = true
            case "]" where inSegment:
                if segmentOK { out += segment }
                inSegment = false
            case "{":
                guard let close = chars.firstIndex(of: "}") else {
                    if inSegment { segment.append(c) } else { out.append(c) }
                    continue
                }
                let inner = chars[..<close]
                chars = chars[chars.index(after: close)...]
                let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                let values = value(name)
                let filled: String
                if !values.isEmpty {
                    filled = values.prefix(Self.maxValues).joined(separator: "/") + (values.count > Self.maxValues ? "/…" : "")
                } else if parts.count > 1 {
                    filled = String(parts[1])
                } else {
                    if inSegment { segmentOK = false }
                    filled = "?"
                }
                if inSegment { segment += filled } else { out += filled }
            default:
                if inSegment { segment.append(c) } else { out.append(c) }
            }
        }
        if inSegment && segmentOK { out += segment }
        return out
    }

    /// The sentence from a step's keys and `_` captures (`name` looks up the key `name`, then the
    /// captures `name` and `_name`).
    public func fill(keys: [(String, String)], attributes: [String: [String]]) -> String {
        fill { name in
            if let v = keys.first(where: { $0.0 == name })?.1 { return [v] }
            return attributes[name] ?? attributes["_" + name] ?? []
        }
    }
}
