/// One logical log file on disk that may be rotated into a set. Pieces are written under temporary
/// names (`<path>.part<N>`) because how many pieces there will be is known only at the end; then they
/// are renamed to their logrotate or kubelet names. A piece is gzipped as soon as two newer pieces
/// exist (it can no longer be the live file or the plain `.1`), so compression overlaps generation.
final class RotatingOutput {
    let path: String
    private let policy: RotationPolicy
    private let gzipLevel: Int
    private var file: OutputFile
    private var pieces: [Piece] = []
    private var jobs: [GzipJob] = []
    private(set) var bytesInPiece = 0

    private struct Piece {
        var temporaryPath: String
        var compressed = false
        /// When the piece was closed (the rotation time, used by kubelet names).
        var closedAt: Micros = 0
    }

    init(path: String, policy: RotationPolicy, gzipLevel: Int) throws {
        self.path = path
        self.policy = policy
        self.gzipLevel = gzipLevel
        let first = "\(path).part0"
        file = try OutputFile(creating: first)
        pieces.append(Piece(temporaryPath: first))
    }

    func write(_ buffer: ByteBuffer) throws {
        try file.write(buffer)
        bytesInPiece += buffer.count
    }

    /// Closes the current piece at time `t` and starts the next one.
    func rotate(at t: Micros) throws {
        try file.close()
        pieces[pieces.count - 1].closedAt = t
        let next = "\(path).part\(pieces.count)"
        file = try OutputFile(creating: next)
        pieces.append(Piece(temporaryPath: next))
        bytesInPiece = 0
        // The piece two behind the new one is now at least the second-newest rotated file.
        if policy.compress && pieces.count >= 3 {
            let index = pieces.count - 3
            jobs.append(try GzipJob(compressing: pieces[index].temporaryPath, level: gzipLevel))
            pieces[index].compressed = true
        }
    }

    /// Closes the last piece, waits for gzip and gives every piece its final name. Returns the final paths, oldest first.
    func finish() throws -> [String] {
        try file.close()
        for job in jobs { try job.wait() }
        jobs.removeAll()
        var finalPaths: [String] = []
        let count = pieces.count
        for (index, piece) in pieces.enumerated() {
            let fromNewest = count - 1 - index
            var name = path
            if fromNewest > 0 {
                switch policy.naming {
                case .logrotate: name = "\(path).\(fromNewest)"
                case .kubelet: name = "\(path).\(kubeletStamp(piece.closedAt))"
                }
            }
            if piece.compressed {
                try renameFile(piece.temporaryPath + ".gz", name + ".gz")
                finalPaths.append(name + ".gz")
            } else {
                try renameFile(piece.temporaryPath, name)
                finalPaths.append(name)
            }
        }
        return finalPaths
    }

    /// kubelet's rotation suffix, `20060102-150405`.
    private func kubeletStamp(_ t: Micros) -> String {
        let c = CivilTime(t)
        return "\(c.year)\(pad2(c.month))\(pad2(c.day))-\(pad2(c.hour))\(pad2(c.minute))\(pad2(c.second))"
    }
}
