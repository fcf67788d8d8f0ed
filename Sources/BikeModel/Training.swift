/// Everything that decides a training run besides the data.
public struct TrainingSettings: Codable, Equatable, Sendable {
    public var activation: Activation = .elu
    public var method: GradientDescent = .mgd
    /// eta.
    public var learningRate: Double = GradientDescent.mgd.reportLearningRate
    /// MGD's mini-batch size.
    public var batchSize = 100
    /// q.
    public var hiddenUnits = 5
    public var maxEpochs = 100
    public var earlyStopping = true
    public var patience = 10
    public var tolerance = 0.005
    /// Which exponential the hidden units call: the true one, or the report's program's guard.
    public var exponential = Exponential.exact
    /// The relative improvement of the validation MSE a new best epoch needs: 0 (any
    /// improvement, as the text says) or 0.005 (the report's program).
    public var minImprovement = 0.0
    /// Without early stopping, the epoch whose weights the run reports: the last (as METHOD.md
    /// reads the text) or the best (the report's program keeps the best epoch's copy always).
    public var weightsWithoutStopping = ReportedEpoch.last
    public var seed: UInt64 = 0

    public init() {}

    /// The largest settings accepted: far beyond any run of the report (q = 5, 100 epochs), yet
    /// small enough that a run's memory and time stay bounded (a typo of 1e12 epochs is refused,
    /// not allocated).
    public enum Limits {
        public static let hiddenUnits = 1...1_000
        public static let batchSize = 1...1_000_000
        public static let maxEpochs = 0...100_000
        public static let patience = 0...100_000
        public static let tolerance = 0.0...1_000
        /// Below 1: a new best must stay reachable.
        public static let minImprovement = 0.0...0.5
        /// eta must be positive; this is the smallest accepted.
        public static let learningRate = 1e-12...1_000
    }

    /// Refuses settings that cannot describe a run, before any work.
    public func validate() throws {
        func check<T: Comparable>(_ value: T, _ range: ClosedRange<T>, _ what: String) throws {
            guard range.contains(value) else {
                throw UsageError("\(what) must be from \(range.lowerBound) to \(range.upperBound), got \(value)")
            }
        }
        guard learningRate.isFinite else {
            throw UsageError("the learning rate must be a positive number, got \(learningRate)")
        }
        try check(learningRate, Limits.learningRate, "the learning rate")
        try check(hiddenUnits, Limits.hiddenUnits, "the number of hidden units")
        try check(batchSize, Limits.batchSize, "the batch size")
        try check(maxEpochs, Limits.maxEpochs, "the epoch limit")
        try check(patience, Limits.patience, "the patience")
        guard tolerance.isFinite else {
            throw UsageError("the tolerance must be a number of 0 or more, got \(tolerance)")
        }
        try check(tolerance, Limits.tolerance, "the tolerance")
        guard minImprovement.isFinite else {
            throw UsageError("the minimum improvement must be a number from 0 to 0.5, got \(minImprovement)")
        }
        try check(minImprovement, Limits.minImprovement, "the minimum improvement")
    }
}

/// The network's errors at one epoch; epoch 0 is the untrained network.
public struct Checkpoint: Codable, Equatable, Sendable {
    public var epoch: Int
    public var trainingMSE: Double
    public var validationMSE: Double

    public init(epoch: Int, trainingMSE: Double, validationMSE: Double) {
        self.epoch = epoch
        self.trainingMSE = trainingMSE
        self.validationMSE = validationMSE
    }
}

/// One row of the loss curve; epochs count from 1.
public struct EpochLoss: Codable, Equatable, Sendable {
    public var epoch: Int
    /// Recorded only when asked for: it costs a pass over the training rows.
    public var trainingMSE: Double?
    public var validationMSE: Double

    public init(epoch: Int, trainingMSE: Double?, validationMSE: Double) {
        self.epoch = epoch
        self.trainingMSE = trainingMSE
        self.validationMSE = validationMSE
    }
}

/// What a training run produced.
public struct TrainingRun: Sendable {
    public var settings: TrainingSettings
    /// The model: the best epoch's weights with early stopping, the last epoch's without.
    public var network: Network
    public var best: Checkpoint
    public var last: Checkpoint
    public var epochsRun: Int
    public var stopReason: StopReason
    public var history: [EpochLoss]
    /// The epoch (from 1) at which a loss or weight stopped being finite.
    public var divergedAt: Int?
}

/// Trains the report's network: epochs of the chosen descent, the validation MSE after each,
/// and the early-stopping rule deciding when to stop and which weights to keep. A batch method's
/// epochs in which the hidden layer holds still run its output layer only (`HiddenLayerCache`);
/// `keepsHiddenLayer: false` runs them in full, to the same bits, as the tests compare.
public func train(
    _ settings: TrainingSettings, training: FeatureTable, validation: FeatureTable,
    initial: Network? = nil, recordTrainingMSE: Bool = false, keepsHiddenLayer: Bool = true
) -> TrainingRun {
    let activation = settings.activation, exponential = settings.exponential
    var progress = TrainingProgress(
        settings, network: initial ?? Network(hiddenUnits: settings.hiddenUnits, seed: settings.seed))
    let cache =
        settings.method == .sgd || !keepsHiddenLayer
        ? nil : HiddenLayerCache(hiddenUnits: settings.hiddenUnits, training: training, validation: validation)
    for epoch in 0..<settings.maxEpochs {
        var network = progress.network
        network.trainEpoch(
            training, activation: activation, exponential: exponential, method: settings.method,
            learningRate: settings.learningRate, batchSize: settings.batchSize, loop: .vectorised, cache: cache)
        let validationMSE = network.meanSquaredError(
            validation, activation: activation, exponential: exponential, cache: cache, table: .validation)
        let goesOn = progress.observe(epoch: epoch, after: network, validationMSE: validationMSE) {
            recordTrainingMSE
                ? network.meanSquaredError(
                    training, activation: activation, exponential: exponential, cache: cache, table: .training) : nil
        }
        if !goesOn { break }
    }
    return progress.run(training: training, validation: validation)
}
