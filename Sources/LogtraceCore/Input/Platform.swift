#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls whose Swift spelling differs between Linux (Glibc) and macOS (Darwin).
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
