#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct GeneratorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A file opened for writing with open(2) and filled with write(2); no stdio buffering in between.
struct OutputFile {
    let path: String
    private let fd: Int32

    init(creating path: String) throws {
        try makeDirectories(parentOf: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw GeneratorError("cannot create \(path): \(errnoText())") }
        self.path = path
        self.fd = fd
    }

    func write(_ buffer: ByteBuffer) throws {
        var offset = 0
        while offset < buffer.count {
            let n = posixWrite(fd, buffer.base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw GeneratorError("cannot write \(path): \(errnoText())")
            }
            offset += n
        }
    }

    func close() throws {
        guard posixClose(fd) == 0 else { throw GeneratorError("cannot close \(path): \(errnoText())") }
    }
}

private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

private func posixClose(_ fd: Int32) -> Int32 { close(fd) }

func errnoText() -> String { String(cString: strerror(errno)) }

/// `mkdir -p` for the directory that will hold `path`.
func makeDirectories(parentOf path: String) throws {
    guard let slash = path.lastIndex(of: "/") else { return }
    try makeDirectories(String(path[..<slash]))
}

func makeDirectories(_ directory: String) throws {
    guard !directory.isEmpty else { return }
    var current = directory.hasPrefix("/") ? "" : "."
    for component in directory.split(separator: "/") {
        current += "/" + component
        if mkdir(current, 0o755) != 0 && errno != EEXIST {
            throw GeneratorError("cannot create directory \(current): \(errnoText())")
        }
    }
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

func renameFile(_ from: String, _ to: String) throws {
    guard rename(from, to) == 0 else { throw GeneratorError("cannot rename \(from) to \(to): \(errnoText())") }
}

/// Whether `directory` exists and holds anything.
func directoryHasEntries(_ directory: String) -> Bool {
    guard let dir = opendir(directory) else { return false }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { return true }
    }
    return false
}
