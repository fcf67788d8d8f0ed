// swift-tools-version: 6.0
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "bike-report",
    products: [
        .executable(name: "preprocess", targets: ["preprocess"]),
        .executable(name: "split", targets: ["split"]),
        .executable(name: "train", targets: ["train"]),
        .executable(name: "evaluate", targets: ["evaluate"]),
        .executable(name: "plot", targets: ["plot"]),
        .executable(name: "report", targets: ["report"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The seed statistics: spreads, t quantiles, verdicts, the sequential-seeds design, the
        // claims' probabilities and their bounds, the joint tests; and the seeded generator.
        .target(name: "Statistics"),
        // The report's model and data: features, encoding, split, network, training, metrics.
        .target(name: "BikeModel", dependencies: ["Statistics"]),
        // The declared family of networks and data, of which the report's is one member: inputs
        // encoded as a report lists them, any depth and activation, numpy's draws, training by
        // epochs or by batches drawn with replacement. The plain loop, and the lanes that train
        // (one-hot inputs as indices) to the same bits; the report's own network keeps its fast
        // loops in BikeModel.
        .target(name: "GeneralModel", dependencies: ["Statistics", "BikeModel"]),
        // Reports declared as folders (reports/NAME/report.json): their declarations, runs,
        // results, words and plan rules, over the declared family.
        .target(
            name: "DeclaredReports",
            dependencies: ["Statistics", "BikeModel", "GeneralModel", "Artifacts", "Pipeline", "Plan"]),
        // Versioned artifacts: headers, sidecars, digests, sealed JSON, atomic writes, one file
        // per format (feature tables, models, histories, metrics, results).
        .target(name: "Artifacts", dependencies: ["BikeModel", "Statistics"]),
        // The four stages as functions over artifacts: preprocess, split, train, evaluate.
        .target(name: "Stages", dependencies: ["BikeModel", "Artifacts", "Statistics"]),
        // The plan's rules and paths, and its two renderings (make, Makeflow): the one place
        // where declared text is checked and quoted for a make rule or a command line.
        .target(name: "Plan", dependencies: ["BikeModel", "Artifacts"]),
        // The pipeline's declarations: experiments, tables, published numbers, studies, readings,
        // each file checked against its shape, and the one table of training settings' words.
        .target(name: "Pipeline", dependencies: ["Statistics", "BikeModel", "Artifacts", "Stages", "Plan"]),
        // The report's sections, each owning its plan rules, results, checks and words: so the
        // make plan is built here (and rendered by `Plan`), and the report from the runs. Its
        // wording lives here, so rewording it rebuilds only the `report` tool.
        .target(
            name: "ReportBuilder", dependencies: ["Statistics", "BikeModel", "Artifacts", "Stages", "Plan", "Pipeline"]),
        // The gates over a results file: its checks, the drift against a committed one, the
        // number-by-number diff, and the JUnit rendering for CI.
        .target(name: "Gates", dependencies: ["Statistics", "BikeModel", "Artifacts", "Pipeline", "ReportBuilder"]),
        // libgd, found through pkg-config; Debian's libgd-dev provides it.
        .systemLibrary(name: "CGD", pkgConfig: "gdlib", providers: [.apt(["libgd-dev"])]),
        // A small drawing layer over libgd that knows nothing of bike sharing.
        .target(name: "Drawing", dependencies: ["CGD"]),
        // The report's figures, drawn with that layer from the pipeline's artifacts.
        .target(name: "Figures", dependencies: ["BikeModel", "Artifacts", "Drawing"]),

        .executableTarget(name: "preprocess", dependencies: ["BikeModel", "Artifacts", "Stages", argumentParser]),
        .executableTarget(name: "split", dependencies: ["BikeModel", "Artifacts", "Stages", argumentParser]),
        .executableTarget(
            name: "train", dependencies: ["BikeModel", "Artifacts", "Stages", "DeclaredReports", argumentParser]),
        .executableTarget(name: "evaluate", dependencies: ["BikeModel", "Artifacts", "Stages", argumentParser]),
        .executableTarget(name: "plot", dependencies: ["BikeModel", "Artifacts", "Drawing", "Figures", argumentParser]),
        .executableTarget(
            name: "report",
            dependencies: [
                "BikeModel", "Artifacts", "Plan", "Pipeline", "ReportBuilder", "Gates", "DeclaredReports",
                argumentParser
            ]),
        .executableTarget(
            name: "bench",
            dependencies: ["BikeModel", "Artifacts", "Pipeline", "ReportBuilder", "GeneralModel", "DeclaredReports"]),

        // What the tests share: fixtures (the lab's rows encoded and split by the stages, a copy
        // of pipeline/ changed and refused), the built tools' runner, a PNG reader.
        .target(
            name: "TestSupport", dependencies: ["CGD", "Drawing", "BikeModel", "Pipeline"], path: "Tests/TestSupport"),
        // One test target per library, each importing what it tests, in the manner of swift-numerics.
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "BikeModelTests", dependencies: ["BikeModel", "Artifacts", "Statistics", "TestSupport"]),
        .testTarget(
            name: "GeneralModelTests", dependencies: ["GeneralModel", "BikeModel", "Statistics", "TestSupport"]),
        .testTarget(
            name: "DeclaredReportsTests",
            dependencies: ["DeclaredReports", "GeneralModel", "Artifacts", "BikeModel", "Plan", "TestSupport"]),
        .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "BikeModel", "TestSupport"]),
        .testTarget(
            name: "StagesTests", dependencies: ["Stages", "Artifacts", "BikeModel", "Statistics", "TestSupport"]),
        .testTarget(name: "PlanTests", dependencies: ["Plan", "Pipeline", "ReportBuilder", "BikeModel", "TestSupport"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Artifacts", "BikeModel", "Plan", "Stages", "Statistics", "TestSupport"]),
        .testTarget(
            name: "ReportBuilderTests",
            // Gates: ReportTests holds the committed results to `make check`'s gate.
            dependencies: [
                "ReportBuilder", "Gates", "Pipeline", "Plan", "Artifacts", "BikeModel", "Stages", "Statistics",
                "TestSupport"
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "GatesTests",
            dependencies: [
                "Gates", "ReportBuilder", "Pipeline", "Artifacts", "BikeModel", "Stages", "Statistics", "TestSupport"
            ]),
        .testTarget(
            name: "DrawingTests",
            dependencies: ["Drawing", "Figures", "Statistics", "BikeModel", "Artifacts", "TestSupport"]),
        // The tools as a user runs them, in the manner of swift-argument-parser's example tests.
        .testTarget(name: "ExecutableTests", dependencies: ["TestSupport"]),
        // The long runs: the rebuild contract and Makeflow through the real Makefile, the headline
        // trained in full. `make test` skips them; `make test-slow` runs them, and `make check` too.
        .testTarget(name: "EndToEndTests", dependencies: ["BikeModel", "TestSupport"])
    ]
)
