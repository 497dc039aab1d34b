// swift-tools-version:6.0
import PackageDescription

// simdjson's On-Demand API is inlined into our scan code and uses the kernel it is compiled
// for: without these flags that is the portable fallback, several times slower. x86-64-v3
// with PCLMUL (AVX2 CPUs, 2013 on) is required on x86_64; other architectures use their own default kernel.
#if arch(x86_64)
let scanFlags = ["-O3", "-march=x86-64-v3", "-mpclmul"]
let checksumFlags = ["-O2", "-msse4.2"]
#else
let scanFlags = ["-O3"]
let checksumFlags = ["-O2"]
#endif

let package = Package(
    name: "runreport",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RunReport", targets: ["RunReport"]),
        .executable(name: "runreport", targets: ["runreport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // The hot event scan: simdjson (Debian libsimdjson-dev) behind a plain C API.
        .target(
            name: "CSimdJSONScan",
            cxxSettings: [.unsafeFlags(scanFlags)],
            linkerSettings: [.linkedLibrary("simdjson")]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // MLflow's SQLite store (mlflow.db), opened read-only.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // CRC-32C for TFRecord and W&B framing: SSE4.2's instruction on x86_64 (in x86-64-v3).
        .target(name: "CChecksum", cSettings: [.unsafeFlags(checksumFlags)]),
        // librsvg and cairo, opened with dlopen on the first PNG (rr_raster.h).
        .target(name: "CRaster", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(
            name: "RunReport",
            dependencies: ["CSimdJSONScan", "CZlib", "CLibXML2", "CRaster", "CChecksum", "CSQLite", .product(name: "Mustache", package: "swift-mustache")],
            // The ingest loop touches class state per event; the runtime exclusivity checks
            // cost more than the work. Debug builds (and tests) keep them.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "runreport",
            dependencies: [
                "RunReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "make-dump", dependencies: ["RunReport"], path: "bench/make-dump"),
        // Fuzz targets (make fuzz builds this with libFuzzer); built plainly, it replays inputs.
        .executableTarget(name: "runreport-fuzz", dependencies: ["RunReport", "CLibXML2", "CSimdJSONScan", "CChecksum", "CZlib"], path: "fuzz",
                          exclude: ["corpus", "regressions", "run.sh"]),
        .testTarget(
            name: "RunReportTests",
            // runreport and runreport-fuzz are listed so that `swift test` builds the binaries
            // the CLI and fuzz regression tests run.
            dependencies: ["RunReport", "CZlib", "CLibXML2", "CChecksum", "runreport", "runreport-fuzz"]
        ),
    ],
    swiftLanguageModes: [.v5],
    cxxLanguageStandard: .cxx17
)
