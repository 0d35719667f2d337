#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShims

/// The few system calls and libc globals whose Swift spelling differs between Linux (Glibc) and macOS (Darwin).
/// Everything else the core uses (open, stat, pthread, writev) is POSIX and named alike.
public enum Platform {
    /// read(2).
    @inline(__always)
    public static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, buffer, count)
        #else
        return Darwin.read(fd, buffer, count)
        #endif
    }

    /// write(2).
    @inline(__always)
    public static func write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
        #else
        return Darwin.write(fd, buffer, count)
        #endif
    }

    /// The process environment, for posix_spawn's `envp` (Swift's Darwin module has no `environ`).
    public static var environ: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? { lt_environ() }

    /// glibc: freed blocks of at least `bytes` go back to the system at once (`mallopt`
    /// M_MMAP_THRESHOLD), so reused read buffers do not fragment the heap. False where the libc
    /// has no such knob (macOS), or when it refuses.
    @discardableResult
    public static func setMmapThreshold(_ bytes: Int32) -> Bool { lt_set_mmap_threshold(bytes) == 1 }

    /// A file's modification time in seconds (`st_mtim` on Linux, `st_mtimespec` on macOS).
    @inline(__always)
    public static func mtime(_ st: stat) -> Int64 {
        #if canImport(Glibc)
        return Int64(st.st_mtim.tv_sec)
        #else
        return Int64(st.st_mtimespec.tv_sec)
        #endif
    }
}
