import ArgumentParser
import Artifacts
import BikeModel
import DeclaredReports
import Foundation
import Stages

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Tool.train.name,
        abstract: "Train the report's network (12 inputs, q hidden units, one ReLU output).",
        discussion: """
            TRAINING and VALIDATION are feature tables from preprocess/split. After each epoch the validation MSE is \
            measured; with early stopping (the default) the run stops when it rises above (1 + tolerance) times the \
            best, or after more than `patience` epochs without a new best, and the model is the best epoch's weights. \
            Without it, every epoch runs and the model is the last epoch's. Epochs are counted from 1; \
            --max-epochs 0 writes the initial weights untrained.

            SETTINGS (`--OPTION VALUE` or `--OPTION=VALUE`; the plan's experiment files name the same settings):
            \(TrainOptions.help)

            The initial weights are uniform on [0, 1), drawn from SplitMix64 seeded with --seed. A run that diverges \
            exits non-zero and writes nothing. On success one line on stderr says what was trained.
            """,
        version: packageVersion)

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "The training and validation feature tables, and any of the settings' options below.",
            valueName: "training-validation-and-settings"))
    var arguments: [String] = []
    @Option(name: .shortAndLong, help: "Where to write MODEL.json.") var output: String

    @Option(
        help: ArgumentHelp(
            "A declared report's folder (reports/NAME): train one of its runs, every seed, as report.json declares it, instead of the report's network.",
            valueName: "folder")) var report: String?
    @Option(name: .customLong("run"), help: "With --report: the run to train, by its name in report.json.")
    var runName: String?

    @Option(help: "Seed of the initial weights (default 0).") var seed: UInt64?
    @Option(
        help:
            "Train several seeds at once, on all cores (e.g. 0-9 or 1,4,7): -o then writes a model set, and a seed that diverges is recorded, not fatal."
    ) var seeds: String?
    @Option(
        name: .customLong("settle"),
        help: ArgumentHelp(
            "With --seeds: add seeds ten at a time while the 90% confidence interval of MEASURE's mean over the seeds is neither inside nor outside VALUE × (1 ± TOLERANCE) (repeatable).",
            valueName: "MEASURE:VALUE:TOLERANCE")) var settleTargets: [String] = []
    @Option(
        name: .customLong("settle-runs"),
        help: ArgumentHelp(
            "With --seeds: add seeds ten at a time while the interval that holds 95% of MEASURE's runs is neither inside nor outside LOW to HIGH at Pocock's level for ALPHA (a conclusion that a run lands inside; repeatable).",
            valueName: "MEASURE:LOW:HIGH:ALPHA")) var settleRuns: [String] = []
    @Option(help: "With --settle or --settle-runs: the most seeds to train.") var maxSeeds: Int?
    @Option(help: "Start from this model's weights instead of random ones.") var initialWeights: String?
    @Option(help: "Also write the loss curve: epoch, training MSE, validation MSE.") var history: String?
    @Flag(
        name: .customLong("training-mse"), inversion: .prefixedNo,
        help: "With --history: the training MSE of every epoch too, a pass over the training rows each epoch.")
    var historyTrainingMSE = true

    /// The settings' options (read by the settings table) and the two feature tables.
    func settingsAndTables() throws -> (TrainOptions, training: String, validation: String) {
        let options: TrainOptions
        do { options = try TrainOptions(parsing: arguments) } catch { throw ValidationError(error.description) }
        if let unknown = options.operands.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw ValidationError("Unknown option '\(unknown)'")
        }
        guard options.operands.count == 2 else {
            throw ValidationError(
                "give two feature tables, TRAINING and VALIDATION; got \(options.operands.count): "
                    + options.operands.map { "\(Quoted($0))" }.joined(separator: " "))
        }
        return (options, options.operands[0], options.operands[1])
    }

    func validate() throws {
        if report != nil || runName != nil {
            guard report != nil, runName != nil else { throw ValidationError("--report and --run go together") }
            guard arguments.isEmpty, seed == nil, seeds == nil, history == nil, initialWeights == nil,
                settleTargets.isEmpty, settleRuns.isEmpty, maxSeeds == nil
            else {
                throw ValidationError(
                    "--report trains what report.json declares: give no tables, settings, seeds or other files")
            }
            return
        }
        _ = try settingsAndTables()
    }

    func run() throws {
        if let report, let run = runName {
            let declaration = try ReportDeclaration.load(folder: report)
            try OutputGuard.check(outputs: [output], inputs: [declaration.file] + declaration.inputFiles)
            let runs = try DeclaredTraining.run(declaration, run: run, output: output)
            try AtomicWrite.makeFolder(FilePath.folder(of: output))
            try AtomicWrite.files([(output, try ArtifactJSON.encode(runs, file: output))])
            let losses = runs.seeds.map(\.validationLoss)
            FileHandle.standardError.write(
                Data(
                    "train: \(declaration.name)/\(run): \(runs.seeds.count) seeds, validation loss \(readable(losses.min()!))–\(readable(losses.max()!))\n"
                        .utf8))
            return
        }
        let (options, training, validation) = try settingsAndTables()
        var settings = options.settings
        if seed != nil && seeds != nil { throw UsageError("give --seed or --seeds, not both") }
        settings.seed = seed ?? 0
        let seedList = try seeds.map { try SeedList($0).values }
        var settle: TrainStage.Settle?
        if !settleTargets.isEmpty || !settleRuns.isEmpty || maxSeeds != nil {
            guard let seedList else { throw UsageError("--settle, --settle-runs and --max-seeds need --seeds") }
            guard let maxSeeds, (seedList.count...10_000).contains(maxSeeds) else {
                throw UsageError(
                    "--max-seeds must be given with --settle or --settle-runs, from the number of --seeds (\(seedList.count)) to 10000"
                )
            }
            guard !(settleTargets.isEmpty && settleRuns.isEmpty) else {
                throw UsageError("--max-seeds needs at least one --settle or --settle-runs")
            }
            settle = TrainStage.Settle(
                targets: try settleTargets.map(TrainStage.Settle.target),
                runsTargets: try settleRuns.map(TrainStage.Settle.runsTarget), firstSeeds: seedList.count,
                maxSeeds: maxSeeds)
        }
        let summary = try TrainStage.run(
            settings: settings, seeds: seedList, settle: settle, trainingPath: training, validationPath: validation,
            output: output,
            historyPath: history, historyTrainingMSE: historyTrainingMSE, initialWeightsPath: initialWeights)
        FileHandle.standardError.write(Data("train: \(summary)\n".utf8))
    }
}

TrainCommand.main()
