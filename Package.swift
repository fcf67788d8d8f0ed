// swift-tools-version: 6.0
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "bike-report",
    products: [
        .library(name: "BikeDemand", targets: ["BikeDemand"]),
        .executable(name: "preprocess", targets: ["preprocess"]),
        .executable(name: "split", targets: ["split"]),
        .executable(name: "train", targets: ["train"]),
        .executable(name: "evaluate", targets: ["evaluate"]),
        .executable(name: "plot", targets: ["plot"]),
        .executable(name: "report", targets: ["report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The report's logic: data, encoding, split, network, training, metrics, artifacts.
        .target(name: "BikeDemand"),
        // libgd, found through pkg-config; Debian's libgd-dev provides it.
        .systemLibrary(name: "CGD", pkgConfig: "gdlib", providers: [.apt(["libgd-dev"])]),
        // A small drawing layer over libgd that knows nothing of bike sharing.
        .target(name: "Drawing", dependencies: ["CGD"]),
        // The report's figures, drawn with that layer from the pipeline's artifacts.
        .target(name: "Figures", dependencies: ["BikeDemand", "Drawing"]),

        .executableTarget(name: "preprocess", dependencies: ["BikeDemand", argumentParser]),
        .executableTarget(name: "split", dependencies: ["BikeDemand", argumentParser]),
        .executableTarget(name: "train", dependencies: ["BikeDemand", argumentParser]),
        .executableTarget(name: "evaluate", dependencies: ["BikeDemand", argumentParser]),
        .executableTarget(name: "plot", dependencies: ["BikeDemand", "Figures", argumentParser]),
        .executableTarget(name: "report", dependencies: ["BikeDemand", argumentParser]),
        .executableTarget(name: "bench", dependencies: ["BikeDemand"]),

        .testTarget(name: "BikeDemandTests", dependencies: ["BikeDemand"]),
        .testTarget(name: "DrawingTests", dependencies: ["Drawing", "Figures"]),
    ]
)
