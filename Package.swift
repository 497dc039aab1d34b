// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "runreport",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RunReport", targets: ["RunReport"]),
        .executable(name: "runreport", targets: ["runreport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The hot event scan: simdjson (Debian libsimdjson-dev) behind a plain C API.
        .target(
            name: "CSimdJSONScan",
            cxxSettings: [.unsafeFlags(["-O3"])],
            linkerSettings: [.linkedLibrary("simdjson")]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "RunReport",
            dependencies: ["CSimdJSONScan", "CZlib"]
        ),
        .executableTarget(
            name: "runreport",
            dependencies: [
                "RunReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "make-dump", dependencies: ["RunReport"], path: "bench/make-dump"),
        .testTarget(
            name: "RunReportTests",
            dependencies: ["RunReport", "CLibXML2"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v5],
    cxxLanguageStandard: .cxx17
)
