import Foundation
import LogtraceFuzz

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The libFuzzer callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let target = ProcessInfo.processInfo.environment["LOGTRACE_FUZZ_TARGET"] ?? "stream"
    FuzzHarness.run(target, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif

/// With `-DFUZZING -sanitize=fuzzer` (scripts/fuzz.sh): hands control to libFuzzer, target chosen by
/// LOGTRACE_FUZZ_TARGET. Otherwise: replays corpus files (`logtrace-fuzz TARGET FILE...`), the
/// regression mode for kept corpora and crash reproducers.
@main
struct FuzzMain {
    static func main() throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
        #else
        let args = CommandLine.arguments.dropFirst()
        guard let target = args.first else {
            print("usage: logtrace-fuzz stream|gzip|rules FILE_OR_DIR..."); return
        }
        var count = 0
        for path in args.dropFirst() {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            let files = isDir.boolValue ? (try FileManager.default.contentsOfDirectory(atPath: path)).sorted().map { path + "/" + $0 } : [path]
            for f in files {
                FuzzHarness.run(target, Array(try Data(contentsOf: URL(fileURLWithPath: f))))
                count += 1
            }
        }
        print("replayed \(count) inputs for \(target)")
        #endif
    }
}
