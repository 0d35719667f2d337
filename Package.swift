// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "logtrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "logtrace", targets: ["logtrace"]),
        .executable(name: "logtrace-gen", targets: ["logtrace-gen"]),
        .library(name: "LogtraceCore", targets: ["LogtraceCore", "LogtraceRules", "LogtraceRender"]),
    ],
    // `igzip`: decode .gz with ISA-L's igzip (Debian libisal-dev, about 2.5x zlib's speed) as well as
    // zlib, and prefer it: `swift build -c release --traits igzip`. Off by default, so a build needs
    // only zlib1g-dev (see README "Requirements").
    traits: [
        .trait(name: "igzip", description: "Decode gzip with ISA-L igzip (libisal-dev) in addition to zlib"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries through Debian -dev packages (see README "Requirements").
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // OpenSSL's TLS client for clickhouses:// (Linux; macOS uses URLSession and the keychain).
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"]), .brew(["isa-l"])]),
        // glibc GNU extensions (memmem, memrchr) that Swift's Glibc module does not export; on
        // macOS, memrchr itself (libc lacks it).
        .target(name: "CShims"),
        // SIMD byte kernels Swift cannot express (byte shuffles, mask extraction): Teddy's
        // fingerprint loop and the newline index, for AVX2 and AVX-512, with scalar fallbacks.
        .target(name: "CSIMD"),
        // Byte kernels: literal search (Teddy over CSIMD, Wu-Manber, memmem), SWAR, the newline
        // index, JSON string bytes. No domain types; the only Swift code that works on raw
        // pointers by design (KERNELS.md). Hot entry points are @inlinable.
        .target(
            name: "LogtraceKernels",
            dependencies: ["CShims", "CSIMD"],
            exclude: ["KERNELS.md"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // The engine: input -> parse -> merge -> rules/correlate -> render. No printing, no exit().
        .target(
            name: "LogtraceCore",
            dependencies: [
                "LogtraceKernels",
                "CZlib", .target(name: "CISAL", condition: .when(traits: ["igzip"])),
                // Yams only for kubectl's YAML object documents (Parse/KubeObjects.swift); rule
                // files are read by LogtraceRules.
                "CPCRE2", "CShims", "CSIMD", .product(name: "Yams", package: "Yams"),
                .target(name: "COpenSSL", condition: .when(platforms: [.linux])),
            ],
            // -O (bounds, overflow and precondition checks kept); dynamic exclusivity checks are
            // off in release builds only (debug builds and the tests keep them): on class state
            // changed per record (the NDJSON writer, the parse queues) they cost parse 16% of its
            // instructions (BENCHMARKS.md, "-O for the core").
            swiftSettings: [
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
                .define("LOGTRACE_IGZIP", .when(traits: ["igzip"])),
            ]
        ),
        // Rule loading: rule files (YAML, through Yams) -> the rule model (`RuleFile`, in the core)
        // -> the compiled `RuleSet` the engine runs on; the embedded built-in pack, and the rule
        // authoring tools (lint, docs, example runner). Crossed once per run, before the engine.
        .target(name: "LogtraceRules", dependencies: ["LogtraceCore", .product(name: "Yams", package: "Yams")]),
        // Findings and records -> bytes: the finding renderers (text, JSON, markdown) and the
        // `parse` record writers. Crossed once per run, after the engine; no I/O, no analysis.
        .target(name: "LogtraceRender", dependencies: ["LogtraceCore", "LogtraceKernels"]),
        // Thin command-line front end.
        .executableTarget(
            name: "logtrace",
            dependencies: ["LogtraceCore", "LogtraceRules", "LogtraceRender", "CShims", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Deterministic corpus generator for samples, benchmarks and scale tests. It uses the core
        // only for the wrapper registry (`--rewrap`); nothing in the product depends on it.
        .executableTarget(name: "logtrace-gen", dependencies: ["LogtraceCore"]),
        // The fuzz targets (the stream, the batch pipeline, gzip, the rule loader), a library so the
        // test suite replays their corpora; not part of any product.
        .target(name: "LogtraceFuzz", dependencies: ["LogtraceCore", "LogtraceRules"]),
        // libFuzzer entry (scripts/fuzz.sh builds it with -sanitize=fuzzer); a corpus replayer otherwise.
        .executableTarget(
            name: "logtrace-fuzz",
            dependencies: ["LogtraceFuzz"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .testTarget(
            name: "LogtraceCoreTests",
            dependencies: ["LogtraceCore", "LogtraceRules", "LogtraceRender", "LogtraceKernels", "LogtraceFuzz", .product(name: "Yams", package: "Yams")],
            exclude: ["Golden"]
        ),
        // Each kernel against its reference implementation (KERNELS.md).
        .testTarget(name: "LogtraceKernelsTests", dependencies: ["LogtraceKernels"]),
        // CLI golden cases (Cases/*.case): arguments, input, expected stdout, stderr and exit status,
        // run against the built `logtrace` executable.
        .testTarget(name: "CLIGoldenTests", exclude: ["Cases", "Inputs"]),
    ],
    swiftLanguageModes: [.v5]
)
