#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An interned name (a component or a node): an index into one process-wide, append-only table,
/// so a record carries a 4-byte id instead of a reference-counted `String` (copying a record view
/// on the hot path then costs no retain/release). Interning takes a lock; reading never does.
public struct Name: Hashable, Sendable {
    public let id: UInt32

    /// Interns `s`: the same string always gives the same id, in every thread.
    public init(_ s: String) { id = NameTable.shared.intern(s) }

    public var string: String { NameTable.shared.string(id) }
}

/// The table behind `Name`: slots are written once, under the lock, before their id is handed
/// out, and never move (fixed-size chunks), so reading a slot needs no lock.
final class NameTable: @unchecked Sendable {
    static let shared = NameTable()
    static let chunkSize = 1024
    static let maxChunks = 1024
    /// Names past the table's million slots all share this last id.
    static let overflow = "(too many names)"

    private let lock = Lock()
    private var ids: [String: UInt32] = [:]
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<String>?>
    private var count = 0

    private init() {
        chunks = .allocate(capacity: Self.maxChunks)
        chunks.initialize(repeating: nil, count: Self.maxChunks)
    }

    func intern(_ s: String) -> UInt32 {
        lock.withLock {
            if let id = ids[s] { return id }
            let capacity = Self.chunkSize * Self.maxChunks
            if count == capacity - 1 { _ = store(Self.overflow) }
            if count >= capacity { return UInt32(capacity - 1) }
            let id = store(s)
            ids[s] = id
            return id
        }
    }

    private func store(_ s: String) -> UInt32 {
        let c = count / Self.chunkSize
        if chunks[c] == nil { chunks[c] = .allocate(capacity: Self.chunkSize) }
        (chunks[c]! + count % Self.chunkSize).initialize(to: s)
        count += 1
        return UInt32(count - 1)
    }

    @inline(__always)
    func string(_ id: UInt32) -> String {
        let i = Int(id)
        return chunks[i / Self.chunkSize]![i % Self.chunkSize]
    }
}
