import ArgumentParser
import Artifacts
import BikeModel
import Foundation
import Stages

extension Activation: ExpressibleByArgument {}
extension GradientDescent: ExpressibleByArgument {}
extension Exponential: ExpressibleByArgument {}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the report's network (12 inputs, q hidden units, one ReLU output).",
        discussion: """
            TRAIN and VALIDATION are feature tables from preprocess/split. After each epoch the validation MSE is \
            measured; with early stopping (the default) the run stops when it rises above (1 + tolerance) times the \
            best, or after more than `patience` epochs without a new best, and the model is the best epoch's weights. \
            Without it, every epoch runs and the model is the last epoch's. Epochs are counted from 1.

            The initial weights are uniform on [0, 1), drawn from SplitMix64 seeded with --seed. A run that diverges \
            exits non-zero and writes nothing. On success one line on stderr says what was trained.
            """,
        version: packageVersion)

    @Argument(help: "Training feature table.") var training: String
    @Argument(help: "Validation feature table.") var validation: String
    @Option(name: .shortAndLong, help: "Where to write MODEL.json.") var output: String

    @Option(help: "Hidden activation: sigmoid, tanh, relu or elu (a = 0.1).") var activation = TrainingSettings()
        .activation
    @Option(help: "Gradient descent: sgd, bgd or mgd.") var method: GradientDescent = .mgd
    @Option(help: "eta. Default: the report's choice for the method (sgd 2e-6, bgd 1e-3, mgd 1e-4).") var learningRate:
        Double?
    @Option(help: "MGD's mini-batch size.") var batchSize = TrainingSettings().batchSize
    @Option(help: "q, the number of hidden units.") var hiddenUnits = TrainingSettings().hiddenUnits
    @Option(help: "The epoch limit; 0 writes the initial weights untrained.") var maxEpochs = TrainingSettings()
        .maxEpochs
    @Flag(help: "Run every epoch and keep the last weights.") var noEarlyStopping = false
    @Option(help: "Stop after more than this many epochs without a new best.") var patience = TrainingSettings()
        .patience
    @Option(help: "Stop when the validation MSE exceeds (1 + tolerance) × the best.") var tolerance = TrainingSettings()
        .tolerance
    @Option(
        help:
            "A new best epoch needs its validation MSE at most (1 - this) × the best: 0, any improvement, as the report's text says; 0.005 in the report's program."
    ) var minImprovement = TrainingSettings().minImprovement
    @Option(
        help:
            "The exponential the hidden units call: exact (e^x, as the report's text says) or guarded (the report's program: 1e-40 for every input below 100, so sigmoid and tanh units are constants)."
    ) var exponential = TrainingSettings().exponential
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
    @Option(help: "With --settle: the most seeds to train.") var maxSeeds: Int?
    @Option(help: "Start from this model's weights instead of random ones.") var initialWeights: String?
    @Option(help: "Also write the loss curve: epoch, training MSE, validation MSE.") var history: String?
    @Flag(
        name: .customLong("training-mse"), inversion: .prefixedNo,
        help: "With --history: the training MSE of every epoch too, a pass over the training rows each epoch.")
    var historyTrainingMSE = true

    func run() throws {
        var settings = TrainingSettings()
        settings.activation = activation
        settings.method = method
        settings.learningRate = learningRate ?? method.reportLearningRate
        settings.batchSize = batchSize
        settings.hiddenUnits = hiddenUnits
        settings.maxEpochs = maxEpochs
        settings.earlyStopping = !noEarlyStopping
        settings.patience = patience
        settings.tolerance = tolerance
        settings.minImprovement = minImprovement
        settings.exponential = exponential
        if seed != nil && seeds != nil { throw UsageError("give --seed or --seeds, not both") }
        settings.seed = seed ?? 0
        let seedList = try seeds.map(TrainStage.parseSeeds)
        var settle: TrainStage.Settle?
        if !settleTargets.isEmpty || maxSeeds != nil {
            guard let seedList else { throw UsageError("--settle and --max-seeds need --seeds") }
            guard let maxSeeds, (seedList.count...10_000).contains(maxSeeds) else {
                throw UsageError(
                    "--max-seeds must be given with --settle, from the number of --seeds (\(seedList.count)) to 10000")
            }
            guard !settleTargets.isEmpty else { throw UsageError("--max-seeds needs at least one --settle") }
            settle = TrainStage.Settle(
                targets: try settleTargets.map(TrainStage.Settle.target), firstSeeds: seedList.count, maxSeeds: maxSeeds
            )
        }
        let summary = try TrainStage.run(
            settings: settings, seeds: seedList, settle: settle, trainingPath: training, validationPath: validation,
            output: output,
            historyPath: history, historyTrainingMSE: historyTrainingMSE, initialWeightsPath: initialWeights)
        FileHandle.standardError.write(Data("train: \(summary)\n".utf8))
    }
}

TrainCommand.main()
